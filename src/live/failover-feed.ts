import type { FleetRedis } from '../fleet/redis.js';
import {
  FeedCursorExpiredError,
  LOCAL_LEASE,
  type InsightFeed,
  type NoticeListener,
  type PollerLease,
  type PollerState,
  type PollRoute,
  type RoutedInsightFeed,
} from './insight-feed.js';
import type { InsightNotice, UnplacedInsightNotice } from './insight-notices.js';
import { MemoryInsightFeed } from './memory-feed.js';
import type { RedisInsightFeed } from './redis-feed.js';

/**
 * A fleet's live Insights feed that keeps working while Redis is down. While Redis answers, pollers
 * use the shared feed under the Redis lease (one poller for the fleet), and each replica keeps a
 * copy of the poll position and seen events. While it does not, every replica with subscribers
 * polls on its own from that copy into an in-memory feed, and its subscribers hear that one. When
 * Redis is back, each replica hands what it published alone back to the shared feed (seen events,
 * poll position, and the notices for the replay buffer) before it polls under the lease again.
 *
 * Subscribers listen to both feeds all along, and each subscription drops a notice whose Insights
 * event it already got (src/live/live-insights.ts): at a switch, both feeds may publish the same
 * event, and a connected client still gets it once.
 */

/** How long a new subscription waits for Redis to confirm its SUBSCRIBE before relying on the local feed alone. */
const SUBSCRIBE_WAIT_MS = 1000;

export class FailoverInsightFeed implements RoutedInsightFeed {
  readonly local: MemoryInsightFeed;
  /** Per feed: the local feed's last cursor when the outage began; notices after it are handed back. */
  private readonly aloneSince = new Map<string, string>();

  constructor(
    private readonly redis: FleetRedis,
    private readonly shared: RedisInsightFeed,
    private readonly sharedLease: PollerLease,
    replayMaxNotices: number,
    private readonly log: (message: string) => void = console.warn,
  ) {
    this.local = new MemoryInsightFeed(replayMaxNotices);
  }

  route(): PollRoute {
    return this.redis.available ? { alone: false, feed: this.shared, lease: this.sharedLease } : { alone: true, feed: this.local, lease: LOCAL_LEASE };
  }

  async rerouted(feedKey: string, to: PollRoute): Promise<void> {
    if (to.alone) {
      this.aloneSince.set(feedKey, this.local.lastCursor(feedKey) ?? '0-0');
      this.log(`WARNING: Live Insights ${feedKey}: Redis unavailable, this replica polls on its own until it is back`);
      return;
    }
    const since = this.aloneSince.get(feedKey) ?? '0-0';
    let notices: InsightNotice[];
    try {
      notices = await this.local.replayAfter(feedKey, since);
    } catch (error) {
      if (!(error instanceof FeedCursorExpiredError)) throw error;
      // More than the replay window was published alone: hand back what is still kept.
      notices = await this.local.replayAfter(feedKey, '0-0');
    }
    await this.shared.handBack(feedKey, this.local.snapshot(feedKey), notices);
    this.aloneSince.delete(feedKey);
    this.log(`Live Insights ${feedKey}: Redis is back, ${notices.length} notice(s) published alone handed back; one poller for the fleet again`);
  }

  async mirror(feedKey: string): Promise<void> {
    this.local.adopt(feedKey, await this.shared.snapshot(feedKey));
  }

  private active(): InsightFeed {
    return this.route().feed;
  }

  loadState(feedKey: string): Promise<PollerState | undefined> {
    return this.active().loadState(feedKey);
  }

  saveState(feedKey: string, state: PollerState): Promise<void> {
    return this.active().saveState(feedKey, state);
  }

  hasSeen(feedKey: string, eventId: string): Promise<boolean> {
    return this.active().hasSeen(feedKey, eventId);
  }

  publishOnce(feedKey: string, eventId: string, eventTimeMs: number, notice: UnplacedInsightNotice | null): Promise<InsightNotice | undefined> {
    return this.active().publishOnce(feedKey, eventId, eventTimeMs, notice);
  }

  forgetSeenBefore(feedKey: string, eventTimeMs: number): Promise<void> {
    return this.active().forgetSeenBefore(feedKey, eventTimeMs);
  }

  /**
   * From Redis while it answers (it holds what replicas handed back after an outage), else from
   * this replica's own notices: cursors are times, so one taken on another replica, or in Redis
   * before the outage, still finds what came after it.
   */
  async replayAfter(feedKey: string, cursor: string): Promise<InsightNotice[]> {
    if (this.redis.available) {
      try {
        return await this.shared.replayAfter(feedKey, cursor);
      } catch (error) {
        if (error instanceof FeedCursorExpiredError) throw error;
        // Redis went away just now: this replica's own notices, below.
      }
    }
    return this.local.replayAfter(feedKey, cursor);
  }

  async listen(feedKey: string, listener: NoticeListener): Promise<() => void> {
    const removeLocal = await this.local.listen(feedKey, listener);
    const { subscribed, remove } = this.shared.listenNow(feedKey, (notice) => {
      // Seen here too at once (the next mirror would say so later): should Redis go down before
      // then, this replica's own poller does not publish it again.
      const event = notice.end ?? notice.start;
      if (event.EventId) void this.local.publishOnce(feedKey, event.EventId, event.EventTime ? Date.parse(event.EventTime) : Date.now(), null);
      listener(notice);
    });
    // While Redis is down the SUBSCRIBE waits for it (and is sent again when it is back); the
    // local feed carries the notices until then.
    if (this.redis.available) {
      await Promise.race([subscribed.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref())]);
    } else {
      void subscribed.catch(() => undefined);
    }
    return () => {
      removeLocal();
      remove();
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.local.close(), this.shared.close()]);
  }
}
