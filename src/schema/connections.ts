import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import { CloudTrailServiceException, isRetryable } from '../aws/exceptions.js';
import { collectFromPages, START, type FetchAwsPage, type PagePosition } from '../aws/paging.js';
import { canonicalRequestKey } from '../aws/read-cache.js';

/**
 * Relay connections over CloudTrail's NextToken paging, for any list operation.
 *
 * A cursor is opaque to clients: base64url JSON holding the AWS NextToken of the page where the next
 * item lives, the index of that item in the page, and a digest of the connection's name and
 * arguments. A cursor used with other arguments than those it was issued for is refused, since the
 * AWS token inside it would page a different list (AWS: "This token must be passed in with the same
 * parameters that were specified in the original call").
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface NextTokenConnectionOptions<Item, Node> {
  /** The connection arguments Pothos passes to a `t.connection` resolver. */
  args: DefaultConnectionArguments;
  /** Names the list, so that a cursor of one connection is refused by another. */
  connection: string;
  /** Every argument besides the paging ones that shapes the list: region, filters, time range... */
  boundTo: unknown;
  /** Fetches one AWS page. Keep the request identical across pages except for the NextToken. */
  fetchPage: FetchAwsPage<Item>;
  /**
   * Turns the collected items into nodes, in order, e.g. by batching them through a DataLoader.
   * A null node (the item vanished between the list call and the load) drops its edge.
   */
  toNodes?: (items: Item[]) => Promise<(Node | null)[]> | (Node | null)[];
  defaultFirst?: number;
  maxFirst?: number;
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

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * For fields without an error union (connections, nested fields): an AWS failure becomes a GraphQL
 * error the client can act on, `extensions.code` being the AWS error code (`ThrottlingException`...),
 * instead of being masked as an unexpected error. Anything else is rethrown as is.
 */
export function awsFailureAsGraphQLError(error: unknown): never {
  if (error instanceof CloudTrailServiceException) {
    throw new GraphQLError(error.message, {
      extensions: {
        code: error.name,
        retryable: isRetryable(error),
        awsRequestId: error.$metadata?.requestId ?? null,
      },
    });
  }
  throw error;
}

/** Runs `load`, turning an AWS failure into a GraphQL error (see awsFailureAsGraphQLError). */
export async function surfacingAwsFailures<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    return awsFailureAsGraphQLError(error);
  }
}

/** The page size a client asked for, checked before any AWS call. */
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
  if (!Number.isInteger(first) || first < 1 || first > maxFirst) {
    throw badUserInput(`\`first\` must be between 1 and ${maxFirst}; got ${first}.`);
  }
  return first;
}

function argumentsDigest(connection: string, boundTo: unknown): string {
  return createHash('sha256').update(canonicalRequestKey({ connection, boundTo })).digest('base64url').slice(0, 22);
}

interface CursorBody {
  /** Digest of the connection name and arguments. */
  h: string;
  /** NextToken of the page holding the next item; absent for the first page. */
  t?: string;
  /** Index of the next item in that page. */
  i?: number;
  /** Set when nothing follows. */
  e?: 1;
}

export function encodeCursor(digest: string, position: PagePosition): string {
  const body: CursorBody = position.done
    ? { h: digest, e: 1 }
    : { h: digest, ...(position.token !== undefined ? { t: position.token } : {}), i: position.index };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, digest: string): PagePosition {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw badUserInput('The `after` cursor is not a cursor of this connection.');
  }
  if (typeof body !== 'object' || body === null || typeof body.h !== 'string') {
    throw badUserInput('The `after` cursor is not a cursor of this connection.');
  }
  if (body.h !== digest) {
    throw badUserInput(
      'The `after` cursor was issued for other arguments of this field (or another field). Page with the same arguments the cursor came from, or start again without `after`.',
    );
  }
  if (body.e === 1) return { done: true };
  if (!Number.isInteger(body.i) || (body.i as number) < 0 || (body.t !== undefined && typeof body.t !== 'string')) {
    throw badUserInput('The `after` cursor is not a cursor of this connection.');
  }
  return { done: false, token: body.t, index: body.i as number };
}

/**
 * Resolves a forward Relay connection over a NextToken API: validates the arguments, walks only the
 * AWS pages needed for `first` items from the `after` position, and issues cursors that resume there.
 */
export async function resolveNextTokenConnection<Item, Node = Item>(
  options: NextTokenConnectionOptions<Item, Node>,
): Promise<NextTokenConnection<Node>> {
  const first = validatePageSize(options.args, options.defaultFirst, options.maxFirst);
  const digest = argumentsDigest(options.connection, options.boundTo);
  const after = options.args.after;
  const from = after == null ? START : decodeCursor(after, digest);

  const { collected, nodes } = await surfacingAwsFailures(async () => {
    const walked = await collectFromPages(from, first, options.fetchPage);
    const items = walked.items.map((c) => c.item);
    return { collected: walked, nodes: options.toNodes ? await options.toNodes(items) : (items as unknown as Node[]) };
  });

  const edges: NextTokenConnection<Node>['edges'] = [];
  collected.items.forEach((c, k) => {
    const node = nodes[k];
    if (node !== null && node !== undefined) edges.push({ cursor: encodeCursor(digest, c.after), node });
  });
  const lastWalked = collected.items.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage: collected.hasMore,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      // After the last item walked, even when its node was dropped, so that paging always moves on.
      endCursor: lastWalked ? encodeCursor(digest, lastWalked.after) : null,
    },
  };
}
