import type { CloudTrailClients } from '../aws/clients.js';
import type { CallQuota } from '../aws/cloudtrail-api.js';
import { FeedCursorExpiredError, LOCAL_LEASE, isRoutedFeed, type InsightFeed, type PollerLease, type PollRoute } from './insight-feed.js';
import { isFeedCursor, type InsightNotice } from './insight-notices.js';
import { CallPacer, pollInsightsOnce, sleep } from './insight-poller.js';
import { MemoryInsightFeed } from './memory-feed.js';
import { NoticeStream } from './notice-stream.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * Live Insights: subscribers per Region, and one poller per account and Region while anyone
 * listens. In one process the feed is in memory and the poller always runs; in a fleet (Redis) the
 * feed is shared and a lease lets one replica poll for all, so 100 subscribers cost the AWS calls
 * of one.
 */

export interface LiveInsightsSettings {
  /** How often the poller reads LookupEvents. @default 30000 */
  pollIntervalMs: number;
  /** How far back each poll reads from where the last stopped. @default 3600 s */
  lookbackSeconds: number;
  /** LookupEvents calls per second the poller makes at most (AWS allows 2 per account and Region). @default 1 */
  callsPerSecond: number;
  /** How long a replica's poller lease lasts without renewal (renewed every third of it). @default 15000 */
  leaseTtlMs: number;
  /** Notices kept per Region for resuming (`after`, `Last-Event-ID`). @default 1000 */
  replayMaxNotices: number;
  /** Subscriptions this process serves at once. @default 1000 */
  maxSubscribers: number;
  /** Subscriptions one caller holds at once in this process. @default 20 */
  maxSubscribersPerCaller: number;
}

export const DEFAULT_LIVE_INSIGHTS_SETTINGS: LiveInsightsSettings = {
  pollIntervalMs: 30_000,
  lookbackSeconds: 3600,
  callsPerSecond: 1,
  leaseTtlMs: 15_000,
  replayMaxNotices: 1000,
  maxSubscribers: 1000,
  maxSubscribersPerCaller: 20,
};

export interface LiveInsightsOptions {
  clients: CloudTrailClients;
  /**
   * CloudTrail's quota buckets (src/fleet/quota-buckets.ts), shared with the gateway's requests: the
   * poller's LookupEvents take slots of the same bucket. Default: none (only `callsPerSecond`).
   */
  quota?: CallQuota;
  settings?: Partial<LiveInsightsSettings>;
  /** Default: an in-memory feed (one process). */
  feed?: InsightFeed;
  /** Default: this process always polls. */
  lease?: PollerLease;
  /** The account CloudTrail answers for, which names feeds and leases. Default: `local`. */
  accountId?: () => Promise<string>;
  now?: () => Date;
  /** How long one LookupEvents may take. @default 10000 */
  callTimeoutMs?: number;
  /** Called with this process's subscription count whenever it changes (for a metrics gauge). */
  onSubscribersChanged?: (count: number) => void;
  /** Called after each complete poll this process makes (for metrics, and tests that count calls per poll). */
  onPoll?: (poll: { region: string; published: number }) => void;
  log?: (message: string) => void;
}

/** Why a subscription was refused; `code` becomes the GraphQL error's `extensions.code`. */
export class LiveSubscriptionRefusal extends Error {
  override name = 'LiveSubscriptionRefusal';
  constructor(
    readonly code:
      | typeof GatewayErrorCode.BAD_USER_INPUT
      | typeof GatewayErrorCode.LIVE_CURSOR_EXPIRED
      | typeof GatewayErrorCode.SUBSCRIBER_LIMIT_REACHED,
    message: string,
  ) {
    super(message);
  }
}

export interface LiveSubscriptionRequest {
  region: string;
  callerId: string;
  /** Resume after this cursor. */
  after?: string;
}

/** A subscriber that falls this many notices behind is disconnected (it resumes with its last cursor). */
const MAX_QUEUED_NOTICES = 1000;

/** Insights events a subscription remembers having delivered, to drop a second notice of one. */
const MAX_REMEMBERED_EVENTS = 10_000;

/** The Insights event a notice announces: its Start, or its End. */
function noticeKeyOf(notice: InsightNotice): string {
  return `${notice.kind}:${(notice.end ?? notice.start).EventId ?? notice.cursor}`;
}

/** A set that forgets its oldest keys past `max`. */
class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly max: number) {}

  /** False when `key` is already held. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value as string);
    return true;
  }
}

class RegionPoller {
  private readonly stopping = new AbortController();
  private readonly pacer: CallPacer;
  private leading = false;
  private readonly finished: Promise<void>;

  constructor(
    private readonly hub: LiveInsights,
    readonly feedKey: string,
    readonly region: string,
  ) {
    this.pacer = new CallPacer(hub.settings.callsPerSecond);
    this.finished = this.run();
  }

  private async run(): Promise<void> {
    const { settings } = this.hub;
    const signal = this.stopping.signal;
    // Renewed three times per lease: a replica that stops renewing loses it within one lease.
    const tickMs = Math.min(settings.pollIntervalMs, Math.max(100, Math.floor(settings.leaseTtlMs / 3)));
    let nextPollAt = 0;
    let route: PollRoute | undefined;
    while (!signal.aborted) {
      try {
        const next = this.hub.pollRoute();
        if (route !== undefined && next.alone !== route.alone) {
          // Redis went down or came back: carry the poll position over, and poll at once on the new route.
          await this.hub.rerouted(this.feedKey, next);
          this.leading = false;
          nextPollAt = 0;
        }
        route = next;
        this.leading = await route.lease.acquireOrRenew(this.feedKey);
        if (this.leading && Date.now() >= nextPollAt) {
          nextPollAt = Date.now() + settings.pollIntervalMs;
          const published = await pollInsightsOnce(this.hub.pollerEnvironment(route.feed, this.pacer, signal), { feedKey: this.feedKey, region: this.region });
          if (!signal.aborted) this.hub.polled(this.region, published);
        }
        if (!route.alone) await this.hub.mirror(this.feedKey);
      } catch (error) {
        if (!signal.aborted) this.hub.log(`Live Insights poller ${this.region}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      await sleep(this.leading ? Math.max(1, Math.min(tickMs, nextPollAt - Date.now())) : tickMs, signal);
    }
    if (this.leading && route) await route.lease.release(this.feedKey).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.finished;
  }
}

export class LiveInsights {
  readonly settings: LiveInsightsSettings;
  readonly feed: InsightFeed;
  readonly lease: PollerLease;
  private readonly pollers = new Map<string, { poller: RegionPoller; subscribers: number }>();
  private readonly perCaller = new Map<string, number>();
  private subscribers = 0;
  private readonly streams = new Set<NoticeStream>();
  private accountIdPromise?: Promise<string>;

  constructor(private readonly options: LiveInsightsOptions) {
    this.settings = { ...DEFAULT_LIVE_INSIGHTS_SETTINGS, ...options.settings };
    this.feed = options.feed ?? new MemoryInsightFeed(this.settings.replayMaxNotices);
    this.lease = options.lease ?? LOCAL_LEASE;
  }

  log(message: string): void {
    (this.options.log ?? console.warn)(message);
  }

  /** Where pollers publish now: a fleet's feed falls back to this process's own while Redis is down. */
  pollRoute(): PollRoute {
    return isRoutedFeed(this.feed) ? this.feed.route() : { alone: this.lease === LOCAL_LEASE, feed: this.feed, lease: this.lease };
  }

  async rerouted(feedKey: string, to: PollRoute): Promise<void> {
    if (isRoutedFeed(this.feed)) await this.feed.rerouted(feedKey, to);
  }

  async mirror(feedKey: string): Promise<void> {
    if (isRoutedFeed(this.feed)) await this.feed.mirror(feedKey);
  }

  pollerEnvironment(feed: InsightFeed, pacer: CallPacer, signal: AbortSignal) {
    return {
      clients: this.options.clients,
      quota: this.options.quota,
      feed,
      pacer,
      now: this.options.now ?? (() => new Date()),
      lookbackMs: this.settings.lookbackSeconds * 1000,
      callTimeoutMs: this.options.callTimeoutMs ?? 10_000,
      signal,
      log: (message: string) => this.log(message),
    };
  }

  polled(region: string, published: number): void {
    this.options.onPoll?.({ region, published });
  }

  subscriberCount(): number {
    return this.subscribers;
  }

  private async feedKeyOf(region: string): Promise<string> {
    this.accountIdPromise ??= (this.options.accountId ?? (() => Promise.resolve('local')))();
    try {
      return `${await this.accountIdPromise}:${region}`;
    } catch (error) {
      // Asked again next time rather than failing every later subscription.
      this.accountIdPromise = undefined;
      throw error;
    }
  }

  private reserve(callerId: string): () => void {
    const { maxSubscribers, maxSubscribersPerCaller } = this.settings;
    if (this.subscribers >= maxSubscribers) {
      throw new LiveSubscriptionRefusal(GatewayErrorCode.SUBSCRIBER_LIMIT_REACHED, `This gateway serves at most ${maxSubscribers} live subscriptions at once; try again later.`);
    }
    const held = this.perCaller.get(callerId) ?? 0;
    if (held >= maxSubscribersPerCaller) {
      throw new LiveSubscriptionRefusal(
        GatewayErrorCode.SUBSCRIBER_LIMIT_REACHED,
        `A caller may hold at most ${maxSubscribersPerCaller} live subscriptions at once on this gateway; close one first.`,
      );
    }
    this.perCaller.set(callerId, held + 1);
    this.changeSubscribers(1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perCaller.get(callerId) ?? 1) - 1;
      if (left === 0) this.perCaller.delete(callerId);
      else this.perCaller.set(callerId, left);
      this.changeSubscribers(-1);
    };
  }

  private changeSubscribers(delta: number): void {
    this.subscribers += delta;
    this.options.onSubscribersChanged?.(this.subscribers);
  }

  /** Counts a subscriber of the feed; its Region's poller starts with the first. */
  private join(feedKey: string, region: string): () => void {
    let entry = this.pollers.get(feedKey);
    if (!entry) {
      entry = { poller: new RegionPoller(this, feedKey, region), subscribers: 0 };
      this.pollers.set(feedKey, entry);
    }
    entry.subscribers += 1;
    const joined = entry;
    return () => {
      joined.subscribers -= 1;
      if (joined.subscribers > 0 || this.pollers.get(feedKey) !== joined) return;
      // The last subscriber left: no more AWS calls for this Region (in a fleet, another replica's
      // subscribers make it take the lease).
      this.pollers.delete(feedKey);
      void joined.poller.stop();
    };
  }

  /**
   * The notices of a Region from now on (after `after` when given: first those the replay buffer
   * holds, then live ones, none twice). Refused with LiveSubscriptionRefusal.
   */
  async subscribe(request: LiveSubscriptionRequest): Promise<AsyncIterableIterator<InsightNotice>> {
    const { after } = request;
    if (after !== undefined && !isFeedCursor(after)) {
      throw new LiveSubscriptionRefusal(GatewayErrorCode.BAD_USER_INPUT, '`after` must be the `cursor` of a notice (or the SSE event id), such as 1764556800000-0.');
    }
    const release = this.reserve(request.callerId);
    let unlisten: (() => void) | undefined;
    try {
      const feedKey = await this.feedKeyOf(request.region);
      // Notices heard before the stream exists wait here; then they go straight to it.
      const route: { deliver?: (notice: InsightNotice) => void } = {};
      const early: InsightNotice[] = [];
      // Listen before reading the replay buffer, so nothing published in between is missed; the
      // subscription drops what both hold.
      unlisten = await this.feed.listen(feedKey, (notice) => (route.deliver ? route.deliver(notice) : early.push(notice)));
      let replayed: InsightNotice[] = [];
      if (after !== undefined) {
        try {
          replayed = await this.feed.replayAfter(feedKey, after);
        } catch (error) {
          if (!(error instanceof FeedCursorExpiredError)) throw error;
          throw new LiveSubscriptionRefusal(
            GatewayErrorCode.LIVE_CURSOR_EXPIRED,
            `The notices after ${after} are no longer kept (the last ${this.settings.replayMaxNotices} per Region are); subscribe without \`after\` and read what was missed with insightEvents.`,
          );
        }
      }
      const leave = this.join(feedKey, request.region);
      const stopListening = unlisten;
      const stream: NoticeStream = new NoticeStream(() => {
        stopListening();
        leave();
        release();
        this.streams.delete(stream);
      }, MAX_QUEUED_NOTICES);
      this.streams.add(stream);
      // Once per Insights event, whichever feed or replay carries it: a fleet's pollers may both
      // publish an event when Redis goes down or comes back (src/live/failover-feed.ts).
      const delivered = new RecentKeys(MAX_REMEMBERED_EVENTS);
      const deliver = (notice: InsightNotice): void => {
        if (!delivered.add(noticeKeyOf(notice))) return;
        stream.push(notice);
      };
      for (const notice of [...replayed, ...early]) deliver(notice);
      route.deliver = deliver;
      return stream;
    } catch (error) {
      unlisten?.();
      release();
      throw error;
    }
  }

  /** Ends every subscription and poller (the process is stopping). */
  async close(): Promise<void> {
    for (const stream of [...this.streams]) stream.close();
    await Promise.all([...this.pollers.values()].map((entry) => entry.poller.stop()));
    this.pollers.clear();
    await this.feed.close();
  }
}
