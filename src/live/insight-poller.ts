import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailClients } from '../aws/clients.js';
import type { CallQuota } from '../aws/cloudtrail-api.js';
import { insightEventRecordOf, type InsightEventRecord } from '../aws/event-records.js';
import { LOOKUP_MAX_RESULTS_MAX } from '../rules/lookup-events.js';
import type { InsightFeed } from './insight-feed.js';
import { toWireEvent, type UnplacedInsightNotice } from './insight-notices.js';

/**
 * One poll of one account and Region: reads the Insights events LookupEvents holds for the
 * look-back window and publishes those not seen before, oldest first, a Start before its End.
 *
 * Why a window and not "since the last poll": an Insights event's EventTime is when the unusual
 * activity began or ended, and CloudTrail delivers it later (AWS: Insights events are usually
 * delivered within 30 minutes). So every poll reads back `lookbackMs` from where the previous poll
 * stopped, and the feed's record of seen event IDs keeps what it re-reads from being published twice.
 */

/** Spaces CloudTrail calls: AWS allows LookupEvents 2 transactions per second per account and Region. */
export class CallPacer {
  private nextAt = 0;

  constructor(private readonly callsPerSecond: number) {}

  async take(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.callsPerSecond;
    if (at > now) await sleep(at - now, signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface PollTarget {
  feedKey: string;
  region: string;
}

export interface PollerEnvironment {
  clients: CloudTrailClients;
  /** CloudTrail's quota buckets the gateway's requests spend from: the poller's calls take their slots too. */
  quota?: CallQuota;
  feed: InsightFeed;
  pacer: CallPacer;
  now: () => Date;
  lookbackMs: number;
  callTimeoutMs: number;
  /** Stops the poll between calls (the process is shutting down, or no one listens any more). */
  signal?: AbortSignal;
  log: (message: string) => void;
}

/** A poll that reads more pages than this stops there; the next poll reads the window again. */
const MAX_PAGES_PER_POLL = 20;

async function lookupInsightsEvents(env: PollerEnvironment, region: string, startTime: Date, endTime: Date): Promise<Event[] | undefined> {
  const events: Event[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES_PER_POLL; page += 1) {
    await env.pacer.take(env.signal);
    if (env.signal?.aborted) return undefined;
    // One budget per account, Region and operation class: the poller's LookupEvents wait for a slot
    // as requests' do, so together they stay within AWS's 2 per second.
    const checkIn = await env.quota?.acquire('LookupEvents', region, env.callTimeoutMs, env.signal);
    await checkIn?.();
    const answer = await env.clients.forRegion(region).send(
      new LookupEventsCommand({ EventCategory: 'insight', StartTime: startTime, EndTime: endTime, MaxResults: LOOKUP_MAX_RESULTS_MAX, NextToken: nextToken }),
      { abortSignal: AbortSignal.any([AbortSignal.timeout(env.callTimeoutMs), ...(env.signal ? [env.signal] : [])]) },
    );
    events.push(...(answer.Events ?? []));
    nextToken = answer.NextToken;
    if (nextToken === undefined) return events;
  }
  env.log(`Live Insights: LookupEvents in ${region} still had pages after ${MAX_PAGES_PER_POLL}; the window is read again next poll.`);
  return undefined;
}

/**
 * The Start of an Insight whose End is in the window but whose Start is older than it: AWS writes
 * the Insight's duration (minutes) on the End event, so one narrow LookupEvents finds it.
 */
async function findStart(env: PollerEnvironment, region: string, end: InsightEventRecord): Promise<InsightEventRecord | undefined> {
  const minutes = (end.statistics.insightDuration ?? 0) + 1;
  const from = new Date(end.eventTime.getTime() - minutes * 60_000);
  const events = await lookupInsightsEvents(env, region, from, end.eventTime);
  return events
    ?.map(insightEventRecordOf)
    .find((r) => r?.state === 'Start' && r.sharedEventId === end.sharedEventId);
}

function oldestFirst(a: InsightEventRecord, b: InsightEventRecord): number {
  const byTime = a.eventTime.getTime() - b.eventTime.getTime();
  if (byTime !== 0) return byTime;
  if (a.state !== b.state) return a.state === 'Start' ? -1 : 1;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/**
 * Polls once. The first poll of a feed (no saved state) records what is already there without
 * publishing it: the feed carries what appears after it started. Resolves to the notices published.
 */
export async function pollInsightsOnce(env: PollerEnvironment, target: PollTarget): Promise<number> {
  const { feed } = env;
  const state = await feed.loadState(target.feedKey);
  const now = env.now();
  const baseline = state === undefined;
  const windowStart = new Date((state?.polledUntilMs ?? now.getTime()) - env.lookbackMs);
  const events = await lookupInsightsEvents(env, target.region, windowStart, now);
  if (events === undefined) return 0;
  const records = events.map(insightEventRecordOf).filter((r): r is InsightEventRecord => r !== undefined).sort(oldestFirst);
  const starts = new Map(records.filter((r) => r.state === 'Start').map((r) => [r.sharedEventId, r]));
  let published = 0;
  for (const record of records) {
    const time = record.eventTime.getTime();
    if (baseline || (await feed.hasSeen(target.feedKey, record.eventId))) {
      await feed.publishOnce(target.feedKey, record.eventId, time, null);
      continue;
    }
    let notice: UnplacedInsightNotice;
    if (record.state === 'Start') {
      notice = { kind: 'started', region: target.region, start: toWireEvent(record.event), end: null };
    } else {
      const start = starts.get(record.sharedEventId) ?? (await findStart(env, target.region, record));
      if (start === undefined) {
        env.log(`Live Insights: the Start of Insight ${record.sharedEventId} (${target.region}) was not found; its End is not published.`);
        await feed.publishOnce(target.feedKey, record.eventId, time, null);
        continue;
      }
      notice = { kind: 'ended', region: target.region, start: toWireEvent(start.event), end: toWireEvent(record.event) };
    }
    if (await feed.publishOnce(target.feedKey, record.eventId, time, notice)) published += 1;
  }
  // No later poll reads before this poll's window start: what was seen before it can go.
  await feed.forgetSeenBefore(target.feedKey, windowStart.getTime());
  await feed.saveState(target.feedKey, { polledUntilMs: now.getTime() });
  return published;
}
