import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { FleetRedis } from '../../src/fleet/redis.js';
import { FeedCursorExpiredError } from '../../src/live/insight-feed.js';
import { RedisInsightFeed, RedisPollerLease } from '../../src/live/redis-feed.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { FAST_LIVE_INSIGHTS, startTestFleet, type TestFleet } from '../helpers/fleet.js';
import type { GatewayProcess } from '../helpers/gateway-process.js';
import { ingestLog, insightBurstLog, insightsAtEmulator } from '../helpers/insight-bursts.js';
import type { RunningRedis } from '../helpers/redis-server.js';
import { eventually, subscribeOverSse, subscriptionPayloads, type SseSubscription } from '../helpers/sse.js';

/**
 * Live Insights across a fleet: two gateway processes on one redis-server and one emulator, each
 * replica reaching the emulator through its own counting proxy, so the test sees which replica
 * polls. 50 clients, each with an `insightEventStarted` and an `insightEventEnded` stream over SSE.
 */

const CLIENTS = 50;
let redis: RunningRedis;
let emulator: RunningEmulator;
let calls: EmulatorCallCounts;
const proxies: FaultProxy[] = [];
const replicas: GatewayProcess[] = [];
const streams: SseSubscription[] = [];

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await startTestFleet({
    emulator: { seed: 'demo' },
    env: { ...FAST_LIVE_INSIGHTS, LIVE_INSIGHTS_MAX_SUBSCRIBERS_PER_CALLER: '200' },
    async endpointFor(emulatorUrl) {
      const proxy = await startFaultProxy(emulatorUrl);
      proxies.push(proxy);
      return proxy.url;
    },
  });
  ({ redis, emulator } = fleet);
  replicas.push(...fleet.replicas);
  calls = countEmulatorCalls(emulator);
}, 60_000);

afterAll(async () => {
  for (const stream of streams) stream.close();
  calls?.stop();
  await fleet?.stop();
  await Promise.all(proxies.map((proxy) => proxy.close()));
});

const STARTED = 'subscription($after: String) { insightEventStarted(after: $after) { cursor insight { sharedEventId state } } }';
const ENDED = 'subscription($after: String) { insightEventEnded(after: $after) { cursor insight { sharedEventId state } } }';
type Notice = { cursor: string; insight: { sharedEventId: string; state: string } };

const notices = (stream: SseSubscription): Notice[] => subscriptionPayloads<Notice>(stream);


function difference(after: Set<string>, before: Set<string>): string[] {
  return [...after].filter((id) => !before.has(id)).sort();
}

/** A client: a started and an ended stream on one replica. */
interface Client {
  started: SseSubscription[];
  ended: SseSubscription[];
}

function received(client: Client, kind: 'started' | 'ended'): Notice[] {
  return client[kind].flatMap(notices);
}

describe('live Insights across two replicas on one Redis', () => {
  it('delivers every new Insights event exactly once to 50 SSE clients with one poller, and loses nothing when the poller is killed', async () => {
    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const replica = replicas[i % 2];
      const started = await subscribeOverSse(replica.url, STARTED);
      const ended = await subscribeOverSse(replica.url, ENDED);
      streams.push(started, ended);
      clients.push({ started: [started], ended: [ended] });
    }
    // The leader's first poll records what LookupEvents already holds; new Insights come after it.
    await eventually(() => calls.of('LookupEvents') >= 2, 20_000, 'the first poll');
    const leader = proxies[0].received('LookupEvents') > 0 ? 0 : 1;
    const follower = 1 - leader;
    expect(proxies[follower].received('LookupEvents')).toBe(0);

    const before = await insightsAtEmulator(emulator);
    await ingestLog(emulator.url, insightBurstLog(['PutParameter', 'DeleteParameter']));
    const first = await insightsAtEmulator(emulator);
    const firstStarts = difference(first.starts, before.starts);
    const firstEnds = difference(first.ends, before.ends);
    expect(firstStarts).toHaveLength(2);
    expect(firstEnds).toEqual(firstStarts);
    for (const client of clients) {
      await client.started[0].waitForResults(2);
      await client.ended[0].waitForResults(2);
    }
    // However many listen, on either replica: one poller's calls, the leader's.
    expect(proxies[follower].received('LookupEvents')).toBe(0);
    // Every LookupEvents the emulator served (but this test's own two) came through the leader's proxy.
    expect(calls.of('LookupEvents') - 2).toBeLessThanOrEqual(proxies[leader].received('LookupEvents'));

    // The poller's replica dies. Its clients reconnect to the other one with their last cursors.
    await replicas[leader].stop();
    const leaderCalls = proxies[leader].received('LookupEvents');
    await ingestLog(emulator.url, insightBurstLog(['LabelParameterVersion', 'PutInventory']));
    const second = await insightsAtEmulator(emulator);
    const secondStarts = difference(second.starts, first.starts);
    expect(secondStarts).toHaveLength(2);
    for (const client of clients.filter((_, i) => i % 2 === leader)) {
      for (const kind of ['started', 'ended'] as const) {
        const last = received(client, kind).at(-1)?.cursor;
        const resumed = await subscribeOverSse(replicas[follower].url, kind === 'started' ? STARTED : ENDED, { after: last });
        streams.push(resumed);
        client[kind].push(resumed);
      }
    }
    const everyStart = [...firstStarts, ...secondStarts].sort();
    for (const client of clients) {
      await eventually(() => received(client, 'started').length >= 4 && received(client, 'ended').length >= 4, 30_000, 'the second Insights');
    }
    // Let the new leader poll a few more times: nothing is published again.
    const settled = proxies[follower].received('LookupEvents');
    await eventually(() => proxies[follower].received('LookupEvents') >= settled + 3, 10_000, 'more polls');
    for (const client of clients) {
      for (const kind of ['started', 'ended'] as const) {
        const got = received(client, kind);
        expect(got.map((n) => n.insight.sharedEventId).sort()).toEqual(everyStart);
        expect(got.every((n) => n.insight.state === (kind === 'started' ? 'ACTIVE' : 'ENDED'))).toBe(true);
        const cursors = got.map((n) => n.cursor);
        expect([...cursors].sort((x, y) => (BigInt(x.split('-')[0]) === BigInt(y.split('-')[0]) ? Number(x.split('-')[1]) - Number(y.split('-')[1]) : Number(BigInt(x.split('-')[0]) - BigInt(y.split('-')[0]))))).toEqual(cursors);
      }
    }
    // The lease moved: the survivor polls, the dead replica made no call since.
    expect(proxies[follower].received('LookupEvents')).toBeGreaterThan(0);
    expect(proxies[leader].received('LookupEvents')).toBe(leaderCalls);
  }, 120_000);
});

describe('the Redis feed and lease', () => {
  it('publishes an event id once, replays the last notices after a cursor, refuses a cursor older than them, and lets one holder take a lease', async () => {
    const fleet = new FleetRedis(redis.url, { log: () => undefined });
    await fleet.waitUntilReady(5000);
    const feed = new RedisInsightFeed(fleet, 2);
    const heard: string[] = [];
    const unlisten = await feed.listen('111122223333:eu-west-1', (notice) => heard.push(notice.cursor));
    const notice = (n: number) => ({ kind: 'started' as const, region: 'eu-west-1', start: { EventId: `e${n}` }, end: null });
    const cursors: string[] = [];
    for (let n = 0; n < 5; n += 1) cursors.push((await feed.publishOnce('111122223333:eu-west-1', `e${n}`, n, notice(n)))?.cursor ?? '');
    expect(await feed.publishOnce('111122223333:eu-west-1', 'e4', 4, notice(4))).toBeUndefined();
    await eventually(() => heard.length === 5, 5000, 'the published notices');
    expect(heard).toEqual(cursors);
    // A window of 2: a client that got e2 missed e3 and e4, both kept; one that got e1 missed e2 too.
    expect((await feed.replayAfter('111122223333:eu-west-1', cursors[2])).map((n) => n.start.EventId)).toEqual(['e3', 'e4']);
    await expect(feed.replayAfter('111122223333:eu-west-1', cursors[1])).rejects.toBeInstanceOf(FeedCursorExpiredError);
    unlisten();

    const one = new RedisPollerLease(fleet.client, 60_000);
    const other = new RedisPollerLease(fleet.client, 60_000);
    expect(await one.acquireOrRenew('111122223333:eu-west-1')).toBe(true);
    expect(await other.acquireOrRenew('111122223333:eu-west-1')).toBe(false);
    expect(await one.acquireOrRenew('111122223333:eu-west-1')).toBe(true);
    await one.release('111122223333:eu-west-1');
    expect(await other.acquireOrRenew('111122223333:eu-west-1')).toBe(true);
    await fleet.close();
  });
});
