import { ListInsightsMetricDataCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLogBody } from '../../src/emulator/ingest/index.js';
import { clientFor } from '../helpers/emulator.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { iamWriteCalls, startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';
import { trailWithInsights } from '../emulator/insights-helpers.js';
import { ACCOUNT, ALL_MANAGEMENT_INSIGHTS } from '../helpers/trails.js';

/**
 * `insightsMetricSeriesList(scope:)` through yoga, the real SDK and the emulator (its STS assumes
 * each account's role): every series in every account-Region, shard-major, each saying its account
 * and Region, totals equal to what ListInsightsMetricData answers the SDK directly in that Region,
 * one call per distinct series page per account-Region, a failing account reported per item.
 */

const NOW = new Date('2024-05-01T12:00:00Z');
const REGIONS = ['us-east-1', 'eu-west-1'];
/** An account the emulator does not hold: its role cannot be assumed (STS AccessDenied). */
const FOREIGN = '999999999999';

/** `count` write calls of one API in one minute, in one Region. */
const calls = (region: string, eventName: string, minute: number, count: number) => iamWriteCalls(ACCOUNT, region, eventName, minute, count);

let t: OrganizationTestGateway;
let counts: EmulatorCallCounts;

beforeAll(async () => {
  t = await startOrganizationGateway(
    { regions: REGIONS, roleName: 'CloudTrailInsightsReader', accounts: [{ id: ACCOUNT, name: 'security' }, { id: FOREIGN, name: 'elsewhere', regions: ['us-east-1'] }] },
    { emulator: { now: NOW }, gateway: { insights: { now: () => NOW, cache: false } } },
  );
  // Different activity per Region, so a series read in the wrong Region would show.
  ingestLogBody(
    t.emulator,
    JSON.stringify([
      ...calls('us-east-1', 'CreateUser', 5, 12),
      ...calls('us-east-1', 'CreateUser', 20, 3),
      ...calls('us-east-1', 'PutRolePolicy', 30, 4),
      ...calls('eu-west-1', 'CreateUser', 7, 9),
      ...calls('eu-west-1', 'PutRolePolicy', 40, 11),
    ]),
  );
  await trailWithInsights(t.emulator, 'org-audit', ALL_MANAGEMENT_INSIGHTS, { isMultiRegionTrail: true });
  counts = countEmulatorCalls(t.emulator);
});
afterAll(async () => {
  counts.stop();
  await t.close();
});

const WINDOW = { period: 60, startTime: '2024-05-01T10:00:00Z', endTime: '2024-05-01T11:00:00Z' };
const createUser = { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', insightType: 'ApiCallRateInsight' };
const putRolePolicy = { eventSource: 'iam.amazonaws.com', eventName: 'PutRolePolicy', insightType: 'ApiCallRateInsight' };

const LIST = `query($input: InsightsMetricSeriesListInput!, $scope: OrganizationScope) {
  insightsMetricSeriesList(input: $input, scope: $scope) {
    __typename
    ... on AwsError { code retryable rejectedBeforeCall }
    # InsightsMetricSeries.accountId is nullable (null: the gateway's own account), FailedShard's is not: GraphQL wants an alias.
    ... on FailedShard { failedAccountId: accountId region }
    ... on InsightsMetricSeries { id accountId region eventName total }
  }
}`;

interface Item {
  __typename: string;
  code?: string;
  retryable?: boolean;
  rejectedBeforeCall?: boolean;
  id?: string;
  accountId?: string;
  failedAccountId?: string;
  region?: string;
  eventName?: string;
  total?: number;
}

/** The series' total as ListInsightsMetricData answers the SDK directly in a Region (every page). */
async function totalFromSdk(region: string, eventName: string): Promise<number> {
  let total = 0;
  let token: string | undefined;
  do {
    const out = await clientFor(t.emulator, region).send(
      new ListInsightsMetricDataCommand({
        EventSource: 'iam.amazonaws.com',
        EventName: eventName,
        InsightType: 'ApiCallRateInsight',
        Period: 60,
        StartTime: new Date(WINDOW.startTime),
        EndTime: new Date(WINDOW.endTime),
        NextToken: token,
      }),
    );
    total += (out.Values ?? []).reduce((a, b) => a + b, 0);
    token = out.NextToken;
  } while (token);
  return total;
}

describe('insightsMetricSeriesList(scope:)', () => {
  it('lists every series in every account-Region, shard-major, each with its account, Region and the total that Region holds', async () => {
    counts.reset();
    const res = await t.query<{ insightsMetricSeriesList: Item[] }>(LIST, { input: { ...WINDOW, series: [createUser, putRolePolicy, createUser] }, scope: {} });
    expect(res.errors).toBeUndefined();
    // One call per distinct series page per account-Region (the repeated CreateUser costs nothing more); none in the failed account.
    expect(counts.of('ListInsightsMetricData')).toBe(2 * 2);
    // The gateway's own count includes FOREIGN's two attempts, which never reached CloudTrail (its role was refused).
    expect(res.extensions?.awsCalls).toMatchObject({ ListInsightsMetricData: 4 + 2 });
    const items = res.data!.insightsMetricSeriesList;
    const expected: Item[] = [];
    for (const region of REGIONS) {
      for (const name of ['CreateUser', 'PutRolePolicy', 'CreateUser']) {
        expected.push({ __typename: 'InsightsMetricSeries', id: expect.any(String), accountId: ACCOUNT, region, eventName: name, total: await totalFromSdk(region, name) });
      }
    }
    // The account that cannot be read: one FailedShard per series, in its place.
    for (let k = 0; k < 3; k += 1) {
      expected.push({ __typename: 'FailedShard', failedAccountId: FOREIGN, region: 'us-east-1', code: 'AccessDenied', retryable: false, rejectedBeforeCall: false });
    }
    expect(items).toEqual(expected);
    // The data differ by Region, so each total was read where it says.
    expect(items[0]?.total).not.toBe(items[3]?.total);
  });

  it('gives each account-Region\'s series a global id of its own, which node(id:) reads again from that account and Region', async () => {
    const res = await t.query<{ insightsMetricSeriesList: Item[] }>(LIST, { input: { ...WINDOW, series: [createUser] }, scope: { accounts: [ACCOUNT] } });
    const items = res.data!.insightsMetricSeriesList;
    expect(items.map((i) => i.region)).toEqual(REGIONS);
    const ids = items.map((i) => i.id!);
    expect(new Set(ids).size).toBe(2);
    const own = await t.query<{ insightsMetricSeriesList: Item[] }>(LIST, { input: { ...WINDOW, series: [createUser], region: 'us-east-1' } });
    // The gateway's own account's series is another object than the member view of it.
    expect(ids).not.toContain(own.data!.insightsMetricSeriesList[0]!.id);
    const again = await t.query<{ node: Item }>(`query($id: ID!) { node(id: $id) { ... on InsightsMetricSeries { accountId region total } } }`, { id: ids[1] });
    expect(again.data?.node).toEqual({ accountId: ACCOUNT, region: 'eu-west-1', total: items[1]!.total });
  });

  it('a throttled account-Region is a retryable FailedShard item while the other answers', async () => {
    // The member's first call in the list fails; which Region gets it depends on timing, so read both.
    t.emulator.faults.set({ failures: [{ operation: 'ListInsightsMetricData', errorType: 'ThrottlingException', times: 1 }] });
    try {
      const res = await t.query<{ insightsMetricSeriesList: Item[] }>(LIST, { input: { ...WINDOW, series: [putRolePolicy] }, scope: { accounts: [ACCOUNT] } });
      const items = res.data!.insightsMetricSeriesList;
      const failed = items.filter((i) => i.__typename === 'FailedShard');
      expect(failed).toEqual([{ __typename: 'FailedShard', failedAccountId: ACCOUNT, region: expect.any(String), code: 'ThrottlingException', retryable: true, rejectedBeforeCall: false }]);
      const answered = items.filter((i) => i.__typename === 'InsightsMetricSeries');
      expect(answered).toHaveLength(1);
      expect(answered[0]!.total).toBe(await totalFromSdk(answered[0]!.region!, 'PutRolePolicy'));
      expect(new Set(items.map((i) => i.region))).toEqual(new Set(REGIONS));
    } finally {
      t.emulator.faults.set({});
    }
  });

  it('input CloudTrail would refuse is the same typed error as without scope, before any call; region and trail are refused with scope', async () => {
    counts.reset();
    const res = await t.query<{ insightsMetricSeriesList: Item[] }>(LIST, { input: { ...WINDOW, series: [{ ...createUser, eventSource: '' }] }, scope: { accounts: [ACCOUNT] } });
    expect(res.data?.insightsMetricSeriesList.map((i) => [i.__typename, i.rejectedBeforeCall])).toEqual([
      ['InvalidParameterException', true],
      ['InvalidParameterException', true],
    ]);
    expect(counts.of('ListInsightsMetricData')).toBe(0);
    const withRegion = await t.query(LIST, { input: { ...WINDOW, series: [createUser], region: 'us-east-1' }, scope: {} });
    expect(withRegion.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const withTrail = await t.query(LIST, { input: { ...WINDOW, series: [{ ...createUser, trail: 'org-audit' }] }, scope: {} });
    expect(withTrail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
