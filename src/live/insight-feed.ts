import type { InsightNotice, UnplacedInsightNotice } from './insight-notices.js';

/**
 * Where the live Insights poller records what it has seen and publishes what is new, and where
 * subscribers listen and resume. One feed per account and Region (`feedKey`). Two implementations:
 * in memory (one process, src/live/memory-feed.ts) and Redis (a fleet, src/live/redis-feed.ts).
 */

/** What a poller carries from one poll to the next, and from one replica to the next on a lease move. */
export interface PollerState {
  /** The end (EventTime upper bound) of the last poll that read every page. */
  polledUntilMs: number;
}

export type NoticeListener = (notice: InsightNotice) => void;

export class FeedCursorExpiredError extends Error {
  override name = 'FeedCursorExpiredError';
}

export interface InsightFeed {
  loadState(feedKey: string): Promise<PollerState | undefined>;
  saveState(feedKey: string, state: PollerState): Promise<void>;
  hasSeen(feedKey: string, eventId: string): Promise<boolean>;
  /**
   * Records an Insights event as seen and, unless it was seen before, appends `notice` to the replay
   * buffer and publishes it, as one step: an event is published at most once, whichever poller (or
   * replica) reads it again. `notice` null records without publishing (a poller's first poll).
   * Resolves to the published notice, or undefined.
   */
  publishOnce(feedKey: string, eventId: string, eventTimeMs: number, notice: UnplacedInsightNotice | null): Promise<InsightNotice | undefined>;
  /** Forgets seen events older than this: no later poll reads that far back. */
  forgetSeenBefore(feedKey: string, eventTimeMs: number): Promise<void>;
  /**
   * Notices published after `cursor`, oldest first. Throws FeedCursorExpiredError when the replay
   * buffer has already dropped some of them.
   */
  replayAfter(feedKey: string, cursor: string): Promise<InsightNotice[]>;
  /** Adds a listener; resolves once every notice published later is sure to reach it, to a remover. */
  listen(feedKey: string, listener: NoticeListener): Promise<() => void>;
  close(): Promise<void>;
}

/** Takes the right to poll one account and Region; in a fleet, one replica holds it at a time. */
export interface PollerLease {
  /** Takes the lease or extends it; true while this process holds it. */
  acquireOrRenew(feedKey: string): Promise<boolean>;
  release(feedKey: string): Promise<void>;
}

/** One process: it always holds the lease. */
export const LOCAL_LEASE: PollerLease = {
  acquireOrRenew: () => Promise.resolve(true),
  release: () => Promise.resolve(),
};
