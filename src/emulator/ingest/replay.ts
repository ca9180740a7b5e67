import type { CloudTrailEventRecord, EmulatorStore } from '../store.js';
import type { Clock } from '../clock.js';

/** How far before "now" a replay puts the newest event: recent, yet inside every default window. */
export const DEFAULT_REPLAY_OFFSET_SECONDS = 5 * 60;

const MINUTE_MS = 60_000;

/**
 * The shift, in whole seconds that are a multiple of 60, that moves the newest of `events` to at
 * most `offsetSeconds` before `now` (and less than a minute earlier than that). Whole minutes keep
 * every event in the same position within its minute, so per-minute series, and the Insights
 * detected on them, only move in time.
 */
export function replayShiftSeconds(events: readonly CloudTrailEventRecord[], now: Date, offsetSeconds: number): number {
  let newest = -Infinity;
  for (const e of events) newest = Math.max(newest, e.eventTime.getTime());
  if (newest === -Infinity) return 0;
  const target = now.getTime() - offsetSeconds * 1000;
  return (Math.floor((target - newest) / MINUTE_MS) * MINUTE_MS) / 1000;
}

/** Moves events in time, keeping the raw record (LookupEvents' CloudTrailEvent) in step. */
export function shiftEvents(events: readonly CloudTrailEventRecord[], seconds: number): void {
  if (seconds === 0) return;
  for (const e of events) {
    e.eventTime = new Date(e.eventTime.getTime() + seconds * 1000);
    e.raw = { ...e.raw, eventTime: e.eventTime.toISOString().replace(/\.000Z$/, 'Z') };
  }
}

/**
 * Replays everything already ingested in an account as if it had just happened: shifts all its
 * events so that the newest lands `offsetSeconds` (5 minutes by default) before the clock's now.
 * Returns the shift in seconds.
 */
export function replayRecent(
  target: { store: EmulatorStore; accountId: string; clock: Clock },
  offsetSeconds = DEFAULT_REPLAY_OFFSET_SECONDS,
): number {
  const events = [...target.store.account(target.accountId).events.values()];
  const seconds = replayShiftSeconds(events, target.clock.now(), offsetSeconds);
  shiftEvents(events, seconds);
  return seconds;
}
