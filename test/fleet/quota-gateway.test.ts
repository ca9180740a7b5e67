import { afterEach, describe, expect, it } from 'vitest';
import { QuotaBuckets } from '../../src/fleet/quota-buckets.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { countEmulatorCalls } from '../helpers/emulator-calls.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail } from '../helpers/trails.js';

/** The quota buckets inside one gateway (in memory, AWS_QUOTA_BUCKET=local), over the real SDK and emulator. */

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function gatewayWithBuckets(maxWaitMs: number, throttles: string[], metrics?: GatewayMetrics): Promise<TestGateway> {
  const buckets = new QuotaBuckets({ onThrottle: (operation) => throttles.push(operation) });
  t = await startTestGateway({ gateway: { awsQuota: { buckets, maxWaitMs }, metrics } });
  await createTrail(t.sdkClient(), 'audit');
  return t;
}

const TRAILS = '{ trails(first: 5) { edges { node { name } } } }';

describe('CloudTrail quotas in the gateway', () => {
  it("a ThrottlingException from AWS slows the bucket: the next call would wait past its allowed time, so it is refused unsent with AWS_QUOTA_EXHAUSTED", async () => {
    const throttles: string[] = [];
    const gateway = await gatewayWithBuckets(300, throttles);
    gateway.emulator.faults.set({ failures: [{ operation: 'ListTrails', errorType: 'ThrottlingException', times: 1 }] });
    const calls = countEmulatorCalls(gateway.emulator);

    const throttled = await gateway.query(TRAILS);
    expect(throttled.errors?.[0]?.extensions).toMatchObject({ code: 'ThrottlingException', retryable: true });
    expect(throttles).toEqual(['ListTrails']);

    const refused = await gateway.query(TRAILS);
    expect(refused.data).toEqual({ trails: null });
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0]?.path).toEqual(['trails']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'AWS_QUOTA_EXHAUSTED', retryable: true, operation: 'ListTrails', region: 'us-east-1' });
    // Its slot: at most one read interval (112 ms) after the throttled call, plus the second the throttle added.
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect(calls.of('ListTrails')).toBe(1);
    calls.stop();
  });

  it('calls within the quota queue briefly and are answered; their waits are in gateway_aws_token_wait_seconds', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    const gateway = await gatewayWithBuckets(5000, [], metrics);
    const calls = countEmulatorCalls(gateway.emulator);
    // Two requests, two ListTrails: the second waits one interval of the 10 TPS read quota (112 ms at 0.9).
    const [first, second] = await Promise.all([gateway.query(TRAILS), gateway.query(TRAILS)]);
    for (const answer of [first, second]) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ trails: { edges: [{ node: { name: 'audit' } }] } });
    }
    expect(calls.of('ListTrails')).toBe(2);
    expect((await metrics.scrape()).body).toMatch(/^gateway_aws_token_wait_seconds_count\{operation_class="read"\} 2$/m);
    calls.stop();
  });

  it('a mutation refused by the quota gets AWS_QUOTA_EXHAUSTED on its field, the same way as RATE_LIMITED, and nothing is sent', async () => {
    const gateway = await gatewayWithBuckets(300, []);
    gateway.emulator.faults.set({ failures: [{ operation: 'PutInsightSelectors', errorType: 'ThrottlingException', times: 1 }] });
    const calls = countEmulatorCalls(gateway.emulator);
    const put = `mutation { putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
      __typename ... on AwsError { code retryable } } }`;
    const throttled = await gateway.query(put);
    expect(throttled.data).toEqual({ putTrailInsightSelectors: { __typename: 'ThrottlingException', code: 'ThrottlingException', retryable: true } });
    const refused = await gateway.query(put);
    expect(refused.data).toEqual({ putTrailInsightSelectors: null });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'AWS_QUOTA_EXHAUSTED', retryable: true, operation: 'PutInsightSelectors' });
    // At most one write interval (1,112 ms at 1 TPS) after the throttled put, plus the second the throttle added.
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(3);
    expect(calls.of('PutInsightSelectors')).toBe(1);
    calls.stop();
  });
});
