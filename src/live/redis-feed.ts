import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import type { FleetRedis } from '../fleet/redis.js';
import { FeedCursorExpiredError, type FeedSnapshot, type InsightFeed, type NoticeListener, type PollerLease, type PollerState } from './insight-feed.js';
import { compareCursors, type InsightNotice, type UnplacedInsightNotice } from './insight-notices.js';

/**
 * The live Insights feed shared by a fleet through Redis. Per feed (account and Region):
 * - `<prefix>:<feed>:seen`: sorted set of the Insights event IDs seen, scored by event time;
 * - `<prefix>:<feed>:stream`: the replay buffer, a stream capped (MAXLEN) at the replay window plus
 *   one; its entry IDs are the notices' cursors;
 * - `<prefix>:<feed>:state`: the poll position, so the next leader reads on from it;
 * - channel `<prefix>:<feed>:notices`: live notices, heard through @graphql-yoga/redis-event-target;
 * - `<prefix>:<feed>:lease`: which replica polls (see RedisPollerLease).
 */

const KEY_PREFIX = 'cig:live';
/** Poll positions older than this are dropped: a feed idle that long starts afresh. */
const STATE_TTL_SECONDS = 86_400;

function keyOf(feedKey: string, part: 'seen' | 'stream' | 'state' | 'notices' | 'lease'): string {
  return `${KEY_PREFIX}:${feedKey}:${part}`;
}

/**
 * Seen, appended and published in one step, so a poller that dies halfway (or two that both think
 * they lead, for a moment) can neither publish an event twice nor record it without publishing it.
 * The published message is the stream entry with its ID as the cursor, in the JSON the event target
 * parses. Redis replicates a script's effects, so XADD's generated ID is fine here.
 */
const PUBLISH_ONCE = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return false end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if ARGV[5] == '' then return false end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], '*', 'notice', ARGV[5])
redis.call('PUBLISH', ARGV[4], '{"cursor":"' .. id .. '",' .. string.sub(ARGV[5], 2))
return id
`;

/**
 * A notice a replica published on its own while Redis was down, added to the replay buffer when Redis
 * is back (unless another replica added it first): a client resuming from before the outage gets it.
 * No PUBLISH: subscribers connected during the outage heard it then. `local` keeps the cursor the
 * replica gave it, so a client that got it live and resumes after that cursor is not sent it again.
 */
const HAND_BACK_NOTICE = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return false end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], '*', 'notice', ARGV[4], 'local', ARGV[5])
`;

/** The later of two poll positions wins: a replica that polled on its own during an outage read that far. */
const HAND_BACK_STATE = `
local raw = redis.call('GET', KEYS[1])
if raw then
  local ok, state = pcall(cjson.decode, raw)
  if ok and type(state) == 'table' and tonumber(state.polledUntilMs) and tonumber(state.polledUntilMs) >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

export class RedisInsightFeed implements InsightFeed {
  private readonly target: ReturnType<typeof createRedisEventTarget>;
  private readonly commands: Redis;
  private readonly subscriber: Redis;

  /** On the fleet's connections (src/fleet/redis.ts), which the fleet closes. */
  constructor(
    redis: FleetRedis,
    private readonly replayMaxNotices: number,
  ) {
    this.commands = redis.client;
    this.subscriber = redis.subscriber();
    this.target = createRedisEventTarget({ publishClient: this.commands, subscribeClient: this.subscriber });
  }

  async loadState(feedKey: string): Promise<PollerState | undefined> {
    const raw = await this.commands.get(keyOf(feedKey, 'state'));
    if (raw === null) return undefined;
    const state = JSON.parse(raw) as Partial<PollerState>;
    return typeof state.polledUntilMs === 'number' ? { polledUntilMs: state.polledUntilMs } : undefined;
  }

  async saveState(feedKey: string, state: PollerState): Promise<void> {
    await this.commands.set(keyOf(feedKey, 'state'), JSON.stringify(state), 'EX', STATE_TTL_SECONDS);
  }

  async hasSeen(feedKey: string, eventId: string): Promise<boolean> {
    return (await this.commands.zscore(keyOf(feedKey, 'seen'), eventId)) !== null;
  }

  async publishOnce(feedKey: string, eventId: string, eventTimeMs: number, notice: UnplacedInsightNotice | null): Promise<InsightNotice | undefined> {
    const json = notice === null ? '' : JSON.stringify(notice);
    const id = (await this.commands.eval(
      PUBLISH_ONCE,
      2,
      keyOf(feedKey, 'seen'),
      keyOf(feedKey, 'stream'),
      eventId,
      String(eventTimeMs),
      String(this.replayMaxNotices + 1),
      keyOf(feedKey, 'notices'),
      json,
    )) as string | null;
    if (typeof id !== 'string' || notice === null) return undefined;
    await this.commands.expire(keyOf(feedKey, 'seen'), STATE_TTL_SECONDS);
    return { ...notice, cursor: id };
  }

  async forgetSeenBefore(feedKey: string, eventTimeMs: number): Promise<void> {
    await this.commands.zremrangebyscore(keyOf(feedKey, 'seen'), '-inf', `(${eventTimeMs}`);
  }

  /** The poll position and seen events, for a replica to poll on from while Redis is down. */
  async snapshot(feedKey: string): Promise<FeedSnapshot> {
    const [state, flat] = await Promise.all([this.loadState(feedKey), this.commands.zrange(keyOf(feedKey, 'seen'), 0, -1, 'WITHSCORES')]);
    const seen: [string, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) seen.push([flat[i] ?? '', Number(flat[i + 1])]);
    return { state, seen };
  }

  /**
   * What a replica did alone while Redis was down, back into the shared feed: its notices (those no
   * other replica handed back first), the events it saw, and its poll position when later than the
   * shared one. The next leader then neither publishes those events again nor reads from scratch.
   */
  async handBack(feedKey: string, snapshot: FeedSnapshot, notices: InsightNotice[]): Promise<void> {
    const seenKey = keyOf(feedKey, 'seen');
    const eventTimeOf = new Map(snapshot.seen);
    for (const { cursor, ...notice } of notices) {
      const eventId = (notice.end ?? notice.start).EventId ?? '';
      await this.commands.eval(
        HAND_BACK_NOTICE,
        2,
        seenKey,
        keyOf(feedKey, 'stream'),
        eventId,
        String(eventTimeOf.get(eventId) ?? 0),
        String(this.replayMaxNotices + 1),
        JSON.stringify(notice),
        cursor,
      );
    }
    if (snapshot.seen.length > 0) {
      await this.commands.zadd(seenKey, ...snapshot.seen.flatMap(([eventId, time]) => [time, eventId]));
      await this.commands.expire(seenKey, STATE_TTL_SECONDS);
    }
    if (snapshot.state) {
      await this.commands.eval(HAND_BACK_STATE, 1, keyOf(feedKey, 'state'), String(snapshot.state.polledUntilMs), JSON.stringify(snapshot.state), String(STATE_TTL_SECONDS));
    }
  }

  async replayAfter(feedKey: string, cursor: string): Promise<InsightNotice[]> {
    const stream = keyOf(feedKey, 'stream');
    // XINFO STREAM (Redis 7.0): how many entries were ever added, how many are kept, the oldest kept.
    // The stream keeps one entry more than the replay window: a cursor at or after the oldest kept
    // one has every later entry still there.
    const info = (await this.commands.xinfo('STREAM', stream).catch(() => null)) as unknown[] | null;
    if (info === null) return [];
    const field = (name: string): unknown => {
      const at = info.indexOf(name);
      return at === -1 ? undefined : info[at + 1];
    };
    const dropped = Number(field('entries-added')) > Number(field('length'));
    const oldest = field('recorded-first-entry-id');
    if (dropped && typeof oldest === 'string' && compareCursors(cursor, oldest) < 0) throw new FeedCursorExpiredError(cursor);
    const entries = await this.commands.xrange(stream, `(${cursor}`, '+');
    return entries
      .filter(([, fields]) => {
        // Handed back after an outage: skipped when the client got it live then (its local cursor).
        const local = fields[2] === 'local' ? fields[3] : undefined;
        return local === undefined || compareCursors(local, cursor) > 0;
      })
      .map(([id, fields]) => ({ ...(JSON.parse(fields[1] ?? '{}') as UnplacedInsightNotice), cursor: id }));
  }

  async listen(feedKey: string, listener: NoticeListener): Promise<() => void> {
    const { subscribed, remove } = this.listenNow(feedKey, listener);
    await subscribed;
    return remove;
  }

  /**
   * Adds the listener at once; `subscribed` resolves when every notice published later is sure to
   * reach it (which waits, however long, for Redis while it is down: ioredis subscribes again when
   * it reconnects).
   */
  listenNow(feedKey: string, listener: NoticeListener): { subscribed: Promise<void>; remove: () => void } {
    const channel = keyOf(feedKey, 'notices');
    const callback = (event: Event) => listener((event as CustomEvent<InsightNotice>).detail);
    this.target.addEventListener(channel, callback);
    // The event target sends SUBSCRIBE without waiting; a PING on the same connection is answered
    // after it, so from here on every notice reaches the listener.
    const subscribed = this.subscriber.ping().then(() => undefined);
    return { subscribed, remove: () => this.target.removeEventListener(channel, callback) };
  }

  close(): Promise<void> {
    // The connections are the fleet's; listeners are removed by the subscriptions as they end.
    return Promise.resolve();
  }
}

/** Take the lease if free, keep it if ours: one script, so two replicas cannot both take it. */
const ACQUIRE_OR_RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * One replica polls an account and Region at a time: the one holding its lease, a Redis key with
 * a TTL that the holder renews. A replica that dies stops renewing, and another takes the lease
 * once it expires.
 */
export class RedisPollerLease implements PollerLease {
  /** Who holds a lease: readable by operators (`GET cig:live:<account>:<region>:lease`). */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID()}`;

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
  ) {}

  async acquireOrRenew(feedKey: string): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE_OR_RENEW, 1, keyOf(feedKey, 'lease'), this.holder, String(this.ttlMs))) === 1;
  }

  async release(feedKey: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, keyOf(feedKey, 'lease'), this.holder);
  }
}
