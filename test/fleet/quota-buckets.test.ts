import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsQuotaExhaustedError } from '../../src/aws/call-refusals.js';
import { FleetRedis } from '../../src/fleet/redis.js';
import { QuotaBuckets, type QuotaBucketsOptions } from '../../src/fleet/quota-buckets.js';
import { startRedis, type RunningRedis } from '../helpers/redis-server.js';

/** Two QuotaBuckets on one Redis stand for two replicas, each with its own connection. */

let redis: RunningRedis;
const connections: FleetRedis[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  await redis?.stop();
});

let accounts = 0;
/** Replicas of one fresh account, so no test spends another's slots. */
async function replicas(count: number, options: Partial<QuotaBucketsOptions> = {}): Promise<QuotaBuckets[]> {
  const account = `acct-${(accounts += 1)}`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const connection = new FleetRedis(redis.url, { log: () => {} });
      connections.push(connection);
      expect(await connection.waitUntilReady(5000)).toBe('ready');
      return new QuotaBuckets({ redis: connection, account, ...options });
    }),
  );
}

/** A call as CloudTrailApi makes it: its slot, then its check-in just before sending. */
async function send(bucket: QuotaBuckets, operation: string, region: string, maxWaitMs: number): Promise<void> {
  const checkIn = await bucket.acquire(operation, region, maxWaitMs);
  await checkIn();
}

async function outcome(promise: Promise<void>): Promise<'sent' | AwsQuotaExhaustedError> {
  try {
    await promise;
    return 'sent';
  } catch (error) {
    if (error instanceof AwsQuotaExhaustedError) return error;
    throw error;
  }
}

describe('QuotaBuckets on Redis', () => {
  it('spaces calls by the quota times the share: ListInsightsMetricData (1 TPS) at 0.9 is one call per 1,112 ms', async () => {
    const [bucket] = await replicas(1);
    expect(bucket.intervalOf('ListInsightsMetricData')).toBe(1112);
    expect(bucket.intervalOf('LookupEvents')).toBe(556);
    expect(bucket.intervalOf('read')).toBe(112);
    expect(bucket.intervalOf('write')).toBe(1112);
  });

  it('one bucket for the whole fleet: of 6 calls across 3 replicas that may not wait, exactly one is sent', async () => {
    const fleet = await replicas(3);
    const outcomes = await Promise.all(fleet.flatMap((bucket) => [1, 2].map(() => outcome(send(bucket, 'ListInsightsMetricData', 'us-east-1', 0)))));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    for (const refused of outcomes.filter((o): o is AwsQuotaExhaustedError => o !== 'sent')) {
      expect(refused.extensions()).toMatchObject({ code: 'AWS_QUOTA_EXHAUSTED', retryable: true, operation: 'ListInsightsMetricData', region: 'us-east-1' });
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
  });

  it('buckets are per Region and operation class: other Regions and classes are not spent', async () => {
    const [a, b] = await replicas(2);
    await send(a, 'ListInsightsMetricData', 'us-east-1', 0);
    expect(await outcome(send(b, 'ListInsightsMetricData', 'eu-west-1', 0))).toBe('sent');
    expect(await outcome(send(b, 'LookupEvents', 'us-east-1', 0))).toBe('sent');
    // GetTrailStatus and DescribeTrails share the 10 TPS of get, describe and list calls.
    expect(await outcome(send(b, 'GetTrailStatus', 'us-east-1', 0))).toBe('sent');
    expect(await outcome(send(a, 'DescribeTrails', 'us-east-1', 0))).toBeInstanceOf(AwsQuotaExhaustedError);
  });

  it('a call that may wait takes the next slot and waits for it, reported to onTokenWait', async () => {
    const waits: [string, number][] = [];
    const [a, b] = await replicas(2, { quotas: { read: 20 }, share: 1, onTokenWait: (cls, seconds) => waits.push([cls, seconds]) });
    await send(a, 'ListTrails', 'us-east-1', 0);
    // The second call's slot is 50 ms after the first (20 TPS): it is sent, after waiting for it.
    expect(await outcome(send(b, 'ListTrails', 'us-east-1', 1000))).toBe('sent');
    expect(waits).toHaveLength(2);
    expect(waits.map(([cls]) => cls)).toEqual(['read', 'read']);
    // A timer may fire a millisecond early; it never fires 20 ms early.
    expect(waits[1][1]).toBeGreaterThan(0.03);
  });

  it('a call sent late after its slot keeps the next one a whole interval behind it: the check-in before sending', async () => {
    const [a, b] = await replicas(2, { quotas: { read: 10 }, share: 1 });
    const late = await a.acquire('ListTrails', 'us-east-1', 5000);
    const onTime = b.acquire('ListTrails', 'us-east-1', 5000);
    // A's call is held up (a busy process) past B's slot, 100 ms later; then both are sent.
    await new Promise((resolve) => setTimeout(resolve, 150));
    await late();
    const lateSent = performance.now();
    await (await onTime)();
    // A timer may fire a millisecond early, never 10 ms.
    expect(performance.now() - lateSent).toBeGreaterThan(90);
  });

  it('a ThrottlingException on one replica pushes the bucket back a second for every replica', async () => {
    const throttles: string[] = [];
    const [a, b] = await replicas(2, { onThrottle: (operation) => throttles.push(operation) });
    await a.throttled('LookupEvents', 'us-east-1');
    expect(throttles).toEqual(['LookupEvents']);
    // Without the push-back an unspent bucket sends at once; now the next slot is a second away.
    const refused = await outcome(send(b, 'LookupEvents', 'us-east-1', 600));
    expect(refused).toBeInstanceOf(AwsQuotaExhaustedError);
    expect(await outcome(send(b, 'LookupEvents', 'eu-west-1', 600))).toBe('sent');
  });

  it('with Redis unreachable each replica keeps its own bucket, and calls are still spaced', async () => {
    const lonely = new FleetRedis('redis://127.0.0.1:1', { log: () => {} });
    connections.push(lonely);
    const bucket = new QuotaBuckets({ redis: lonely, account: 'acct-lonely' });
    expect(await outcome(send(bucket, 'ListInsightsMetricData', 'us-east-1', 0))).toBe('sent');
    expect(await outcome(send(bucket, 'ListInsightsMetricData', 'us-east-1', 0))).toBeInstanceOf(AwsQuotaExhaustedError);
  });
});
