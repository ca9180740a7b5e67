import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail } from '../helpers/trails.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** `{ trails { edges { node { tags { key } } } } }` nests 5 levels below the operation. */
const FIVE_DEEP = /* GraphQL */ `query { trails { edges { node { tags { key } } } } }`;

describe('query limits', () => {
  it('refuses a document nested deeper than maxQueryDepth before calling AWS, without calling it a syntax error', async () => {
    t = await startTestGateway({ gateway: { maxQueryDepth: 4 } });
    const res = await t.query(FIVE_DEEP);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].message).toMatch(/depth limit of 4 exceeded, found 5/i);
    expect(res.errors?.[0].message).not.toMatch(/syntax/i);
    expect(res.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    expect(t.emulator.store.account(t.emulator.accountId).trails.size).toBe(0);
  });

  it('runs the same document when it is within the depth limit', async () => {
    t = await startTestGateway({ gateway: { maxQueryDepth: 5 } });
    const res = await t.query(FIVE_DEEP);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ trails: { edges: [] } });
  });

  it('refuses a document costlier than maxQueryCost, without calling it a syntax error', async () => {
    t = await startTestGateway({ gateway: { maxQueryCost: 10 } });
    const res = await t.query(FIVE_DEEP);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].message).toMatch(/cost limit of 10 exceeded/i);
    expect(res.errors?.[0].message).not.toMatch(/syntax/i);
    expect(res.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
  });

  it("runs the README's trails overview at the largest page, first: 100, within the default limits", async () => {
    t = await startTestGateway();
    const overview = readFileSync(new URL('../../schema/operations/01-trails-overview.graphql', import.meta.url), 'utf8');
    // graphql-armor multiplies a connection's cost by a literal `first` only, so the page size is written in.
    const atLargestPage = overview.replace(', $first: Int = 20', '').replace('first: $first', 'first: 100');
    expect(atLargestPage).not.toContain('$first');
    const res = await t.query(atLargestPage);
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ defaultRegion: 'us-east-1', trails: { edges: [] } });
  });

  it('refuses pages nested in pages at the default limit', async () => {
    t = await startTestGateway();
    const res = await t.query(/* GraphQL */ `{
      insightEvents(first: 100) { ... on InsightEventConnection { edges { node {
        events(first: 100) { ... on CloudTrailEventConnection { edges { node { eventName } } } }
      } } } }
    }`);
    expect(res.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    expect(res.extensions?.awsCalls ?? {}).toEqual({});
  });

  it('exempts introspection, so GraphiQL can load the schema', async () => {
    t = await startTestGateway({ gateway: { maxQueryDepth: 2, maxQueryCost: 10 } });
    const res = await t.query(/* GraphQL */ `query { __schema { types { name fields { name type { name ofType { name } } } } } }`);
    expect(res.errors).toBeUndefined();
  });
});

describe('AWS call budget per request', () => {
  it('refuses the calls past MAX_AWS_CALLS_PER_REQUEST with a typed error and keeps what was answered', async () => {
    t = await startTestGateway({ gateway: { maxAwsCallsPerRequest: 3 } });
    const east = t.sdkClient('us-east-1');
    for (const name of ['audit-a', 'audit-b', 'audit-c']) await createTrail(east, name);
    // Names come from ListTrails (1 call, page size 50); each status is one GetTrailStatus: 1 + 3 calls
    // would be needed, the budget allows 3, so exactly one status is refused.
    const res = await t.query<{ trails: { edges: { node: { name: string; status: { isLogging: boolean } | null } }[] } }>(
      /* GraphQL */ `query { defaultRegion trails(first: 10) { edges { node { name status { isLogging } } } } }`,
    );
    const calls = Object.values(res.extensions?.awsCalls ?? {}).reduce((a, b) => a + b, 0);
    expect(calls).toBe(3);
    expect(res.data?.trails.edges.map(({ node }) => node.name)).toEqual(['audit-a', 'audit-b', 'audit-c']);
    expect(res.data?.trails.edges.filter(({ node }) => node.status === null)).toHaveLength(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'AWS_CALL_BUDGET_EXCEEDED', budget: 3 });
    expect(res.errors?.[0].message).toMatch(/more than 3 CloudTrail calls/);
  });

  it('lets the same query through when the budget covers it', async () => {
    t = await startTestGateway({ gateway: { maxAwsCallsPerRequest: 4 } });
    const east = t.sdkClient('us-east-1');
    for (const name of ['audit-a', 'audit-b', 'audit-c']) await createTrail(east, name);
    const res = await t.query(/* GraphQL */ `query { trails(first: 10) { edges { node { name status { isLogging } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.awsCalls).toEqual({ GetTrailStatus: 3, ListTrails: 1 });
  });
});
