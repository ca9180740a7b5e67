import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetRedis } from '../../src/fleet/redis.js';
import { FailoverInsightFeed } from '../../src/live/failover-feed.js';
import type { InsightNotice, UnplacedInsightNotice } from '../../src/live/insight-notices.js';
import { LiveInsights } from '../../src/live/live-insights.js';
import { RedisInsightFeed, RedisPollerLease } from '../../src/live/redis-feed.js';
import { startEmulatorBackend, type EmulatorBackend } from '../helpers/gateway.js';
import { startRedis, type RunningRedis } from '../helpers/redis-server.js';
import { eventually } from '../helpers/sse.js';

/**
 * The fleet's feed that falls back to one process's own while Redis is down, on a real
 * redis-server: what a subscription gets when both feeds carry an event (at a switch), and what the
 * replay buffer holds after a replica hands back what it published alone.
 */

let redis: RunningRedis;
let backend: EmulatorBackend;
let fleet: FleetRedis;

beforeAll(async () => {
  [redis, backend] = await Promise.all([startRedis(), startEmulatorBackend()]);
  fleet = new FleetRedis(redis.url, { log: () => undefined });
  await fleet.waitUntilReady(5000);
});

afterAll(async () => {
  await fleet?.close();
  await Promise.all([redis?.stop(), backend?.close()]);
});

const notice = (eventId: string): UnplacedInsightNotice => ({
  kind: 'started',
  region: 'us-east-1',
  start: { EventId: eventId, EventTime: '2026-12-01T05:00:00.000Z' },
  end: null,
});

function failoverFeed(): { feed: FailoverInsightFeed; shared: RedisInsightFeed } {
  const shared = new RedisInsightFeed(fleet, 100);
  return { shared, feed: new FailoverInsightFeed(fleet, shared, new RedisPollerLease(fleet.client, 60_000), 100, () => undefined) };
}

describe('the failover feed', () => {
  it('a subscription gets an Insights event once when both the local and the shared feed publish it', async () => {
    const { feed, shared } = failoverFeed();
    // The poller finds nothing at the (empty) emulator; the test publishes as two pollers would.
    const live = new LiveInsights({ clients: backend.clients, feed, accountId: () => Promise.resolve('111122223333'), settings: { pollIntervalMs: 60_000 } });
    const feedKey = '111122223333:us-east-1';
    const stream = await live.subscribe({ region: 'us-east-1', callerId: 'dashboard' });
    const got: InsightNotice[] = [];
    void (async () => {
      for await (const n of stream) got.push(n);
    })();

    await feed.local.publishOnce(feedKey, 'e-1', 1, notice('e-1'));
    await shared.publishOnce(feedKey, 'e-1', 1, notice('e-1'));
    await shared.publishOnce(feedKey, 'e-2', 2, notice('e-2'));
    await feed.local.publishOnce(feedKey, 'e-2', 2, notice('e-2'));
    await feed.local.publishOnce(feedKey, 'e-3', 3, notice('e-3'));
    await eventually(() => got.some((n) => n.start.EventId === 'e-3'), 10_000, 'the third event');
    expect(got.map((n) => n.start.EventId)).toEqual(['e-1', 'e-2', 'e-3']);
    await stream.return?.();
    await live.close();
  });

  it('hands back what it published alone: a client resuming from before the outage gets it, one that got it live does not get it again', async () => {
    const { feed, shared } = failoverFeed();
    const feedKey = '444455556666:us-east-1';
    const before = await shared.publishOnce(feedKey, 'before', 1, notice('before'));
    await feed.mirror(feedKey);

    // Redis "down" for this feed's poller: it polls alone, publishing into the local feed.
    await feed.rerouted(feedKey, { alone: true, feed: feed.local, lease: { acquireOrRenew: () => Promise.resolve(true), release: () => Promise.resolve() } });
    expect(await feed.local.publishOnce(feedKey, 'before', 1, notice('before'))).toBeUndefined();
    const alone1 = await feed.local.publishOnce(feedKey, 'alone-1', 2, notice('alone-1'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const alone2 = await feed.local.publishOnce(feedKey, 'alone-2', 3, notice('alone-2'));
    await feed.local.saveState(feedKey, { polledUntilMs: 5_000 });

    // Back: the notices go to the shared replay buffer once, whoever hands them back again.
    await feed.rerouted(feedKey, feed.route());
    await feed.rerouted(feedKey, feed.route());
    expect(await shared.hasSeen(feedKey, 'alone-1')).toBe(true);
    expect((await shared.loadState(feedKey))?.polledUntilMs).toBe(5_000);
    const ids = async (cursor: string) => (await shared.replayAfter(feedKey, cursor)).map((n) => n.start.EventId);
    expect(await ids(before?.cursor ?? '')).toEqual(['alone-1', 'alone-2']);
    expect(await ids(alone1?.cursor ?? '')).toEqual(['alone-2']);
    expect(await ids(alone2?.cursor ?? '')).toEqual([]);
  });
});
