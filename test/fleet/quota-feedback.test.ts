import { afterEach, describe, expect, it } from 'vitest';
import { QuotaBuckets } from '../../src/fleet/quota-buckets.js';
import { LiveInsights } from '../../src/live/live-insights.js';
import { countEmulatorCalls } from '../helpers/emulator-calls.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';
import { eventually } from '../helpers/sse.js';
import { ACCOUNT } from '../helpers/trails.js';

/**
 * What spends and slows CloudTrail's quota buckets besides a request's own calls: a member
 * account's throttles (its own buckets), and the live Insights poller (the same LookupEvents bucket
 * as requests), counted at the emulator.
 */

let closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close();
  closing = [];
});

const OWN_INSIGHTS = '{ insightEvents(first: 1) { edges { node { id } } } }';
const MEMBER_INSIGHTS = 'query($scope: OrganizationScope!) { insightEvents(first: 1, scope: $scope) { edges { node { id } } failedShards { accountId code retryable } } }';

describe('CloudTrail quota buckets', () => {
  it("a member account's ThrottlingException slows that account's bucket, not the gateway's own", async () => {
    const throttles: string[] = [];
    const buckets = new QuotaBuckets({ account: 'own', onThrottle: (operation, region, account) => throttles.push(`${account} ${region} ${operation}`) });
    const t: OrganizationTestGateway = await startOrganizationGateway(
      { regions: ['us-east-1'], roleName: 'CloudTrailInsightsReader', accounts: [{ id: ACCOUNT, name: 'security' }] },
      { gateway: { awsQuota: { buckets, maxWaitMs: 300 }, insights: { cache: false } } },
    );
    closing.push(() => t.close());
    const calls = countEmulatorCalls(t.emulator);
    t.emulator.faults.set({ failures: [{ operation: 'LookupEvents', errorType: 'ThrottlingException', times: 1 }] });

    const throttled = await t.query(MEMBER_INSIGHTS, { scope: { accounts: [ACCOUNT] } });
    expect(throttled.data).toEqual({ insightEvents: { edges: [], failedShards: [{ accountId: ACCOUNT, code: 'ThrottlingException', retryable: true }] } });
    expect(calls.of('LookupEvents')).toBe(1);
    expect(throttles).toEqual([`${ACCOUNT} us-east-1 LookupEvents`]);

    // The gateway's own bucket was not pushed back: with 300 ms of wait allowed, its call goes at once.
    const own = await t.query(OWN_INSIGHTS);
    expect(own.errors).toBeUndefined();
    expect(calls.of('LookupEvents')).toBe(2);
    calls.stop();
  });

  it("the live Insights poller's LookupEvents take slots of the requests' bucket: together they never exceed its rate", async () => {
    // One LookupEvents a second for this account and Region (AWS's 2, half of it spent).
    const buckets = new QuotaBuckets({ quotas: { LookupEvents: 2 }, share: 0.5 });
    const intervalMs = buckets.intervalOf('LookupEvents');
    expect(intervalMs).toBe(1000);
    const polls: number[] = [];
    const t: TestGateway = await startTestGateway({
      emulator: { seed: 'demo' },
      gateway: {
        awsQuota: { buckets, maxWaitMs: 10_000 },
        insights: { cache: false },
        // The hub is built below, on the gateway's clients and buckets.
        liveInsights: false,
      },
    });
    closing.push(() => t.close());
    const live = new LiveInsights({
      clients: t.clients,
      quota: buckets,
      // On its own it would call LookupEvents twice a second (its pace), every 100 ms when it could.
      settings: { pollIntervalMs: 100, callsPerSecond: 2, lookbackSeconds: 600 },
      onPoll: () => polls.push(Date.now()),
    });
    closing.push(() => live.close());
    const calls = countEmulatorCalls(t.emulator);
    const startedAt = Date.now();
    const subscription = await live.subscribe({ region: 'us-east-1', callerId: 'test' });
    closing.push(async () => void (await subscription.return?.()));

    let answered = 0;
    while (answered < 3) {
      const answer = await t.query(OWN_INSIGHTS);
      expect(answer.errors).toBeUndefined();
      answered += 1;
    }
    await eventually(() => polls.length >= 3, 30_000, 'three polls');
    const elapsedMs = Date.now() - startedAt;
    // Each call took a slot one interval after the previous one, whoever made it.
    expect(calls.of('LookupEvents')).toBeGreaterThanOrEqual(6);
    expect(calls.of('LookupEvents')).toBeLessThanOrEqual(Math.floor(elapsedMs / intervalMs) + 1);
    calls.stop();
  });
});
