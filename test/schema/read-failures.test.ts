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

/**
 * Errors the gateway raises itself (refused arguments, the per-request AWS call budget) are not
 * members of a field's result union: they null that field only, never the whole response.
 */
describe('an error the gateway raises itself on a field with a result union', () => {
  it.each([
    ['insightEvents with first over 100', '{ defaultRegion insightEvents(first: 101) { __typename } }', 'insightEvents'],
    ['trail with a region that is no region code', '{ defaultRegion trail(nameOrArn: "management-events", region: "mars-1") { __typename } }', 'trail'],
    [
      'insightsMetricSeries with a region that is no region code',
      '{ defaultRegion insightsMetricSeries(input: { eventSource: "ssm.amazonaws.com", eventName: "PutParameter", insightType: ApiCallRateInsight, region: "mars-1" }) { __typename } }',
      'insightsMetricSeries',
    ],
  ])('%s nulls that field and keeps the sibling root field', async (_name, query, field) => {
    const res = await t.query(query);
    expect(res.data).toEqual({ defaultRegion: 'us-east-1', [field]: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({ path: [field], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('a refused insightEvents keeps another root field that read CloudTrail', async () => {
    await createTrail(east, 'audit');
    const res = await t.query<{ insightEvents: unknown; trail: { name: string } }>(
      '{ insightEvents(after: "garbage") { __typename } trail(nameOrArn: "audit") { ... on Trail { name } } }',
    );
    expect(res.data).toEqual({ insightEvents: null, trail: { name: 'audit' } });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['insightEvents'], 'BAD_USER_INPUT']]);
  });

  it('a refused mutation nulls that mutation only: the one before it still reports its change', async () => {
    await createTrail(east, 'audit');
    const res = await t.query<Record<string, unknown>>(
      `mutation {
        on: putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
          __typename
        }
        refused: putTrailInsightSelectors(input: { trail: "audit", region: "mars-1", insightSelectors: [] }) { __typename }
      }`,
    );
    expect(res.data).toEqual({ on: { __typename: 'PutTrailInsightSelectorsPayload' }, refused: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['refused'], 'BAD_USER_INPUT']]);
  });
});

describe('InsightEvent fields refused by the gateway', () => {
  let insightsGateway: TestGateway;
  beforeAll(async () => {
    insightsGateway = await startTestGateway({ gateway: { insights: { cache: false } } });
  });
  afterAll(() => insightsGateway.close());

  it('events(first: 101) and metricSeries(contextMinutes: -1) null those fields of the Insight only', async () => {
    // A Start event as the CloudTrail User Guide documents it, ten minutes ago (LookupEvents keeps 90 days).
    const sharedEventID = 'a1b2c3d4-0000-4000-8000-0000000000bb';
    const start = {
      eventVersion: '1.08',
      eventTime: new Date(Date.now() - 600_000).toISOString(),
      awsRegion: 'us-east-1',
      eventID: 'a1b2c3d4-0000-4000-8000-000000000002',
      eventType: 'AwsCloudTrailInsight',
      eventCategory: 'Insight',
      recipientAccountId: '123456789012',
      sharedEventID,
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      insightDetails: {
        state: 'Start',
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        insightType: 'ApiCallRateInsight',
        insightContext: { statistics: { baseline: { average: 0.25 }, insight: { average: 30 } } },
      },
    };
    const ingest = await fetch(`${insightsGateway.emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify([start]) });
    expect(ingest.status).toBe(200);

    const res = await insightsGateway.query<{ insightEvents: { edges: { node: Record<string, unknown> }[] } }>(
      `{ insightEvents { ... on InsightEventConnection { edges { node {
        sharedEventId eventName
        events(first: 101) { __typename }
        metricSeries(contextMinutes: -1) { __typename }
      } } } } }`,
    );
    expect(res.data?.insightEvents.edges).toEqual([
      { node: { sharedEventId: sharedEventID, eventName: 'CreateUser', events: null, metricSeries: null } },
    ]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code]).sort()).toEqual([
      [['insightEvents', 'edges', 0, 'node', 'events'], 'BAD_USER_INPUT'],
      [['insightEvents', 'edges', 0, 'node', 'metricSeries'], 'BAD_USER_INPUT'],
    ]);
  });
});

describe('the per-request AWS call budget on fields with a result union', () => {
  let budgeted: TestGateway;
  beforeAll(async () => {
    budgeted = await startTestGateway({ gateway: { maxAwsCallsPerRequest: 2, insights: { cache: false } } });
  });
  afterAll(() => budgeted.close());

  it('several aliased insightEvents keep the answered ones; the one past the budget is null with its error', async () => {
    // Each insightEvents reads one LookupEvents page (the Region holds no Insights): three calls, a budget of two.
    const res = await budgeted.query<Record<string, { __typename: string } | null>>(
      `{
        a: insightEvents(filter: { eventName: "CreateUser" }) { __typename }
        b: insightEvents(filter: { eventName: "DeleteUser" }) { __typename }
        c: insightEvents(filter: { eventName: "PutParameter" }) { __typename }
      }`,
    );
    const answered = Object.entries(res.data ?? {}).filter(([, v]) => v !== null);
    expect(answered.map(([, v]) => v)).toEqual([{ __typename: 'InsightEventConnection' }, { __typename: 'InsightEventConnection' }]);
    expect(Object.keys(res.data ?? {}).sort()).toEqual(['a', 'b', 'c']);
    const refused = Object.keys(res.data ?? {}).filter((k) => res.data?.[k] === null);
    expect(refused).toHaveLength(1);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[refused, 'AWS_CALL_BUDGET_EXCEEDED']]);
    expect(res.extensions?.awsCalls).toEqual({ LookupEvents: 2 });
  });
});
