import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AwsCallRefusedError } from '../aws/call-refusals.js';
import { CloudTrailServiceException, isRetryable } from '../aws/exceptions.js';
import type { AwsPage, PagePosition } from '../aws/paging.js';
import { mergeShardPages, type MergedItem } from '../aws/shard-merge.js';
import { canonicalRequestKey } from '../aws/read-cache.js';
import type { AccountReads } from '../loaders/organization.js';
import { validatePageSize, type CursorState } from './connections.js';
import { badUserInput } from '../gateway-errors.js';
import type { GatewayContext, ShardCursorSettings } from './context.js';
import { asFailedShardRefs, failedShard, FailedShardError, FailedShardRef, type FailedShard, type Shard } from './organization-scope.js';
import type { builder } from './builder.js';

/**
 * A Relay connection over many shards (account-Regions) at once, merged into one order, with
 * cursors that carry every shard's position (its NextToken and the index in that page), so a page
 * taken across 50 shards resumes each where it stopped. A shard that fails is reported in
 * `failedShards` beside the items of the others, never failing the whole field.
 *
 * Cursor: base64url of deflated JSON `{ h, s?, p }`: `p` one entry per shard, in the scope's order
 * (0: done, 1: at its start, `[token, index]` otherwise), `s` the connection's state (a time
 * window fixed on the first page), and `h` a digest of the connection, its arguments, its shards,
 * the state and the positions, so a cursor of other arguments, or one altered, is refused. With
 * CURSOR_SECRET the digest is an HMAC, so it cannot be recomputed for altered positions. A cursor
 * longer than a request may carry (MAX_INPUT_STRING_LENGTH) is kept (src/fleet/cursor-store.ts)
 * and handed out as `ref.<digest>`.
 */

/** Longest `after` a sharded connection decodes (about 150 shards deep into their pages), and the longest it inflates to. */
export const MAX_SHARD_CURSOR_CHARS = 32_768;
const MAX_SHARD_CURSOR_JSON_BYTES = 256 * 1024;

export type { FailedShard };

export interface ShardedConnection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  failedShards: FailedShard[];
}

export interface ShardItem<Item> {
  item: Item;
  shard: Shard;
}

export interface ShardedConnectionOptions<Item, Node, State extends CursorState | undefined> {
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null };
  connection: string;
  boundTo: unknown;
  shards: readonly Shard[];
  ctx: GatewayContext;
  /** Computed on the first page, carried in the cursors (see resolveNextTokenConnection). */
  state?: () => State;
  fetchPage: (shard: Shard, reads: AccountReads, nextToken: string | undefined, state: State) => Promise<AwsPage<Item>>;
  compare: (a: ShardItem<Item>, b: ShardItem<Item>) => number;
  toNodes: (items: ShardItem<Item>[]) => Promise<(Node | null)[]>;
  defaultFirst?: number;
  maxFirst?: number;
  maxPagesPerShard?: number;
}

type EncodedPosition = 0 | 1 | [string | null, number];

function encodePosition(position: PagePosition): EncodedPosition {
  if (position.done) return 0;
  if (position.token === undefined && position.index === 0) return 1;
  return [position.token ?? null, position.index];
}

function decodePosition(value: unknown): PagePosition | undefined {
  if (value === 0) return { done: true };
  if (value === 1) return { done: false, token: undefined, index: 0 };
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [token, index] = value as unknown[];
  if ((token !== null && (typeof token !== 'string' || token === '')) || !Number.isInteger(index) || (index as number) < 0) return undefined;
  return { done: false, token: token ?? undefined, index: index as number };
}

/**
 * Binds a cursor to its connection, arguments, shards, state and positions. With CURSOR_SECRET an
 * HMAC-SHA256 (the full 256 bits): a client cannot make a cursor with other shard tokens or
 * positions. Without it a SHA-256 anyone can recompute: it refuses cursors of other arguments and
 * accidental damage, not a forger.
 */
function digest(connection: string, boundTo: unknown, shards: readonly Shard[], state: unknown, positions: EncodedPosition[], secret: string | undefined): string {
  const key = canonicalRequestKey({ connection, boundTo, shards: shards.map((s) => `${s.accountId}/${s.region}`), state: state ?? null, positions });
  if (secret !== undefined) return createHmac('sha256', secret).update(key).digest('base64url');
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

function encodeCursor(connection: string, boundTo: unknown, shards: readonly Shard[], state: unknown, positions: readonly PagePosition[], secret: string | undefined): string {
  const p = positions.map(encodePosition);
  const body = { h: digest(connection, boundTo, shards, state, p, secret), ...(state !== undefined ? { s: state } : {}), p };
  return deflateRawSync(JSON.stringify(body)).toString('base64url');
}

const notACursor = () => badUserInput('The `after` cursor is not a cursor of this connection.');

/** A kept cursor's reference: `ref.` and the cursor's digest (`.` is not in base64url, so no inline cursor looks like one). */
const REFERENCE = /^ref\.([\w-]{43})$/;

/**
 * The cursor a client gets: as is, or, past what a request may carry, kept and referenced. The
 * store takes the cursor before this returns (in this process at once; Redis's SET is sent at
 * once too, long before the client can send the reference back), so the reference is handed out
 * without waiting.
 */
function handedOut(cursor: string, settings: ShardCursorSettings | undefined): string {
  if (settings === undefined || cursor.length <= settings.inlineMaxChars) return cursor;
  const key = (settings.secret !== undefined ? createHmac('sha256', settings.secret) : createHash('sha256')).update(cursor).digest('base64url');
  void settings.store.put(key, cursor);
  return `ref.${key}`;
}

/** The cursor a client sent back: itself, or the kept one its reference names (up to the inflated size bound). */
async function takenBack(after: string, settings: ShardCursorSettings | undefined): Promise<{ cursor: string; kept: boolean }> {
  const reference = REFERENCE.exec(after);
  if (!reference) return { cursor: after, kept: false };
  const cursor = await settings?.store.get(reference[1] as string);
  if (cursor === undefined) {
    throw badUserInput('The `after` cursor is no longer kept (long cursors are kept for an hour): start again without `after`.');
  }
  return { cursor, kept: true };
}

function decodeCursor(
  cursor: string,
  connection: string,
  boundTo: unknown,
  shards: readonly Shard[],
  secret: string | undefined,
  kept: boolean,
): { positions: PagePosition[]; state: CursorState | undefined } {
  // A cursor the gateway kept itself may be longer than one a client may send.
  if ((!kept && cursor.length > MAX_SHARD_CURSOR_CHARS) || !/^[\w-]+$/.test(cursor)) throw notACursor();
  let body: { h?: unknown; s?: CursorState; p?: unknown };
  try {
    body = JSON.parse(inflateRawSync(Buffer.from(cursor, 'base64url'), { maxOutputLength: MAX_SHARD_CURSOR_JSON_BYTES }).toString('utf8')) as typeof body;
  } catch {
    throw notACursor();
  }
  if (typeof body !== 'object' || body === null || typeof body.h !== 'string' || !Array.isArray(body.p)) throw notACursor();
  if (body.p.length !== shards.length) {
    throw badUserInput('The `after` cursor was issued for another scope or other arguments. Page with the same arguments the cursor came from, or start again without `after`.');
  }
  const positions = body.p.map(decodePosition);
  if (positions.some((p) => p === undefined)) throw notACursor();
  const expected = Buffer.from(digest(connection, boundTo, shards, body.s, body.p as EncodedPosition[], secret));
  const given = Buffer.from(body.h);
  // Compared in constant time: a forger learns nothing from how long a refusal took.
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw badUserInput(
      'The `after` cursor was issued for other arguments of this field, or was altered. Page with the same arguments the cursor came from, or start again without `after`.',
    );
  }
  return { positions: positions as PagePosition[], state: body.s };
}

/** The error of a shard as a client sees it: the AWS code, whether a retry may succeed, AWS's request id. */
export function failedShardOf(shard: Shard, error: unknown): FailedShard {
  if (error instanceof FailedShardError) return failedShard(error, error);
  if (error instanceof CloudTrailServiceException) {
    return failedShard(shard, {
      code: error.name,
      message: error.message,
      retryable: isRetryable(error),
      awsRequestId: error.$metadata?.requestId ?? null,
    });
  }
  if (error instanceof AwsCallRefusedError) {
    const extensions = error.extensions();
    return failedShard(shard, { code: error.code, message: error.message, retryable: extensions.retryable === true, awsRequestId: null });
  }
  throw error;
}

/** Resolves a sharded connection: validates, reads the fewest pages, merges, reports failed shards. */
export async function resolveShardedConnection<Item, Node, State extends CursorState | undefined = undefined>(
  options: ShardedConnectionOptions<Item, Node, State>,
): Promise<ShardedConnection<Node>> {
  const { connection, boundTo, shards, ctx } = options;
  const first = validatePageSize(options.args, options.defaultFirst, options.maxFirst);
  const after = options.args.after;
  const cursors = ctx.shardCursors;
  let decoded: ReturnType<typeof decodeCursor> | undefined;
  if (after != null) {
    const { cursor, kept } = await takenBack(after, cursors);
    decoded = decodeCursor(cursor, connection, boundTo, shards, cursors?.secret, kept);
  }
  let state: State;
  if (options.state === undefined) state = undefined as State;
  else if (decoded !== undefined) {
    if (decoded.state === undefined) throw notACursor();
    state = decoded.state as State;
  } else state = JSON.parse(JSON.stringify(options.state())) as State;

  const from = decoded?.positions ?? shards.map((): PagePosition => ({ done: false, token: undefined, index: 0 }));
  const organization = ctx.organization;
  if (!organization) throw badUserInput('`scope` needs member accounts: the gateway has no ORG_ACCOUNTS configured.');
  const merged = await mergeShardPages<ShardItem<Item>>({
    from,
    wanted: first,
    fetchPage: async (index, token) => {
      const shard = shards[index] as Shard;
      if (shard.failure !== undefined) throw shard.failure;
      const reads = organization.forAccount(shard.accountId);
      if (!reads) throw badUserInput(`Account ${shard.accountId} is not one the gateway reads.`);
      const page = await options.fetchPage(shard, reads, token, state);
      return { items: page.items.map((item) => ({ item, shard })), nextToken: page.nextToken };
    },
    compare: options.compare,
    maxPagesPerShard: options.maxPagesPerShard ?? 5,
  });
  const failedShards = merged.failures.map((f) => failedShardOf(shards[f.shard] as Shard, f.error));
  const nodes = await options.toNodes(merged.items.map((m) => m.item));
  const cursorAt = (positions: readonly PagePosition[]) => handedOut(encodeCursor(connection, boundTo, shards, state, positions, cursors?.secret), cursors);
  const edges: ShardedConnection<Node>['edges'] = [];
  merged.items.forEach((m: MergedItem<ShardItem<Item>>, k) => {
    const node = nodes[k];
    if (node === null || node === undefined) return;
    // Encoded when read: a page that selects no cursor costs no deflate.
    edges.push({
      node,
      get cursor() {
        return cursorAt(m.after);
      },
    });
  });
  return {
    edges,
    failedShards,
    pageInfo: {
      hasNextPage: merged.hasMore,
      hasPreviousPage: after != null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return merged.hasMore || merged.items.length > 0 ? cursorAt(merged.next) : null;
      },
    },
  };
}

type ConnectionFieldBuilder = Parameters<Parameters<typeof builder.objectFields>[1]>[0];

/** `failedShards` on a connection type that takes a `scope`: empty for a read of the gateway's own account. */
export function failedShardsField(t: ConnectionFieldBuilder) {
  return t.field({
    type: [FailedShardRef],
    description:
      'With `scope`: the account-Regions that did not answer, each with its AWS error; the edges hold what the others answered. Their position is kept in `endCursor`, so nothing of theirs is skipped; retry with the same `after` for a complete page. Empty without `scope`.',
    resolve: (connection: object) => asFailedShardRefs((connection as { failedShards?: FailedShard[] }).failedShards ?? []),
  });
}
