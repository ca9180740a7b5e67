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

/** What a feed holds that a poller needs to go on from: its poll position and the events it has seen. */
export interface FeedSnapshot {
  state: PollerState | undefined;
  /** Event ID and EventTime (ms) of each Insights event seen. */
  seen: [string, number][];
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

/** Which feed a poller publishes to, under which lease, right now. */
export interface PollRoute {
  /** True while the poller works alone (the fleet's shared feed is unreachable). */
  alone: boolean;
  feed: InsightFeed;
  lease: PollerLease;
}

/**
 * A fleet's feed that falls back to one process's own while Redis is down (src/live/failover-feed.ts).
 * Its pollers ask `route()` each turn, and carry their position over when it changes.
 */
export interface RoutedInsightFeed extends InsightFeed {
  route(): PollRoute;
  /** Before the first poll on a new route: carries the poll position and seen events over to it. */
  rerouted(feedKey: string, to: PollRoute): Promise<void>;
  /** While shared: keeps this process's copy of the poll position up to date, to fall back from. */
  mirror(feedKey: string): Promise<void>;
}

export function isRoutedFeed(feed: InsightFeed): feed is RoutedInsightFeed {
  return 'route' in feed && typeof feed.route === 'function';
}
