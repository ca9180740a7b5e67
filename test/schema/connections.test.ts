import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { ThrottlingException } from '@aws-sdk/client-cloudtrail';
import { collectFromPages, DEFAULT_MAX_AWS_PAGES, START, type AwsPage } from '../../src/aws/paging.js';
import { resolveNextTokenConnection, type NextTokenConnection } from '../../src/schema/connections.js';

/**
 * A NextToken API over `total` numbered items in pages of `pageSize`, recording the tokens it is
 * called with. Tokens are the offset of the page as a string, as opaque to the code under test as
 * AWS's own.
 */
function numberedPages(total: number, pageSize: number) {
  const calls: (string | undefined)[] = [];
  const fetchPage = async (token: string | undefined): Promise<AwsPage<number>> => {
    calls.push(token);
    const start = token === undefined ? 0 : Number(token);
    const end = Math.min(total, start + pageSize);
    const items = Array.from({ length: end - start }, (_, k) => start + k);
    return end < total ? { items, nextToken: String(end) } : { items };
  };
  return { calls, fetchPage };
}

async function walk(total: number, pageSize: number, first: number) {
  const api = numberedPages(total, pageSize);
  const seen: number[] = [];
  const pages: number[][] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard += 1) {
    const connection: NextTokenConnection<number> = await resolveNextTokenConnection({
      args: { first, after },
      connection: 'numbers',
      boundTo: { region: 'us-east-1' },
      fetchPage: api.fetchPage,
    });
    const nodes = connection.edges.map((e) => e.node);
    pages.push(nodes);
    seen.push(...nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return { seen, pages, calls: api.calls };
}

describe('collectFromPages', () => {
  it('stops fetching as soon as it has the items it wants', async () => {
    const api = numberedPages(30, 7);
    const result = await collectFromPages(START, 10, api.fetchPage);
    expect(result.items.map((i) => i.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(api.calls).toEqual([undefined, '7']);
    expect(result.hasMore).toBe(true);
  });

  it('reports no more items when the last page carries no NextToken', async () => {
    const api = numberedPages(5, 7);
    const result = await collectFromPages(START, 10, api.fetchPage);
    expect(result.items).toHaveLength(5);
    expect(result.hasMore).toBe(false);
  });

  it('reads at most its page budget and resumes at the next unread page', async () => {
    const pages: Record<string, AwsPage<string>> = {
      start: { items: [], nextToken: 'b' },
      b: { items: [], nextToken: 'c' },
      c: { items: ['x'], nextToken: 'd' },
      d: { items: ['y'] },
    };
    const calls: (string | undefined)[] = [];
    const fetchPage = async (token: string | undefined) => {
      calls.push(token);
      return pages[token ?? 'start'] as AwsPage<string>;
    };
    const result = await collectFromPages(START, 5, fetchPage, 2);
    expect(result.items).toEqual([]);
    expect(result.hasMore).toBe(true);
    expect(result.next).toEqual({ done: false, token: 'c', index: 0 });
    expect(calls).toEqual([undefined, 'b']);
  });

  it('skips empty pages that still carry a NextToken', async () => {
    const pages: Record<string, AwsPage<string>> = {
      start: { items: [], nextToken: 'b' },
      b: { items: [], nextToken: 'c' },
      c: { items: ['x'] },
    };
    const result = await collectFromPages(START, 5, async (token) => pages[token ?? 'start'] as AwsPage<string>);
    expect(result.items.map((i) => i.item)).toEqual(['x']);
    expect(result.hasMore).toBe(false);
  });
});

describe('resolveNextTokenConnection over a NextToken API', () => {
  // first=30 is one client page over the whole list: ceil(30 / 7) = 5 AWS pages, as ListTrails over 30 trails.
  for (const first of [3, 7, 10, 30]) {
    it(`walks 30 items in AWS pages of 7 with first=${first}, each item once, in order`, async () => {
      const { seen, pages, calls } = await walk(30, 7, first);
      expect(seen).toEqual(Array.from({ length: 30 }, (_, k) => k));
      expect(pages.map((p) => p.length)).toEqual(
        Array.from({ length: Math.ceil(30 / first) }, (_, k) => Math.min(first, 30 - k * first)),
      );
      // Each client page fetches the AWS pages holding its items, and no other.
      const expectedCalls = Array.from({ length: Math.ceil(30 / first) }, (_, k) => {
        const start = k * first;
        const end = Math.min(30, start + first) - 1;
        return Math.floor(end / 7) - Math.floor(start / 7) + 1;
      }).reduce((a, b) => a + b, 0);
      expect(calls).toHaveLength(expectedCalls);
    });
  }

  it('fetches one AWS page per client page when first equals the AWS page size', async () => {
    const { calls } = await walk(28, 7, 7);
    expect(calls).toEqual([undefined, '7', '14', '21']);
  });

  it('says there is no next page after the last item, and resuming there makes no call', async () => {
    const api = numberedPages(7, 7);
    const page = await resolveNextTokenConnection({
      args: { first: 7 },
      connection: 'numbers',
      boundTo: {},
      fetchPage: api.fetchPage,
    });
    expect(page.pageInfo.hasNextPage).toBe(false);
    const after = await resolveNextTokenConnection({
      args: { first: 7, after: page.pageInfo.endCursor },
      connection: 'numbers',
      boundTo: {},
      fetchPage: api.fetchPage,
    });
    expect(after.edges).toEqual([]);
    expect(after.pageInfo.hasNextPage).toBe(false);
    expect(api.calls).toHaveLength(1);
  });

  it('drops edges whose node is gone but still moves past them', async () => {
    const api = numberedPages(4, 10);
    const page = await resolveNextTokenConnection<number, number>({
      args: { first: 3 },
      connection: 'numbers',
      boundTo: {},
      fetchPage: api.fetchPage,
      toNodes: (items) => items.map((n) => (n === 2 ? null : n * 10)),
    });
    expect(page.edges.map((e) => e.node)).toEqual([0, 10]);
    const next = await resolveNextTokenConnection<number, number>({
      args: { first: 3, after: page.pageInfo.endCursor },
      connection: 'numbers',
      boundTo: {},
      fetchPage: api.fetchPage,
    });
    expect(next.edges.map((e) => e.node)).toEqual([3]);
  });

  it('refuses a cursor issued for other arguments', async () => {
    const api = numberedPages(30, 7);
    const page = await resolveNextTokenConnection({
      args: { first: 3 },
      connection: 'numbers',
      boundTo: { region: 'us-east-1' },
      fetchPage: api.fetchPage,
    });
    await expect(
      resolveNextTokenConnection({
        args: { first: 3, after: page.pageInfo.endCursor },
        connection: 'numbers',
        boundTo: { region: 'eu-west-1' },
        fetchPage: api.fetchPage,
      }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(api.calls).toHaveLength(1);
  });

  it('with first 0 returns no edges and makes no AWS call', async () => {
    const api = numberedPages(30, 7);
    const page = await resolveNextTokenConnection({ args: { first: 0 }, connection: 'numbers', boundTo: {}, fetchPage: api.fetchPage });
    expect(page.edges).toEqual([]);
    // Without a call whether items follow is unknown: "maybe", and no cursor is needed to start over.
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
    expect(api.calls).toEqual([]);
  });

  it('refuses a negative first before any AWS call', async () => {
    const api = numberedPages(30, 7);
    await expect(
      resolveNextTokenConnection({ args: { first: -1 }, connection: 'numbers', boundTo: {}, fetchPage: api.fetchPage }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(api.calls).toEqual([]);
  });

  it('after a run of empty filtered pages says a next page exists, with a cursor at the next unread AWS page', async () => {
    // 60 items in pages of 5; only multiples of 40 pass the filter: 0 on the first page, 40 on the ninth.
    const api = numberedPages(60, 5);
    const fetchPage = async (token: string | undefined) => {
      const page = await api.fetchPage(token);
      return { ...page, items: page.items.filter((n) => n % 40 === 0 && n > 0) };
    };
    const first = await resolveNextTokenConnection({ args: { first: 3 }, connection: 'sparse', boundTo: {}, fetchPage });
    expect(first.edges).toEqual([]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(api.calls).toEqual([undefined, '5', '10', '15', '20'].slice(0, DEFAULT_MAX_AWS_PAGES));
    const second = await resolveNextTokenConnection({
      args: { first: 3, after: first.pageInfo.endCursor },
      connection: 'sparse',
      boundTo: {},
      fetchPage,
    });
    expect(second.edges.map((e) => e.node)).toEqual([40]);
    // Resumed at the page after the last one read (offset 25), never reading a page twice.
    expect(api.calls.slice(DEFAULT_MAX_AWS_PAGES)).toEqual(['25', '30', '35', '40', '45']);
    expect(second.pageInfo.hasNextPage).toBe(true);
    const third = await resolveNextTokenConnection({
      args: { first: 3, after: second.pageInfo.endCursor },
      connection: 'sparse',
      boundTo: {},
      fetchPage,
    });
    expect(third.edges).toEqual([]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(api.calls.slice(2 * DEFAULT_MAX_AWS_PAGES)).toEqual(['50', '55']);
  });

  it('computes its cursor state once and hands the same state to every later page', async () => {
    const api = numberedPages(10, 4);
    let clock = 1000;
    const seen: { token: string | undefined; windowEnd: number }[] = [];
    const options = {
      connection: 'windowed',
      boundTo: { region: 'us-east-1' },
      state: () => ({ windowEnd: clock }),
      fetchPage: async (token: string | undefined, state: { windowEnd: number }) => {
        seen.push({ token, windowEnd: state.windowEnd });
        return api.fetchPage(token);
      },
    };
    const page = await resolveNextTokenConnection({ ...options, args: { first: 5 } });
    clock = 2000;
    const next = await resolveNextTokenConnection({ ...options, args: { first: 5, after: page.pageInfo.endCursor } });
    expect(next.edges.map((e) => e.node)).toEqual([5, 6, 7, 8, 9]);
    expect(seen).toEqual([
      { token: undefined, windowEnd: 1000 },
      { token: '4', windowEnd: 1000 },
      { token: '4', windowEnd: 1000 },
      { token: '8', windowEnd: 1000 },
    ]);
  });

  it('refuses a cursor whose state was altered', async () => {
    const api = numberedPages(10, 4);
    const options = {
      connection: 'windowed',
      boundTo: {},
      state: () => ({ windowEnd: 1000 }),
      fetchPage: (token: string | undefined) => api.fetchPage(token),
    };
    const page = await resolveNextTokenConnection({ ...options, args: { first: 2 } });
    const body = JSON.parse(Buffer.from(page.pageInfo.endCursor as string, 'base64url').toString('utf8')) as object;
    const altered = Buffer.from(JSON.stringify({ ...body, s: { windowEnd: 5 } })).toString('base64url');
    await expect(resolveNextTokenConnection({ ...options, args: { first: 2, after: altered } })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  const throttled = () =>
    new ThrottlingException({ message: 'Rate exceeded', $metadata: { requestId: 'req-1' } });

  it('turns an AWS failure into a GraphQL error carrying the AWS code by default', async () => {
    const failing = async (): Promise<AwsPage<number>> => {
      throw throttled();
    };
    const error = await resolveNextTokenConnection({ args: {}, connection: 'n', boundTo: {}, fetchPage: failing }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error).toMatchObject({ extensions: { code: 'ThrottlingException', retryable: true } });
  });

  it('turns a failure on a page reached through after into the same GraphQL error as on the first page', async () => {
    const api = numberedPages(10, 4);
    const page = await resolveNextTokenConnection({ args: { first: 2 }, connection: 'n', boundTo: {}, fetchPage: api.fetchPage });
    const failing = async (): Promise<AwsPage<number>> => {
      throw throttled();
    };
    for (const after of [null, page.pageInfo.endCursor]) {
      const error = await resolveNextTokenConnection({
        args: { first: 2, after },
        connection: 'n',
        boundTo: {},
        fetchPage: failing,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphQLError);
      expect(error).toMatchObject({ extensions: { code: 'ThrottlingException', retryable: true, rejectedBeforeCall: false } });
    }
  });
});
