import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetRedis } from '../../src/fleet/redis.js';
import { SharedReadCache, type SharedReadCacheOptions } from '../../src/fleet/shared-read-cache.js';
import { startRedis, type RunningRedis } from '../helpers/redis-server.js';

/** Two caches on one Redis stand for two replicas; each has its own connection, as each process would. */

let redis: RunningRedis;
const connections: FleetRedis[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  await redis?.stop();
});

async function replica(options: Partial<SharedReadCacheOptions> = {}, account = 'acct-a'): Promise<SharedReadCache> {
  const connection = new FleetRedis(redis.url, { log: () => {} });
  connections.push(connection);
  expect(await connection.waitUntilReady(5000)).toBe('ready');
  const cache = new SharedReadCache({ local: { ttlMs: 60_000, maxEntries: 100 }, redis: connection, account, ...options });
  await cache.listening;
  return cache;
}

/** A read that counts its calls and answers after `ms`, like a slow CloudTrail page. */
function countedRead<T>(answer: T, ms = 50) {
  let calls = 0;
  return {
    calls: () => calls,
    fetch: async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return answer;
    },
  };
}

let keyCounter = 0;
const freshRead = (operation = 'ListInsightsMetricData') => ({ operation, region: 'us-east-1', input: { EventName: `k${(keyCounter += 1)}` } });

describe('SharedReadCache on Redis', () => {
  it('an answer read by one replica is served to the other from Redis, Dates included', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const page = { Timestamps: [new Date('2023-07-10T12:00:00Z')], Values: [3], NextToken: undefined };
    const read = freshRead();
    const aws = countedRead(page);
    expect(await a.through(read, aws.fetch)).toEqual(page);
    const fromB = await b.through(read, aws.fetch);
    expect(aws.calls()).toBe(1);
    expect(fromB).toEqual(page);
    expect(fromB.Timestamps[0]).toBeInstanceOf(Date);
  });

  it('replicas missing the same read at once make one call: the others wait for its answer (single-flight)', async () => {
    const replicas = await Promise.all([replica(), replica(), replica()]);
    const read = freshRead();
    const aws = countedRead({ Values: [1, 2, 3] }, 200);
    const answers = await Promise.all(replicas.flatMap((cache) => [cache.through(read, aws.fetch), cache.through(read, aws.fetch)]));
    expect(aws.calls()).toBe(1);
    for (const answer of answers) expect(answer).toEqual({ Values: [1, 2, 3] });
  });

  it('a replica waits for another one at most singleFlightWaitMs, then calls itself', async () => {
    const [a, b] = await Promise.all([replica(), replica({ singleFlightWaitMs: 100 })]);
    const read = freshRead();
    const slow = countedRead('slow', 1500);
    const own = countedRead('own', 0);
    const leader = a.through(read, slow.fetch);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    expect(await b.through(read, own.fetch)).toBe('own');
    expect(performance.now() - started).toBeLessThan(1400);
    expect(await leader).toBe('slow');
  });

  it("a failed read is kept nowhere, and the leader's failure lets a waiting replica call at once", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const read = freshRead();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('ThrottlingException');
    };
    const first = a.through(read, failing);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = b.through(read, async () => 'answered');
    await expect(first).rejects.toThrow('ThrottlingException');
    expect(await second).toBe('answered');
    expect(calls).toBe(1);
    expect(await a.through(read, async () => 'fresh')).toBe('answered');
  });

  it('invalidate() on one replica makes every replica read again: its Redis generation and the others\' memory', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const read = freshRead();
    expect(await a.through(read, async () => 'before')).toBe('before');
    expect(await b.through(read, async () => 'unused')).toBe('before');
    await a.invalidate();
    // Pub/sub reaches B's subscriber connection a moment after the change is acknowledged.
    await expect.poll(() => b.localLevel.size, { timeout: 2000, interval: 10 }).toBe(0);
    expect(await b.through(read, async () => 'after')).toBe('after');
    expect(await a.through(read, async () => 'unused')).toBe('after');
  });

  it('keeps accounts apart: the same read for another account is another key', async () => {
    const [a, other] = await Promise.all([replica({}, 'acct-a'), replica({}, 'acct-b')]);
    const read = freshRead();
    expect(await a.through(read, async () => 'account a')).toBe('account a');
    expect(await other.through(read, async () => 'account b')).toBe('account b');
  });

  it("keeps a member account's reads apart from the gateway's own account's", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const read = freshRead();
    expect(await a.through(read, async () => 'own account')).toBe('own account');
    expect(await a.through({ ...read, account: '210987654321' }, async () => 'member account')).toBe('member account');
    expect(await b.through({ ...read, account: '210987654321' }, async () => 'unused')).toBe('member account');
    expect(await b.through(read, async () => 'unused')).toBe('own account');
  });

  it('TTLs are per operation: 0 never caches, and an answer taken from Redis lives no longer than it had left there', async () => {
    const [a, b] = await Promise.all([
      replica({ ttlMsByOperation: { LookupEvents: 0, ListInsightsData: 300 } }),
      replica({ ttlMsByOperation: { LookupEvents: 0, ListInsightsData: 300 } }),
    ]);
    const lookup = freshRead('LookupEvents');
    const lookups = countedRead('events', 0);
    await a.through(lookup, lookups.fetch);
    await b.through(lookup, lookups.fetch);
    expect(lookups.calls()).toBe(2);

    const data = freshRead('ListInsightsData');
    const reads = countedRead('data', 0);
    await a.through(data, reads.fetch);
    await b.through(data, reads.fetch);
    expect(reads.calls()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await b.through(data, reads.fetch);
    expect(reads.calls()).toBe(2);
  });

  it('with Redis unreachable each replica answers from its own reads and memory, and nothing fails', async () => {
    const lonely = new FleetRedis('redis://127.0.0.1:1', { log: () => {} });
    connections.push(lonely);
    expect(await lonely.waitUntilReady(200)).toBe('degraded');
    const cache = new SharedReadCache({ local: { ttlMs: 60_000, maxEntries: 10 }, redis: lonely, account: 'acct-a' });
    const read = freshRead();
    const aws = countedRead('answer', 0);
    expect(await cache.through(read, aws.fetch)).toBe('answer');
    expect(await cache.through(read, aws.fetch)).toBe('answer');
    expect(aws.calls()).toBe(1);
    await cache.invalidate();
    expect(await cache.through(read, aws.fetch)).toBe('answer');
    expect(aws.calls()).toBe(2);
  });
});
