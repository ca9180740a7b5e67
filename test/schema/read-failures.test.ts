import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateEventDataStoreCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail, enableTrailInsights } from '../helpers/trails.js';
import { eventDataStoreWithInsights } from '../emulator/insights-helpers.js';

/**
 * An AWS failure while reading one field of a query: the client sees the AWS error code (not a
 * masked "Unexpected error."), and only that field is null; its siblings and the other root fields
 * are still answered.
 */

/** AWS page size of the list operations here: three trails span two ListTrails pages. */
const PAGE_SIZE = 2;

let t: TestGateway;
let east: CloudTrailClient;
const unexpected: unknown[] = [];
beforeAll(async () => {
  t = await startTestGateway({
    emulator: { pageSize: PAGE_SIZE },
    gateway: { logError: (entry) => void unexpected.push(entry) },
  });
  east = t.sdkClient('us-east-1');
});
afterAll(() => t.close());
beforeEach(() => {
  t.reset();
  unexpected.length = 0;
});

type Errors = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] | undefined;

/** AWS: ThrottlingException ("rate exceeded") is the exception that goes away by retrying. */
function expectThrottledAt(errors: Errors, path: (string | number)[]): void {
  expect(errors).toHaveLength(1);
  expect(errors?.[0]).toMatchObject({
    message: expect.not.stringMatching(/Unexpected error/),
    path,
    extensions: { code: 'ThrottlingException', retryable: true, awsRequestId: expect.any(String) },
  });
  // An AWS failure is an answer, not a bug of the gateway: nothing is logged as unexpected.
  expect(unexpected).toEqual([]);
}

async function createStore(name: string): Promise<string> {
  const out = await east.send(new CreateEventDataStoreCommand({ Name: name }));
  return out.EventDataStoreArn!;
}

describe('selector fields when CloudTrail fails', () => {
  it.each([
    ['Trail.insightSelectors', 'GetInsightSelectors', 'insightSelectors { enabled }'],
    ['Trail.eventSelectors', 'GetEventSelectors', 'eventSelectors { __typename }'],
  ])('%s reports a throttled %s with its AWS code, the trail still read', async (_field, operation, selection) => {
    await createTrail(east, 'audit');
    await enableTrailInsights(east, 'audit');
    t.emulator.faults.set({ failures: [{ operation, errorType: 'ThrottlingException' }] });
    const field = selection.split(' ')[0]!;
    const res = await t.query<{ trail: Record<string, unknown> }>(
      `{ trail(nameOrArn: "audit") { ... on Trail { name ${selection} } } }`,
    );
    expect(res.data?.trail).toEqual({ name: 'audit', [field]: null });
    expectThrottledAt(res.errors, ['trail', field]);
  });

  it.each(['insightSelectors { enabled }', 'insightsDestination { arn }'])(
    'EventDataStore.%s reports a throttled GetInsightSelectors with its AWS code, the store still read',
    async (selection) => {
      const arn = await createStore('management-events');
      t.emulator.faults.set({ failures: [{ operation: 'GetInsightSelectors', errorType: 'ThrottlingException' }] });
      const field = selection.split(' ')[0]!;
      const res = await t.query<{ eventDataStore: Record<string, unknown> }>(
        `query ($arn: String!) { eventDataStore(arn: $arn) { ... on EventDataStore { arn ${selection} } } }`,
        { arn },
      );
      expect(res.data?.eventDataStore).toEqual({ arn, [field]: null });
      expectThrottledAt(res.errors, ['eventDataStore', field]);
    },
  );
});

describe('one failure nulls one field, not the response', () => {
  it('a refused cursor on trails keeps the sibling root field defaultRegion', async () => {
    const res = await t.query<{ defaultRegion: string; trails: unknown }>(
      '{ defaultRegion trails(after: "garbage") { edges { cursor } } }',
    );
    expect(res.data).toEqual({ defaultRegion: 'us-east-1', trails: null });
    expect(res.errors?.[0]).toMatchObject({ path: ['trails'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('a refused first on eventDataStores keeps the sibling root fields', async () => {
    await createTrail(east, 'audit');
    const res = await t.query<{ defaultRegion: string; eventDataStores: unknown; trails: { edges: unknown[] } }>(
      '{ defaultRegion eventDataStores(first: 101) { edges { cursor } } trails { edges { node { name } } } }',
    );
    expect(res.data).toEqual({ defaultRegion: 'us-east-1', eventDataStores: null, trails: { edges: [{ node: { name: 'audit' } }] } });
    expect(res.errors?.[0]).toMatchObject({ path: ['eventDataStores'], extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('a malformed ID in nodes keeps the sibling root field defaultRegion', async () => {
    const res = await t.query<{ defaultRegion: string; nodes: unknown }>('{ defaultRegion nodes(ids: ["%%%"]) { id } }');
    expect(res.data).toEqual({ defaultRegion: 'us-east-1', nodes: null });
    expect(res.errors).toHaveLength(1);
  });

  it('a throttled second ListTrails page nulls trails only, with the AWS code', async () => {
    for (const name of ['trail-a', 'trail-b', 'trail-c']) await createTrail(east, name);
    // Three trails in AWS pages of two: first 3 needs the second page, which fails.
    t.emulator.faults.set({ failures: [{ operation: 'ListTrails', errorType: 'ThrottlingException', after: 1 }] });
    const res = await t.query<{ defaultRegion: string; trails: unknown }>(
      '{ defaultRegion trails(first: 3) { edges { node { name } } } }',
    );
    expect(res.data).toEqual({ defaultRegion: 'us-east-1', trails: null });
    expectThrottledAt(res.errors, ['trails']);
    expect(res.extensions?.awsCalls?.ListTrails).toBe(2);
  });

  it('a throttled ListTags nulls the tags of the trails it was for, keeping the trails', async () => {
    await createTrail(east, 'trail-a');
    await createTrail(east, 'trail-b');
    t.emulator.faults.set({ failures: [{ operation: 'ListTags', errorType: 'ThrottlingException', times: 1 }] });
    const res = await t.query<{ trails: { edges: { node: { name: string; tags: unknown } }[] } }>(
      '{ trails { edges { node { name tags { key } } } } }',
    );
    // Both trails' tags were asked for in the one ListTags call that failed.
    expect(res.data?.trails.edges.map((e) => e.node)).toEqual([
      { name: 'trail-a', tags: null },
      { name: 'trail-b', tags: null },
    ]);
    expect(res.errors?.map((e) => e.path)).toEqual([
      ['trails', 'edges', 0, 'node', 'tags'],
      ['trails', 'edges', 1, 'node', 'tags'],
    ]);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'ThrottlingException', retryable: true });
  });

  it('a throttled GetEventDataStore nulls the detail fields of that store only', async () => {
    const arn = await createStore('management-events');
    t.emulator.faults.set({ failures: [{ operation: 'GetEventDataStore', errorType: 'ThrottlingException', times: 1 }] });
    const res = await t.query<{ eventDataStores: { edges: { node: Record<string, unknown> }[] } }>(
      '{ eventDataStores { edges { node { arn name status multiRegionEnabled } } } }',
    );
    // name comes from ListEventDataStores; status and multiRegionEnabled share the one failed GetEventDataStore.
    expect(res.data?.eventDataStores.edges).toEqual([
      { node: { arn, name: 'management-events', status: null, multiRegionEnabled: null } },
    ]);
    expect(res.errors?.map((e) => e.path?.at(-1)).sort()).toEqual(['multiRegionEnabled', 'status']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'ThrottlingException' });
  });

  it("a throttled GetEventDataStore for an Insights destination's name nulls insightsDestination only", async () => {
    const { source } = await eventDataStoreWithInsights(east, [{ InsightType: 'ApiCallRateInsight' }]);
    // The first GetEventDataStore reads the source; the second, the destination known by ARN alone, fails.
    t.emulator.faults.set({ failures: [{ operation: 'GetEventDataStore', errorType: 'ThrottlingException', after: 1 }] });
    const res = await t.query<{ eventDataStore: Record<string, unknown> }>(
      'query ($arn: String!) { eventDataStore(arn: $arn) { ... on EventDataStore { name insightsDestination { name } } } }',
      { arn: source },
    );
    expect(res.data?.eventDataStore).toEqual({ name: 'management', insightsDestination: null });
    expectThrottledAt(res.errors, ['eventDataStore', 'insightsDestination', 'name']);
  });
});
