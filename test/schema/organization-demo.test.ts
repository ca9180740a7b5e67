import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEmulatorCalls } from '../helpers/emulator-calls.js';
import { startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';

/**
 * The organization view over the emulator's demo organization (management 123456789012, members
 * Security 210987654321 and Workloads 345678901234, each with a CloudTrailInsightsReader role), the
 * management account's multi-Region `management-events` trail being an organization trail: what a
 * member account sees of it through the gateway, and members' Insights, each from its account.
 */

const MANAGEMENT = '123456789012';
const SECURITY = '210987654321';
const WORKLOADS = '345678901234';
let t: OrganizationTestGateway;

beforeAll(async () => {
  t = await startOrganizationGateway(
    { regions: ['us-east-1', 'eu-west-1'], roleName: 'CloudTrailInsightsReader', accounts: [{ id: SECURITY }, { id: WORKLOADS }] },
    { emulator: { seed: 'demo' } },
  );
});
afterAll(() => t.close());

describe('an organization trail seen from member accounts', () => {
  it('appears in each member account under the management account\'s ARN, with the member\'s accountId and an id of its own', async () => {
    const res = await t.query<{ trails: { edges: { node: { id: string; arn: string; accountId: string; isOrganizationTrail: boolean; status: { isLogging: boolean } } }[]; failedShards: unknown[] } }>(
      '{ trails(scope: {}) { edges { node { id arn accountId isOrganizationTrail status { isLogging } } } failedShards { accountId code } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.trails.failedShards).toEqual([]);
    const orgTrails = res.data!.trails.edges.map((e) => e.node).filter((n) => n.isOrganizationTrail);
    expect(orgTrails.map((n) => [n.accountId, n.arn.split(':')[4]])).toEqual([
      [SECURITY, MANAGEMENT],
      [WORKLOADS, MANAGEMENT],
    ]);
    expect(new Set(orgTrails.map((n) => n.id)).size).toBe(2);
    // The status was read by each member (GetTrailStatus by ARN on a shadow trail).
    for (const trail of orgTrails) expect(typeof trail.status.isLogging).toBe('boolean');
    // node(id:) reads it again from the member that saw it.
    const again = await t.query<{ node: { accountId: string; arn: string } }>('query($id: ID!) { node(id: $id) { ... on Trail { accountId arn } } }', {
      id: orgTrails[1]!.id,
    });
    expect(again.data?.node).toEqual({ accountId: WORKLOADS, arn: orgTrails[1]!.arn });
  });

  it('each member\'s Insights under the organization trail come from that member, in both Regions', async () => {
    const calls = countEmulatorCalls(t.emulator);
    const res = await t.query<{ insightEvents: { edges: { node: { accountId: string; region: string } }[]; failedShards: unknown[] } }>(
      '{ insightEvents(first: 100, scope: {}) { edges { node { accountId region } } failedShards { accountId region code } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.insightEvents.failedShards).toEqual([]);
    const shards = new Set(res.data!.insightEvents.edges.map((e) => `${e.node.accountId}/${e.node.region}`));
    expect(shards).toEqual(new Set([`${SECURITY}/us-east-1`, `${SECURITY}/eu-west-1`, `${WORKLOADS}/us-east-1`, `${WORKLOADS}/eu-west-1`]));
    // One call per account-Region: the read cache (on here) keeps each account's answer apart.
    expect(calls.of('LookupEvents')).toBe(4);
    calls.stop();
  });

  it('the management account has Insights of its own in eu-west-1, from its generated activity (us-east-1 has the sample logs\', replayed by npm start)', async () => {
    const res = await t.query<{ insightEvents: { edges: { node: { region: string; eventSource: string; accountId: string } }[] } }>(
      '{ insightEvents(first: 100, region: "eu-west-1") { edges { node { region eventSource accountId } } } }',
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.insightEvents.edges.map((e) => e.node);
    expect(new Set(nodes.map((n) => n.eventSource))).toEqual(new Set(['cloudformation.amazonaws.com', 'ssm.amazonaws.com']));
    expect(new Set(nodes.map((n) => `${n.region}/${n.accountId}`))).toEqual(new Set([`eu-west-1/${MANAGEMENT}`]));
  });
});

describe('the OrganizationInsightsDashboard example (schema/operations/10-organization-insights-dashboard.graphql)', () => {
  it('reads each default series in each member account-Region: a member\'s own burst shows in its own tiles only', async () => {
    const document = readFileSync(new URL('../../schema/operations/10-organization-insights-dashboard.graphql', import.meta.url), 'utf8');
    const res = await t.query<{ insightsMetricSeriesList: { __typename: string; accountId: string; region: string; eventName: string; total: number }[] }>(document);
    expect(res.errors).toBeUndefined();
    const items = res.data!.insightsMetricSeriesList;
    // 2 accounts x 2 Regions x 3 series, account by account, Region by Region, series in order.
    expect(items.map((i) => [i.__typename, i.accountId, i.region, i.eventName])).toEqual(
      [SECURITY, WORKLOADS].flatMap((account) =>
        ['us-east-1', 'eu-west-1'].flatMap((region) =>
          ['CreateAccessKey', 'RunInstances', 'PutBucketPolicy'].map((name) => ['InsightsMetricSeries', account, region, name]),
        ),
      ),
    );
    // Security bursts CreateAccessKey, Workloads RunInstances and PutBucketPolicy errors (the demo's activity).
    const total = (account: string, name: string) => items.filter((i) => i.accountId === account && i.eventName === name).map((i) => i.total);
    expect(total(SECURITY, 'CreateAccessKey').every((n) => n > 0)).toBe(true);
    expect(total(WORKLOADS, 'CreateAccessKey')).toEqual([0, 0]);
    expect(total(WORKLOADS, 'RunInstances').every((n) => n > 0)).toBe(true);
    expect(total(WORKLOADS, 'PutBucketPolicy').every((n) => n > 0)).toBe(true);
    expect(total(SECURITY, 'PutBucketPolicy')).toEqual([0, 0]);
  });
});
