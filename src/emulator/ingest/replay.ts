import type { EmulatorStore } from '../store.js';
import type { Clock } from '../clock.js';

/** How far before "now" a replay puts the newest event: recent, yet inside every default window. */
export const DEFAULT_REPLAY_OFFSET_SECONDS = 5 * 60;

const MINUTE_MS = 60_000;

/**
 * The shift, in whole seconds that are a multiple of 60, that moves the newest event (at `newestMs`,
 * epoch ms; -Infinity when there is none) to at most `offsetSeconds` before `now` (and less than a
 * minute earlier than that). Whole minutes keep every event in the same position within its
 * minute, so per-minute series, and the Insights detected on them, only move in time.
 */
export function replayShiftSeconds(newestMs: number, now: Date, offsetSeconds: number): number {
  if (newestMs === -Infinity) return 0;
  const target = now.getTime() - offsetSeconds * 1000;
  return (Math.floor((target - newestMs) / MINUTE_MS) * MINUTE_MS) / 1000;
}

/**
 * Replays everything already ingested in an account as if it had just happened: shifts all its
 * events so that the newest lands `offsetSeconds` (5 minutes by default) before the clock's now.
 * Their CloudTrailEvent shows the new eventTime. Returns the shift in seconds.
 */
export function replayRecent(
  target: { store: EmulatorStore; accountId: string; clock: Clock },
  offsetSeconds = DEFAULT_REPLAY_OFFSET_SECONDS,
): number {
  const events = target.store.account(target.accountId).events;
  const seconds = replayShiftSeconds(events.newestTime(), target.clock.now(), offsetSeconds);
  events.shiftAll(seconds);
  return seconds;
}
