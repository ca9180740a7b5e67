import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURSOR_TTL_MS, MemoryCursorStore, RedisCursorStore } from '../../src/fleet/cursor-store.js';
import { FleetRedis } from '../../src/fleet/redis.js';
import { startRedis, type RunningRedis } from '../helpers/redis-server.js';

/** Where long merged cursors are kept: shared by replicas through a real Redis, or in one process. */

let redis: RunningRedis;
const connections: FleetRedis[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await redis.stop();
});

async function replica(): Promise<RedisCursorStore> {
  const connection = new FleetRedis(redis.url, { log: () => {} });
  connections.push(connection);
  expect(await connection.waitUntilReady(5000)).toBe('ready');
  return new RedisCursorStore(connection);
}

describe('RedisCursorStore', () => {
  it('a cursor kept by one replica is found by another', async () => {
    const [a, b] = [await replica(), await replica()];
    await a.put('key-1', 'a-long-cursor');
    expect(await b.get('key-1')).toBe('a-long-cursor');
    expect(await b.get('never-kept')).toBeUndefined();
  });
});

describe('MemoryCursorStore', () => {
  it('keeps cursors for an hour, at most its size in characters, the oldest dropped first', async () => {
    let now = 0;
    const store = new MemoryCursorStore(10, () => now);
    await store.put('a', 'aaaa');
    await store.put('b', 'bbbb');
    await store.put('c', 'cccc');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBe('bbbb');
    now = CURSOR_TTL_MS;
    expect(await store.get('c')).toBeUndefined();
  });
});
