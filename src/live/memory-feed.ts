import { compareCursors, type InsightNotice, type UnplacedInsightNotice } from './insight-notices.js';
import { FeedCursorExpiredError, type FeedSnapshot, type InsightFeed, type NoticeListener, type PollerState } from './insight-feed.js';

interface MemoryFeedEntry {
  state?: PollerState;
  /** Event ID -> EventTime (ms) of the Insights events seen. */
  seen: Map<string, number>;
  /** The last `replayMaxNotices` notices, oldest first. */
  buffer: InsightNotice[];
  /** The newest cursor dropped from the buffer: a resume from before it would miss notices. */
  droppedUpTo?: string;
  lastMs: number;
  sequence: number;
  listeners: Set<NoticeListener>;
}

/** The live Insights feed of one process (no REDIS_URL): the same behaviour as the Redis feed, without a fleet. */
export class MemoryInsightFeed implements InsightFeed {
  private readonly feeds = new Map<string, MemoryFeedEntry>();

  constructor(private readonly replayMaxNotices: number) {}

  private entry(feedKey: string): MemoryFeedEntry {
    let entry = this.feeds.get(feedKey);
    if (!entry) {
      entry = { seen: new Map(), buffer: [], lastMs: 0, sequence: 0, listeners: new Set() };
      this.feeds.set(feedKey, entry);
    }
    return entry;
  }

  loadState(feedKey: string): Promise<PollerState | undefined> {
    return Promise.resolve(this.entry(feedKey).state);
  }

  saveState(feedKey: string, state: PollerState): Promise<void> {
    this.entry(feedKey).state = { ...state };
    return Promise.resolve();
  }

  hasSeen(feedKey: string, eventId: string): Promise<boolean> {
    return Promise.resolve(this.entry(feedKey).seen.has(eventId));
  }

  publishOnce(feedKey: string, eventId: string, eventTimeMs: number, notice: UnplacedInsightNotice | null): Promise<InsightNotice | undefined> {
    const entry = this.entry(feedKey);
    if (entry.seen.has(eventId)) return Promise.resolve(undefined);
    entry.seen.set(eventId, eventTimeMs);
    if (notice === null) return Promise.resolve(undefined);
    // Cursors as a Redis stream numbers its entries: milliseconds, then a sequence within one.
    const now = Date.now();
    if (now > entry.lastMs) {
      entry.lastMs = now;
      entry.sequence = 0;
    } else {
      entry.sequence += 1;
    }
    const placed: InsightNotice = { ...notice, cursor: `${entry.lastMs}-${entry.sequence}` };
    entry.buffer.push(placed);
    while (entry.buffer.length > this.replayMaxNotices) entry.droppedUpTo = entry.buffer.shift()?.cursor;
    for (const listener of entry.listeners) listener(placed);
    return Promise.resolve(placed);
  }

  forgetSeenBefore(feedKey: string, eventTimeMs: number): Promise<void> {
    const { seen } = this.entry(feedKey);
    for (const [eventId, time] of seen) if (time < eventTimeMs) seen.delete(eventId);
    return Promise.resolve();
  }

  replayAfter(feedKey: string, cursor: string): Promise<InsightNotice[]> {
    const entry = this.entry(feedKey);
    if (entry.droppedUpTo !== undefined && compareCursors(cursor, entry.droppedUpTo) < 0) {
      return Promise.reject(new FeedCursorExpiredError(cursor));
    }
    return Promise.resolve(entry.buffer.filter((n) => compareCursors(n.cursor, cursor) > 0));
  }

  listen(feedKey: string, listener: NoticeListener): Promise<() => void> {
    const { listeners } = this.entry(feedKey);
    listeners.add(listener);
    return Promise.resolve(() => {
      listeners.delete(listener);
    });
  }

  /** The poll position and seen events (handed to Redis when it is back after an outage). */
  snapshot(feedKey: string): FeedSnapshot {
    const entry = this.entry(feedKey);
    return { state: entry.state && { ...entry.state }, seen: [...entry.seen] };
  }

  /** Takes a poll position and seen events (the shared feed's, read while Redis is up) as this feed's own. */
  adopt(feedKey: string, snapshot: FeedSnapshot): void {
    const entry = this.entry(feedKey);
    entry.state = snapshot.state && { ...snapshot.state };
    entry.seen = new Map(snapshot.seen);
  }

  /** The cursor of the last notice published, if any. */
  lastCursor(feedKey: string): string | undefined {
    return this.entry(feedKey).buffer.at(-1)?.cursor;
  }

  close(): Promise<void> {
    for (const entry of this.feeds.values()) entry.listeners.clear();
    return Promise.resolve();
  }
}
