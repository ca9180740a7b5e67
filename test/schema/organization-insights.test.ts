import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLogBody } from '../../src/emulator/ingest/index.js';
import { clientFor } from '../helpers/emulator.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { iamWriteCalls, startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';
import { startRegionFaultProxy, type RegionFaultProxy } from '../helpers/region-fault-proxy.js';
import { trailWithInsights } from '../emulator/insights-helpers.js';
import { ACCOUNT, ALL_MANAGEMENT_INSIGHTS } from '../helpers/trails.js';

/**
 * `insightEvents(scope:)` through yoga, the real SDK and the emulator (its STS assumes each
 * account's role): Insights of several account-Regions merged newest first, paged with cursors that
 * carry each shard's position, compared with an independent merge of what each account-Region
 * answers the SDK directly; one LookupEvents call per shard page; a failing account and a throttled
 * Region reported per shard while the rest answer.
 */

const NOW = new Date('2024-05-01T12:00:00Z');
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const FOREIGN = '999999999999';

/** Writes of one API in one minute: 12 calls after a quiet start, which the emulator's rule raises an Insight for. */
const burst = (region: string, eventName: string, minute: number) => iamWriteCalls(ACCOUNT, region, eventName, minute, 12);

let t: OrganizationTestGateway;
let proxy: RegionFaultProxy;
let calls: EmulatorCallCounts;

beforeAll(async () => {
  t = await startOrganizationGateway(
    {
      regions: REGIONS,
      roleName: 'CloudTrailInsightsReader',
      accounts: [{ id: ACCOUNT, name: 'security' }, { id: FOREIGN, name: 'elsewhere', regions: ['us-east-1'] }],
    },
    {
      emulator: { now: NOW },
      gateway: { insights: { now: () => NOW, cache: false } },
      memberEndpoint: async (url) => {
        proxy = await startRegionFaultProxy(url);
        return proxy.url;
      },
    },
  );
  const events: object[] = [];
  for (const region of REGIONS) events.push({ eventID: `${region}-quiet`, eventTime: '2024-05-01T10:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'GetUser', awsRegion: region, readOnly: true });
  // us-east-1 holds 30 Insights (60 events: two LookupEvents pages of 50), the others a few, at
  // minutes that collide across Regions so ties are merged too.
  for (let k = 0; k < 30; k += 1) events.push(...burst('us-east-1', `CreateUser${k}`, 15 + 3 * k));
  for (const minute of [15, 33, 60]) events.push(...burst('us-west-2', `DeleteRole${minute}`, minute));
  for (const minute of [18, 33, 90]) events.push(...burst('eu-west-1', `PutRolePolicy${minute}`, minute));
  ingestLogBody(t.emulator, JSON.stringify(events));
  await trailWithInsights(t.emulator, 'org-audit', ALL_MANAGEMENT_INSIGHTS, { isMultiRegionTrail: true });
  calls = countEmulatorCalls(t.emulator);
});
afterAll(async () => {
  calls.stop();
  await t.close();
  await proxy.close();
});

const QUERY = `query($first: Int, $after: String, $scope: OrganizationScope!) {
  insightEvents(first: $first, after: $after, scope: $scope) {
    edges { node { id accountId region sharedEventId startTime eventName state } }
    pageInfo { hasNextPage endCursor }
    failedShards { accountId region code retryable }
  }
}`;

interface Page {
  insightEvents: {
    edges: { node: { id: string; accountId: string; region: string; sharedEventId: string; startTime: string; eventName: string; state: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    failedShards: { accountId: string; region: string; code: string; retryable: boolean }[];
  };
}

/** Every Start event of a Region, read with the SDK directly, newest first. */
async function startsOf(client: CloudTrailClient): Promise<{ sharedEventId: string; time: number }[]> {
  const starts: { sharedEventId: string; time: number }[] = [];
  let token: string | undefined;
  do {
    const out = await client.send(new LookupEventsCommand({ EventCategory: 'insight', EndTime: NOW, NextToken: token }));
    for (const event of out.Events ?? []) {
      const record = JSON.parse(event.CloudTrailEvent ?? '{}') as { sharedEventID: string; eventTime: string; insightDetails: { state: string } };
      if (record.insightDetails.state === 'Start') starts.push({ sharedEventId: record.sharedEventID, time: Date.parse(record.eventTime) });
    }
    token = out.NextToken;
  } while (token);
  return starts;
}

/** The independent merge: each shard's list in scope order, stably sorted newest first. */
async function independentMerge(): Promise<string[]> {
  const perShard = await Promise.all(
    REGIONS.map(async (region) => (await startsOf(clientFor(t.emulator, region))).map((s) => ({ ...s, key: `${ACCOUNT}/${region}/${s.sharedEventId}` }))),
  );
  return perShard.flat().sort((a, b) => b.time - a.time).map((s) => s.key);
}

async function walk(first: number, scope: object): Promise<{ keys: string[]; pages: Page['insightEvents'][] }> {
  const keys: string[] = [];
  const pages: Page['insightEvents'][] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i += 1) {
    const res: { data?: Page; errors?: unknown } = await t.query<Page>(QUERY, { first, after, scope });
    expect(res.errors).toBeUndefined();
    const page: Page['insightEvents'] = res.data!.insightEvents;
    pages.push(page);
    keys.push(...page.edges.map((e) => `${e.node.accountId}/${e.node.region}/${e.node.sharedEventId}`));
    if (!page.pageInfo.hasNextPage) return { keys, pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error('did not end');
}

describe('insightEvents across accounts and Regions', () => {
  it('pages of 7 list every Insight of every account-Region once, in the order of an independent merge', async () => {
    const expected = await independentMerge();
    expect(expected.length).toBe(36);
    const { keys, pages } = await walk(7, { accounts: [ACCOUNT] });
    expect(keys).toEqual(expected);
    expect(pages.length).toBe(Math.ceil(36 / 7));
    for (const page of pages) expect(page.failedShards).toEqual([]);
  });

  it('one page costs one LookupEvents call per shard page, no more', async () => {
    calls.reset();
    const first = await t.query<Page>(QUERY, { first: 5, scope: { accounts: [ACCOUNT] } });
    expect(first.data?.insightEvents.edges).toHaveLength(5);
    expect(calls.of('LookupEvents')).toBe(3);
    expect(first.extensions?.awsCalls).toEqual({ LookupEvents: 3 });
    // Everything at once: us-east-1's two pages and one page of each other Region.
    calls.reset();
    const all = await t.query<Page>(QUERY, { first: 100, scope: { accounts: [ACCOUNT] } });
    expect(all.data?.insightEvents.edges).toHaveLength(36);
    expect(calls.of('LookupEvents')).toBe(4);
  });

  it('an account whose role is refused and a throttled Region are listed per shard while the others answer', async () => {
    proxy.throttle('eu-west-1');
    try {
      const res = await t.query<Page>(QUERY, { first: 100, scope: {} });
      expect(res.errors).toBeUndefined();
      const page = res.data!.insightEvents;
      expect(page.failedShards).toEqual([
        { accountId: ACCOUNT, region: 'eu-west-1', code: 'ThrottlingException', retryable: true },
        { accountId: FOREIGN, region: 'us-east-1', code: 'AccessDenied', retryable: false },
      ]);
      const expected = (await independentMerge()).filter((key) => !key.includes('/eu-west-1/'));
      expect(page.edges.map((e) => `${e.node.accountId}/${e.node.region}/${e.node.sharedEventId}`)).toEqual(expected);
      // The failed shards keep their place: the next page starts them from the top.
      expect(page.pageInfo.hasNextPage).toBe(true);
    } finally {
      proxy.throttle(undefined);
    }
  });

  it('ids stay unique across shards, and node(id:) reads an Insight again from its account', async () => {
    const res = await t.query<Page>(QUERY, { first: 100, scope: { accounts: [ACCOUNT] } });
    const nodes = res.data!.insightEvents.edges.map((e) => e.node);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    const one = nodes.find((n) => n.region === 'us-west-2')!;
    const again = await t.query<{ node: { accountId: string; region: string; eventName: string } }>(
      'query($id: ID!) { node(id: $id) { ... on InsightEvent { accountId region eventName } } }',
      { id: one.id },
    );
    expect(again.data?.node).toEqual({ accountId: ACCOUNT, region: 'us-west-2', eventName: one.eventName });
  });

  it('refuses a tampered cursor, a cursor of another scope, an unknown account and region with scope, before any call', async () => {
    const first = await t.query<Page>(QUERY, { first: 2, scope: { accounts: [ACCOUNT] } });
    const cursor = first.data!.insightEvents.pageInfo.endCursor!;
    calls.reset();
    const codes = async (variables: Record<string, unknown>, query = QUERY) => (await t.query(query, variables)).errors?.map((e) => e.extensions?.code);
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 3] ^= 0x20;
    expect(await codes({ first: 2, after: bytes.toString('base64url'), scope: { accounts: [ACCOUNT] } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ first: 2, after: cursor, scope: { accounts: [ACCOUNT], regions: ['us-east-1'] } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ first: 2, after: 'x'.repeat(40_000), scope: { accounts: [ACCOUNT] } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ first: 2, scope: { accounts: ['000000000000'] } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ scope: {} }, 'query($scope: OrganizationScope!) { insightEvents(region: "us-east-1", scope: $scope) { edges { cursor } } }')).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(calls.total()).toBe(0);
  });
});

describe('trails and eventDataStores across accounts', () => {
  it('trails are listed per account with the account they were read from; an account that fails is a failed shard', async () => {
    const res = await t.query<{
      trails: { edges: { node: { id: string; name: string; accountId: string; homeRegion: string; status: { isLogging: boolean } } }[]; failedShards: { accountId: string; code: string }[] };
    }>('{ trails(scope: {}) { edges { node { id name accountId homeRegion status { isLogging } } } failedShards { accountId code } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.trails.edges.map((e) => e.node)).toEqual([
      { id: expect.any(String), name: 'org-audit', accountId: ACCOUNT, homeRegion: 'us-east-1', status: { isLogging: expect.any(Boolean) } },
    ]);
    expect(res.data?.trails.failedShards).toEqual([{ accountId: FOREIGN, code: 'AccessDenied' }]);
    // One ListTrails per account (FOREIGN's never reached CloudTrail: its role was refused).
    expect(res.extensions?.awsCalls).toMatchObject({ ListTrails: 2, GetTrailStatus: 1 });
  });

  it('eventDataStores lists each account-Region, and says so when a scope names no account-Region', async () => {
    const res = await t.query<{ eventDataStores: { edges: unknown[]; failedShards: { accountId: string; region: string; code: string }[] } }>(
      '{ eventDataStores(scope: { regions: ["us-east-1", "eu-west-1"] }) { edges { node { arn accountId } } failedShards { accountId region code } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.eventDataStores).toEqual({ edges: [], failedShards: [{ accountId: FOREIGN, region: 'us-east-1', code: 'AccessDenied' }] });
    expect(res.extensions?.awsCalls).toMatchObject({ ListEventDataStores: 3 });
  });
});

describe('insightsSummary', () => {
  const SUMMARY = `query($scope: OrganizationScope) {
    insightsSummary(window: { startTime: "2024-05-01T00:00:00Z", endTime: "2024-05-01T12:00:00Z" }, scope: $scope) {
      total byAccount { key count } byRegion { key count } byEventSource { key count } byInsightType { key count }
      groups { accountId region eventSource insightType count } lookupEventsCalls
      failedShards { accountId region code retryable }
    }
  }`;

  it('counts the Insights of every account-Region by account, Region, source and type, with one LookupEvents call per shard page', async () => {
    calls.reset();
    const res = await t.query<{ insightsSummary: Record<string, unknown> & { byRegion: { key: string; count: number }[]; total: number } }>(SUMMARY, { scope: {} });
    expect(res.errors).toBeUndefined();
    expect(calls.of('LookupEvents')).toBe(4);
    // The independent count: Start events per Region, read with the SDK.
    const perRegion = await Promise.all(REGIONS.map(async (region) => ({ key: region, count: (await startsOf(clientFor(t.emulator, region))).length })));
    expect(res.data?.insightsSummary.byRegion).toEqual(perRegion.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)));
    expect(res.data?.insightsSummary).toMatchObject({
      total: 36,
      byAccount: [{ key: ACCOUNT, count: 36 }],
      byEventSource: [{ key: 'iam.amazonaws.com', count: 36 }],
      byInsightType: [{ key: 'ApiCallRateInsight', count: 36 }],
      // us-east-1: 60 events, 2 pages; us-west-2 and eu-west-1: 1 page each; FOREIGN: none reached CloudTrail.
      lookupEventsCalls: 5,
      failedShards: [{ accountId: FOREIGN, region: 'us-east-1', code: 'AccessDenied', retryable: false }],
    });
  });
});
