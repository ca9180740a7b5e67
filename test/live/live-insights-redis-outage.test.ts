import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { FAST_LIVE_INSIGHTS, startTestFleet, type TestFleet } from '../helpers/fleet.js';
import type { GatewayProcess } from '../helpers/gateway-process.js';
import { ingestLog, insightBurstLog, insightsAtEmulator } from '../helpers/insight-bursts.js';
import type { RunningRedis } from '../helpers/redis-server.js';
import { eventually, subscribeOverSse, subscriptionPayloads, type SseSubscription } from '../helpers/sse.js';

/**
 * Live Insights while Redis is down: two gateway processes on one redis-server and one emulator,
 * SSE clients on both. Redis is killed (SIGKILL) and started again empty, as after a crash; the
 * emulator produces new Insights before, during and after the outage.
 */

const CLIENTS_PER_REPLICA = 2;
let redis: RunningRedis;
let emulator: RunningEmulator;
let calls: EmulatorCallCounts;
const replicas: GatewayProcess[] = [];
const streams: SseSubscription[] = [];

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await startTestFleet({ emulator: { seed: 'demo' }, env: FAST_LIVE_INSIGHTS });
  ({ redis, emulator } = fleet);
  replicas.push(...fleet.replicas);
  calls = countEmulatorCalls(emulator);
}, 60_000);

afterAll(async () => {
  for (const stream of streams) stream.close();
  calls?.stop();
  await fleet?.stop();
});

const STARTED = 'subscription($after: String) { insightEventStarted(after: $after) { cursor insight { sharedEventId } } }';
const ENDED = 'subscription($after: String) { insightEventEnded(after: $after) { cursor insight { sharedEventId } } }';
type Notice = { cursor: string; insight: { sharedEventId: string } };

const notices = (stream: SseSubscription): Notice[] => subscriptionPayloads<Notice>(stream);

const ids = (stream: SseSubscription): string[] => notices(stream).map((n) => n.insight.sharedEventId);


/** Ingests a burst for each API named and returns the sharedEventIds of the Insights it raised. */
async function newInsights(eventNames: string[]): Promise<string[]> {
  const before = (await insightsAtEmulator(emulator)).starts;
  await ingestLog(emulator.url, insightBurstLog(eventNames));
  const raised = [...(await insightsAtEmulator(emulator)).starts].filter((id) => !before.has(id)).sort();
  expect(raised).toHaveLength(eventNames.length);
  return raised;
}

/** Waits until the replicas have made `more` LookupEvents calls: polls that could publish again if they were to. */
async function morePolls(more: number, what: string): Promise<void> {
  const from = calls.of('LookupEvents');
  await eventually(() => calls.of('LookupEvents') >= from + more, 30_000, what);
}

async function readiness(replica: GatewayProcess): Promise<unknown> {
  return (await replica.readiness()).body.status;
}

describe('live Insights when Redis goes down and comes back', () => {
  it('keeps delivering every new Insights event exactly once to SSE clients on both replicas, those subscribed during the outage too, and a client resuming from before the outage gets what was published during it', async () => {
    const clients: { started: SseSubscription; ended: SseSubscription }[] = [];
    for (const replica of replicas) {
      for (let i = 0; i < CLIENTS_PER_REPLICA; i += 1) {
        const started = await subscribeOverSse(replica.url, STARTED);
        const ended = await subscribeOverSse(replica.url, ENDED);
        streams.push(started, ended);
        clients.push({ started, ended });
      }
    }
    // The leader's first poll records what LookupEvents already holds; then the feed carries what is new.
    await morePolls(3, 'the first polls');
    const beforeOutage = await newInsights(['PutParameter']);
    for (const client of clients) {
      await client.started.waitForResults(1, 30_000);
      await client.ended.waitForResults(1, 30_000);
    }
    const resumeFrom = notices(clients[0].started)[0].cursor;

    await redis.stop();
    await eventually(async () => (await readiness(replicas[0])) === 'degraded' && (await readiness(replicas[1])) === 'degraded', 30_000, 'both replicas degraded');
    // A client that subscribes while Redis is down hears the replica's own feed.
    const lateComer = await subscribeOverSse(replicas[1].url, STARTED);
    streams.push(lateComer);
    const duringOutage = await newInsights(['DeleteParameter', 'LabelParameterVersion']);
    for (const client of clients) {
      await client.started.waitForResults(3, 30_000);
      await client.ended.waitForResults(3, 30_000);
    }

    await redis.restart();
    await eventually(async () => (await readiness(replicas[0])) === 'ready' && (await readiness(replicas[1])) === 'ready', 30_000, 'both replicas ready');
    await morePolls(4, 'polls after Redis is back');
    const afterOutage = await newInsights(['PutInventory']);
    for (const client of clients) {
      await client.started.waitForResults(4, 30_000);
      await client.ended.waitForResults(4, 30_000);
    }
    await lateComer.waitForResults(3, 30_000);
    // More polls on both sides of the switch: nothing is delivered again.
    await morePolls(6, 'later polls');
    expect(ids(lateComer).sort()).toEqual([...duringOutage, ...afterOutage].sort());

    const every = [...beforeOutage, ...duringOutage, ...afterOutage].sort();
    for (const client of clients) {
      expect(ids(client.started).sort()).toEqual(every);
      expect(ids(client.ended).sort()).toEqual(every);
    }
    // Redis came back empty: the replicas handed back what they published alone, once.
    const resumed = await subscribeOverSse(replicas[1].url, STARTED, { after: resumeFrom });
    streams.push(resumed);
    await resumed.waitForResults(3, 30_000);
    await morePolls(3, 'polls after resuming');
    expect(ids(resumed).sort()).toEqual([...duringOutage, ...afterOutage].sort());
    expect(replicas.map((r) => r.output()).join('\n')).toContain('this replica polls on its own');
  }, 120_000);
});
