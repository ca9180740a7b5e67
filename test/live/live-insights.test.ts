import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryAuditSink } from '../../src/audit/audit-sinks.js';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { LiveInsights } from '../../src/live/live-insights.js';
import { MemoryInsightFeed } from '../../src/live/memory-feed.js';
import { createGateway } from '../../src/server.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { startEmulatorBackend, type EmulatorBackend } from '../helpers/gateway.js';
import { ingestLog, insightBurstLog } from '../helpers/insight-bursts.js';
import { eventually, subscribeOverSse, type SseSubscription } from '../helpers/sse.js';

/**
 * Live Insights in one process (no Redis): real HTTP, yoga's SSE, the emulator's admin ingest
 * raising Insights, and LookupEvents counted at the emulator.
 */

const POLL_MS = 150;
let backend: EmulatorBackend;
let calls: EmulatorCallCounts;
let live: LiveInsights;
let server: Server;
let url: string;
const polls: { region: string; published: number }[] = [];
const reader = generateApiKey('dashboard', ['insights:read']);
const noInsights = generateApiKey('trail-viewer', ['cloudtrail:read']);
const open: SseSubscription[] = [];

beforeAll(async () => {
  backend = await startEmulatorBackend({ seed: 'demo' });
  calls = countEmulatorCalls(backend.emulator);
  live = new LiveInsights({
    clients: backend.clients,
    settings: { pollIntervalMs: POLL_MS, lookbackSeconds: 600, callsPerSecond: 2, maxSubscribersPerCaller: 40, replayMaxNotices: 50 },
    onPoll: (poll) => polls.push(poll),
  });
  const gateway = createGateway({
    clients: backend.clients,
    audit: { sink: memoryAuditSink() },
    liveInsights: live,
    authentication: { apiKeys: [reader.entry, noInsights.entry], anonymousScopes: ['insights:read'] },
  });
  server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterEach(async () => {
  for (const sub of open.splice(0)) sub.close();
  await eventually(() => live.subscriberCount() === 0, 5000, 'subscriptions to close');
});

afterAll(async () => {
  await live.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await backend.close();
});

const STARTED = /* GraphQL */ `subscription Started($after: String, $filter: InsightEventSubscriptionFilter) {
  insightEventStarted(after: $after, filter: $filter) { cursor insight { id sharedEventId state eventName startTime } }
}`;
const ENDED = /* GraphQL */ `subscription {
  insightEventEnded { cursor insight { sharedEventId state eventName endTime statistics { insightDurationMinutes } } }
}`;

async function subscribe(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<SseSubscription> {
  const sub = await subscribeOverSse(url, query, variables, headers);
  open.push(sub);
  return sub;
}

/** The first poll only records what is already there; events ingested after it are new. */
async function afterFirstPoll(): Promise<void> {
  const seen = polls.length;
  await eventually(() => polls.length >= seen + 1, 10_000, 'a poll');
}

type Payload = { cursor: string; insight: Record<string, unknown> };
function payloads(sub: SseSubscription, field: string): Payload[] {
  return sub.results().map((r) => (r.data as Record<string, Payload>)[field] as Payload);
}

describe('live Insights over SSE, one process', () => {
  it('delivers each new Insight once to every subscriber, with one poller whose calls do not grow with subscribers', async () => {
    const one = await subscribe(STARTED);
    await afterFirstPoll();
    // Calls per poll with one subscriber.
    calls.reset();
    const before = polls.length;
    await eventually(() => polls.length >= before + 3, 10_000, 'three polls');
    const perPollWithOne = calls.of('LookupEvents') / (polls.length - before);

    const many = [one];
    for (let k = 0; k < 29; k += 1) many.push(await subscribe(STARTED));
    const enders = [await subscribe(ENDED), await subscribe(ENDED)];
    await afterFirstPoll();
    calls.reset();
    const from = polls.length;
    await ingestLog(backend.emulator.url, insightBurstLog(['PutParameter', 'DeleteParameter']));
    for (const sub of many) await sub.waitForResults(2);
    for (const sub of enders) await sub.waitForResults(2);
    await eventually(() => polls.length >= from + 3, 10_000, 'three more polls');
    const perPollWithThirty = calls.of('LookupEvents') / (polls.length - from);

    // One LookupEvents page per poll, whether 1 or 32 listen.
    expect(perPollWithOne).toBe(1);
    expect(perPollWithThirty).toBe(1);
    for (const sub of many) {
      const got = payloads(sub, 'insightEventStarted');
      expect(got.map((p) => p.insight.eventName).sort()).toEqual(['DeleteParameter', 'PutParameter']);
      expect(got.every((p) => p.insight.state === 'ACTIVE')).toBe(true);
      // Same notices, same cursors, on every subscriber, and each an SSE event id.
      expect(got.map((p) => p.cursor)).toEqual(payloads(many[0], 'insightEventStarted').map((p) => p.cursor));
      expect(sub.messages.filter((m) => m.event === 'next').map((m) => m.id)).toEqual(got.map((p) => p.cursor));
    }
    for (const sub of enders) {
      const got = payloads(sub, 'insightEventEnded');
      expect(got.map((p) => p.insight.state)).toEqual(['ENDED', 'ENDED']);
      expect(got.every((p) => p.insight.statistics && (p.insight.statistics as { insightDurationMinutes: number }).insightDurationMinutes === 1)).toBe(true);
    }
    // Nothing more arrives: each event was published once, though every poll reads it again.
    await eventually(() => polls.length >= from + 6, 10_000, 'more polls');
    for (const sub of [...many, ...enders]) expect(sub.results()).toHaveLength(2);
  });

  it('resumes after a cursor, from the `after` argument or the Last-Event-ID header, without repeats or gaps', async () => {
    const watcher = await subscribe(STARTED);
    const first = await subscribe(STARTED);
    await afterFirstPoll();
    await ingestLog(backend.emulator.url, insightBurstLog(['LabelParameterVersion']));
    await first.waitForResults(1);
    const last = payloads(first, 'insightEventStarted')[0].cursor;
    first.close();
    // Missed while disconnected:
    await ingestLog(backend.emulator.url, insightBurstLog(['PutComplianceItems', 'PutInventory']));
    await watcher.waitForResults(3);
    const missed = payloads(watcher, 'insightEventStarted').slice(1).map((p) => p.insight.eventName);

    const byArgument = await subscribe(STARTED, { after: last });
    const byHeader = await subscribe(STARTED, {}, { 'last-event-id': last });
    await byArgument.waitForResults(2);
    await byHeader.waitForResults(2);
    expect(payloads(byArgument, 'insightEventStarted').map((p) => p.insight.eventName)).toEqual(missed);
    expect(payloads(byHeader, 'insightEventStarted').map((p) => p.insight.eventName)).toEqual(missed);

    // Then live ones, once.
    await ingestLog(backend.emulator.url, insightBurstLog(['AddTagsToResource']));
    await byArgument.waitForResults(3);
    await watcher.waitForResults(4);
    await afterFirstPoll();
    expect(payloads(byArgument, 'insightEventStarted').map((p) => p.cursor)).toEqual(payloads(watcher, 'insightEventStarted').slice(1).map((p) => p.cursor));
  });

  it('filters by event name', async () => {
    const filtered = await subscribe(STARTED, { filter: { eventName: 'RemoveTagsFromResource' } });
    const all = await subscribe(STARTED);
    await afterFirstPoll();
    await ingestLog(backend.emulator.url, insightBurstLog(['StartSession', 'RemoveTagsFromResource']));
    await all.waitForResults(2);
    await filtered.waitForResults(1);
    await afterFirstPoll();
    expect(payloads(filtered, 'insightEventStarted').map((p) => p.insight.eventName)).toEqual(['RemoveTagsFromResource']);
  });

  it('refuses a malformed cursor, a caller without insights:read, and callers past their subscription limit, with codes', async () => {
    const malformed = await subscribe(STARTED, { after: 'yesterday' });
    await malformed.waitForResults(1);
    expect(malformed.results()[0].errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const forbidden = await subscribe(STARTED, {}, { 'x-api-key': noInsights.key });
    await forbidden.waitForResults(1);
    expect(forbidden.results()[0].errors?.[0].extensions?.code).toBe('FORBIDDEN');

    for (let k = 0; k < 40; k += 1) await subscribe(STARTED, {}, { 'x-api-key': reader.key });
    const overLimit = await subscribe(STARTED, {}, { 'x-api-key': reader.key });
    await overLimit.waitForResults(1);
    expect(overLimit.results()[0].errors?.[0].extensions?.code).toBe('SUBSCRIBER_LIMIT_REACHED');
    // Another caller is not affected.
    const anonymous = await subscribe(STARTED);
    await eventually(() => live.subscriberCount() === 41, 5000, 'the other caller to subscribe');
    expect(anonymous.results()).toEqual([]);
  });

  it('stops polling and forgets subscribers when the last client disconnects', async () => {
    const subs = [await subscribe(STARTED), await subscribe(ENDED)];
    await afterFirstPoll();
    for (const sub of subs) sub.close();
    await eventually(() => live.subscriberCount() === 0, 5000, 'subscriptions to close');
    const seen = polls.length;
    calls.reset();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 6));
    expect(polls.length).toBe(seen);
    expect(calls.of('LookupEvents')).toBe(0);
  });
});

describe('the replay buffer', () => {
  it('keeps the last notices per Region and refuses a resume from before them (LIVE_CURSOR_EXPIRED)', async () => {
    const hub = new LiveInsights({ clients: backend.clients, feed: new MemoryInsightFeed(2), settings: { pollIntervalMs: 60_000 } });
    const notice = (n: number) => ({ kind: 'started' as const, region: 'us-east-1', start: { EventId: `e${n}` }, end: null });
    const published = [];
    for (let n = 0; n < 4; n += 1) published.push(await hub.feed.publishOnce('local:us-east-1', `e${n}`, n, notice(n)));
    // Seen before: not published again.
    expect(await hub.feed.publishOnce('local:us-east-1', 'e3', 3, notice(3))).toBeUndefined();
    const cursors = published.map((p) => p?.cursor ?? '');
    const resumed = await hub.subscribe({ region: 'us-east-1', callerId: 'test', after: cursors[1] });
    expect((await resumed.next()).value?.start.EventId).toBe('e2');
    expect((await resumed.next()).value?.start.EventId).toBe('e3');
    await resumed.return?.();
    await expect(hub.subscribe({ region: 'us-east-1', callerId: 'test', after: cursors[0] })).rejects.toMatchObject({ code: 'LIVE_CURSOR_EXPIRED' });
    expect(hub.subscriberCount()).toBe(0);
    await hub.close();
  });
});
