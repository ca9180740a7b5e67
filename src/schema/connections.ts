import { createHash } from 'node:crypto';
import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import {
  collectFromPages,
  DEFAULT_MAX_AWS_PAGES,
  START,
  type FetchAwsPage,
  type PagePosition,
} from '../aws/paging.js';
import { canonicalRequestKey } from '../aws/read-cache.js';
import { badUserInput, surfacingAwsFailures } from '../gateway-errors.js';

/**
 * Relay connections over CloudTrail's NextToken paging, for any list operation.
 *
 * A cursor is opaque to clients: base64url JSON holding the AWS NextToken of the page where the next
 * item lives, the index of that item in the page, the connection's cursor state if it has one, and a
 * digest of the connection's name, arguments and state. A cursor used with other arguments than
 * those it was issued for is refused, since the AWS token inside it would page a different list
 * (AWS: "This token must be passed in with the same parameters that were specified in the original
 * call").
 *
 * A page may hold fewer than `first` items, even none, while `hasNextPage` is true: a walk reads at
 * most a few AWS pages (DEFAULT_MAX_AWS_PAGES) and, when they held too few items the client wants
 * (a filtered list), stops with an `endCursor` at the next unread AWS page.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** What a description of a NextToken connection says about short pages. */
export const SHORT_PAGES_NOTE =
  'A page may hold fewer than `first` items, even none, while `pageInfo.hasNextPage` is true: keep paging with `after: pageInfo.endCursor`.';

/** JSON values: what a cursor can carry. */
export type CursorState = string | number | boolean | null | CursorState[] | { [key: string]: CursorState };

export interface NextTokenConnectionOptions<Item, Node, State extends CursorState | undefined = undefined> {
  /** The connection arguments Pothos passes to a `t.connection` resolver. */
  args: DefaultConnectionArguments;
  /** Names the list, so that a cursor of one connection is refused by another. */
  connection: string;
  /** The client's arguments besides the paging ones that shape the list: region, filters... */
  boundTo: unknown;
  /**
   * Computes, on the first page only, what the AWS request derives from the moment of the first call
   * (a time window ending "now"...). It travels inside the cursors and is handed back to `fetchPage`
   * on every later page, so a cursor issued a minute ago resumes the very same AWS request. It must
   * be JSON (dates as ISO strings or epoch numbers); the first page sees it after a JSON round trip
   * too, exactly as later pages do.
   */
  state?: () => State | Promise<State>;
  /** Fetches one AWS page. Keep the request identical across pages except for the NextToken. */
  fetchPage: FetchAwsPage<Item, State>;
  /**
   * Turns the collected items into nodes, in order, e.g. by batching them through a DataLoader.
   * A null node (the item vanished between the list call and the load) drops its edge.
   */
  toNodes?: (items: Item[]) => Promise<(Node | null)[]> | (Node | null)[];
  defaultFirst?: number;
  maxFirst?: number;
  /** AWS pages read at most per request (default DEFAULT_MAX_AWS_PAGES). */
  maxAwsPages?: number;
}

export interface NextTokenConnection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/**
 * The page size a client asked for, checked before any AWS call. 0 is allowed (Relay requires an
 * error for a negative `first` only) and reads nothing.
 */
export function validatePageSize(
  args: DefaultConnectionArguments,
  defaultFirst = DEFAULT_PAGE_SIZE,
  maxFirst = MAX_PAGE_SIZE,
): number {
  if (args.last != null || args.before != null) {
    throw badUserInput(
      'This connection pages forward only, because CloudTrail pages forward only: use `first` and `after`, not `last` or `before`.',
    );
  }
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 0 || first > maxFirst) {
    throw badUserInput(`\`first\` must be between 0 and ${maxFirst}; got ${first}.`);
  }
  return first;
}

function argumentsDigest(connection: string, boundTo: unknown, state: CursorState | undefined): string {
  // Without state the digest is the one cursors carried before state existed, so they stay valid.
  const key = state === undefined ? { connection, boundTo } : { connection, boundTo, state };
  return createHash('sha256').update(canonicalRequestKey(key)).digest('base64url').slice(0, 22);
}

interface CursorBody {
  /** Digest of the connection name, arguments and state. */
  h: string;
  /** NextToken of the page holding the next item; absent for the first page. */
  t?: string;
  /** Index of the next item in that page. */
  i?: number;
  /** Set when nothing follows. */
  e?: 1;
  /** The connection's cursor state, when it has one. */
  s?: CursorState;
}

/** Where a cursor resumes, and the cursor state it carries. */
export interface DecodedCursor {
  position: PagePosition;
  state: CursorState | undefined;
}

export function encodeCursor(
  connection: string,
  boundTo: unknown,
  state: CursorState | undefined,
  position: PagePosition,
): string {
  return cursorEncoder(connection, boundTo, state)(position);
}

/**
 * Encodes cursors of one connection answer. The digest (canonical JSON of the arguments, then
 * SHA-256) is the costly part and the same for every cursor of the answer, so it is computed once,
 * on the first cursor asked for, and not at all when the client selects no cursor.
 */
export function cursorEncoder(
  connection: string,
  boundTo: unknown,
  state: CursorState | undefined,
): (position: PagePosition) => string {
  let h: string | undefined;
  return (position) => {
    h ??= argumentsDigest(connection, boundTo, state);
    const body: CursorBody = position.done
      ? { h, e: 1 }
      : { h, ...(position.token !== undefined ? { t: position.token } : {}), i: position.index };
    if (state !== undefined) body.s = state;
    return Buffer.from(JSON.stringify(body)).toString('base64url');
  };
}

/**
 * An edge whose cursor is encoded when read: a chart selecting `node { timestamp value }` over
 * 1,000 points never pays for 1,000 cursors it does not want. (Pothos exposes `cursor` as a plain
 * property read, which the getter answers.)
 */
class LazyCursorEdge<Node> {
  constructor(
    readonly node: Node,
    private readonly position: PagePosition,
    private readonly encode: (position: PagePosition) => string,
  ) {}

  get cursor(): string {
    return this.encode(this.position);
  }
}

export function decodeCursor(cursor: string, connection: string, boundTo: unknown): DecodedCursor {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw badUserInput('The `after` cursor is not a cursor of this connection.');
  }
  if (typeof body !== 'object' || body === null || typeof body.h !== 'string') {
    throw badUserInput('The `after` cursor is not a cursor of this connection.');
  }
  if (body.h !== argumentsDigest(connection, boundTo, body.s)) {
    throw badUserInput(
      'The `after` cursor was issued for other arguments of this field (or another field). Page with the same arguments the cursor came from, or start again without `after`.',
    );
  }
  if (body.e === 1) return { position: { done: true }, state: body.s };
  if (!Number.isInteger(body.i) || (body.i as number) < 0 || (body.t !== undefined && typeof body.t !== 'string')) {
    throw badUserInput('The `after` cursor is not a cursor of this connection.');
  }
  return { position: { done: false, token: body.t, index: body.i as number }, state: body.s };
}

/** The state a connection hands to fetchPage: from the cursor, else computed now, as JSON. */
async function cursorState<State extends CursorState | undefined>(
  compute: (() => State | Promise<State>) | undefined,
  fromCursor: DecodedCursor | undefined,
): Promise<State> {
  if (compute === undefined) return undefined as State;
  if (fromCursor !== undefined) {
    if (fromCursor.state === undefined) throw badUserInput('The `after` cursor is not a cursor of this connection.');
    return fromCursor.state as State;
  }
  const computed = await compute();
  return (computed === undefined ? undefined : JSON.parse(JSON.stringify(computed))) as State;
}

/**
 * Resolves a forward Relay connection over a NextToken API: validates the arguments, walks only the
 * AWS pages needed for `first` items from the `after` position (at most `maxAwsPages` of them), and
 * issues cursors that resume there.
 *
 * Every AWS call of the request happens before this returns, so a failure on any AWS page (the first
 * one or one reached from `after`) nulls the connection with a GraphQL error carrying the AWS code
 * (awsFailureAsGraphQLError, in gateway-errors.ts); the items read before the failure are not returned, and the client
 * retries with the same `after`.
 */
export async function resolveNextTokenConnection<
  Item,
  Node = Item,
  State extends CursorState | undefined = undefined,
>(options: NextTokenConnectionOptions<Item, Node, State>): Promise<NextTokenConnection<Node>> {
  const first = validatePageSize(options.args, options.defaultFirst, options.maxFirst);
  const { connection, boundTo } = options;
  const after = options.args.after;
  const decoded = after == null ? undefined : decodeCursor(after, connection, boundTo);
  const from = decoded?.position ?? START;

  if (first === 0) {
    // Nothing to read: no AWS call. Whether items follow is unknown without one, so the answer is
    // "maybe" unless the cursor marks the end, with an endCursor that resumes where this one would.
    return {
      edges: [],
      pageInfo: { hasNextPage: !from.done, hasPreviousPage: after != null, startCursor: null, endCursor: after ?? null },
    };
  }

  const walk = async () => {
    const state = await cursorState(options.state, decoded);
    const walked = await collectFromPages(
      from,
      first,
      (token) => options.fetchPage(token, state),
      options.maxAwsPages ?? DEFAULT_MAX_AWS_PAGES,
    );
    const items = walked.items.map((c) => c.item);
    const nodes = options.toNodes ? await options.toNodes(items) : (items as unknown as Node[]);
    return { state, collected: walked, nodes };
  };
  const { state, collected, nodes } = await surfacingAwsFailures(walk);

  const cursorAt = cursorEncoder(connection, boundTo, state);
  const edges: NextTokenConnection<Node>['edges'] = [];
  collected.items.forEach((c, k) => {
    const node = nodes[k];
    if (node !== null && node !== undefined) edges.push(new LazyCursorEdge(node, c.after, cursorAt));
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: collected.hasMore,
      hasPreviousPage: after != null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      // Where the walk stopped, even past items whose node was dropped or pages with no item, so
      // that paging always moves on.
      get endCursor() {
        return collected.hasMore || collected.items.length > 0 ? cursorAt(collected.next) : null;
      },
    },
  };
}
