import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReadCache, canonicalRequestKey, type ReadCacheOptions } from '../aws/read-cache.js';
import type { FleetRedis } from './redis.js';

/**
 * The read cache of a fleet of gateways: an in-process LRU (ReadCache) in front of Redis.
 *
 * CloudTrail's quotas are per account and Region, not per process (AWS: "The rate of lookup
 * requests is limited to two per second, per account, per Region"), so replicas that each kept
 * their own cache would spend N times the calls. Here an answer read by one replica is kept in
 * Redis for the operation's TTL, and every replica serves it from there (and then from its own
 * memory). When several replicas miss the same key at once, one of them (the holder of a short
 * Redis lease) calls AWS and the others wait for its answer, up to a bounded time, then call AWS
 * themselves (single-flight).
 *
 * Keys name the account, the Region, the operation and the canonical input (NextToken included),
 * under the account's generation: a change made through any replica increments the generation, so
 * every answer read before it is unreachable at once, and tells the other replicas (pub/sub) to
 * drop their in-process copies.
 *
 * Without Redis (no REDIS_URL, or Redis down) this is the per-process cache alone.
 */

export type CacheLevel = 'local' | 'shared';

export interface SharedReadCacheOptions {
  /** Bounds of the in-process level; `ttlMs` is the TTL of operations not in `ttlMsByOperation`. */
  local: ReadCacheOptions;
  /** TTL per operation, in milliseconds (0: never cached); others get `local.ttlMs`. */
  ttlMsByOperation?: Record<string, number>;
  /** The shared level; absent: in-process only. */
  redis?: FleetRedis;
  /** The AWS account the gateway's credentials belong to: answers of different accounts never mix. */
  account?: string;
  /** Longest a replica waits for another replica's call of the same read. Default 5000 ms. */
  singleFlightWaitMs?: number;
  /** Told of every lookup: the level and whether it held the answer. */
  onCacheLookup?: (level: CacheLevel, hit: boolean) => void;
}

/** One CloudTrail read: what its cache key is made of. */
export interface CachedRead {
  operation: string;
  region: string;
  input: unknown;
  /** A member account read through its role (ORG_ACCOUNTS); absent: the gateway's own account. */
  account?: string;
}

export const DEFAULT_SINGLE_FLIGHT_WAIT_MS = 5000;
/** Prefix of every key and channel the gateway uses in Redis. */
const PREFIX = 'ctig';

/**
 * Looks up an answer under the account's current generation; on a miss, takes the read's lease
 * (SET NX PX) if nobody holds it. Returns [generation, 'hit', value, ms left] | [generation,
 * 'lead'] | [generation, 'wait']. One round trip, atomic: two replicas cannot both lead.
 */
const LOOKUP = `
local generation = redis.call('GET', KEYS[1]) or '0'
local key = ARGV[1] .. generation .. ARGV[2]
local value = redis.call('GET', key)
if value then return {generation, 'hit', value, redis.call('PTTL', key)} end
if redis.call('SET', key .. ':lease', ARGV[3], 'NX', 'PX', ARGV[4]) then return {generation, 'lead'} end
return {generation, 'wait'}`;

/** Stores the leader's answer and gives its lease back (only its own: a lease may have expired and passed on). */
const STORE = `
if ARGV[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return 1`;

/** SDK outputs hold Dates (metric timestamps, event times): JSON keeps them as tagged epoch milliseconds. */
function serialize(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, json: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.getTime() } : json;
  });
}

function deserialize(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const date = (value as { $date?: unknown }).$date;
      if (typeof date === 'number' && Object.keys(value).length === 1) return new Date(date);
    }
    return value;
  });
}

type Lookup = [string, 'hit', string, number] | [string, 'lead'] | [string, 'wait'];

export class SharedReadCache {
  private readonly local: ReadCache;
  private readonly account: string;
  private readonly waitMs: number;
  /** Resolves once this replica hears the fleet's invalidations (at once without Redis). */
  readonly listening: Promise<void>;

  constructor(private readonly options: SharedReadCacheOptions) {
    const longest = Math.max(options.local.ttlMs, ...Object.values(options.ttlMsByOperation ?? {}));
    this.local = new ReadCache({ ...options.local, ttlMs: longest });
    this.account = options.account ?? 'default';
    this.waitMs = options.singleFlightWaitMs ?? DEFAULT_SINGLE_FLIGHT_WAIT_MS;
    this.listening = this.listen();
  }

  /** The in-process level (its size and bytes, for tests and metrics). */
  get localLevel(): ReadCache {
    return this.local;
  }

  ttlMsOf(operation: string): number {
    return this.options.ttlMsByOperation?.[operation] ?? this.options.local.ttlMs;
  }

  /**
   * The answer to `read`: from this process, else from Redis, else from `fetch()` (made by one
   * replica of the fleet at a time), kept for the operation's TTL if it succeeds. Failures are
   * never kept. A Redis failure is never the request's: it falls back to `fetch()`.
   */
  async through<T>(read: CachedRead, fetch: () => Promise<T>): Promise<T> {
    const ttlMs = this.ttlMsOf(read.operation);
    if (ttlMs <= 0 || !this.local.enabled) return fetch();
    const account = read.account ?? this.account;
    const key = `${account} ${read.operation} ${read.region} ${canonicalRequestKey(read.input)}`;
    let missed = false;
    let sharedTtlMs = ttlMs;
    const value = await this.local.through(
      key,
      async () => {
        missed = true;
        const shared = await this.shared<T>(read, account, key, ttlMs, fetch);
        sharedTtlMs = shared.ttlMs;
        return shared.value;
      },
      () => sharedTtlMs,
    );
    this.options.onCacheLookup?.('local', !missed);
    return value;
  }

  /** Forgets this process's answers (a change made in this request: see also `invalidate`). */
  clearLocal(): void {
    this.local.clear();
  }

  /**
   * After a change: every replica's answers are stale. Increments the account's generation in Redis
   * (answers stored before it are no longer found) and tells the other replicas to drop their
   * in-process copies. Never throws: with Redis down the others keep theirs until their TTL.
   */
  async invalidate(): Promise<void> {
    this.local.clear();
    const redis = this.options.redis;
    if (!redis?.available) return;
    try {
      await redis.client.multi().incr(this.generationKey()).publish(this.channel, this.account).exec();
    } catch {
      // Degraded: reported by FleetRedis; answers expire within their TTL.
    }
  }

  private generationKey(account = this.account): string {
    return `${PREFIX}:{${account}}:generation`;
  }

  private get channel(): string {
    return `${PREFIX}:{${this.account}}:invalidate`;
  }

  /** Subscribes to the fleet's invalidations, and starts afresh when Redis comes back after an outage. */
  private async listen(): Promise<void> {
    const redis = this.options.redis;
    if (!redis) return;
    redis.onRecovery(() => {
      // A change made while Redis was down told nobody: forget everything kept before the outage.
      void this.invalidate();
    });
    const subscriber = redis.subscriber();
    subscriber.on('message', (channel: string) => {
      if (channel === this.channel) this.local.clear();
    });
    try {
      // Queued until the subscriber connection is up; ioredis subscribes again after each reconnection.
      await subscriber.subscribe(this.channel);
    } catch {
      // The subscriber gave up (closed): invalidations reach this replica only through TTLs.
    }
  }

  private async shared<T>(read: CachedRead, account: string, key: string, ttlMs: number, fetch: () => Promise<T>): Promise<{ value: T; ttlMs: number }> {
    const redis = this.options.redis;
    if (!redis?.available) return { value: await fetch(), ttlMs };
    const digest = createHash('sha256').update(key).digest('base64url');
    const before = `${PREFIX}:{${account}}:v`;
    const after = `:${read.region}:${read.operation}:${digest}`;
    const lease = randomUUID();
    const waitUntil = performance.now() + this.waitMs;
    let pause = 10;
    for (let attempt = 0; ; attempt += 1) {
      let found: Lookup;
      try {
        found = (await redis.client.eval(LOOKUP, 1, this.generationKey(account), before, after, lease, this.waitMs)) as Lookup;
      } catch {
        return { value: await fetch(), ttlMs };
      }
      if (found[1] === 'hit') {
        if (attempt === 0) this.options.onCacheLookup?.('shared', true);
        return { value: deserialize(found[2]) as T, ttlMs: Math.max(1, Math.min(ttlMs, found[3])) };
      }
      if (attempt === 0) this.options.onCacheLookup?.('shared', false);
      if (found[1] === 'lead') return { value: await this.lead(redis, `${before}${found[0]}${after}`, lease, ttlMs, fetch), ttlMs };
      // Another replica is calling AWS for this read: wait for its answer, a bounded time.
      if (performance.now() + pause > waitUntil) return { value: await fetch(), ttlMs };
      await sleep(pause);
      pause = Math.min(pause * 1.5, 100);
    }
  }

  private async lead<T>(redis: FleetRedis, key: string, lease: string, ttlMs: number, fetch: () => Promise<T>): Promise<T> {
    let text = '';
    try {
      const value = await fetch();
      text = serialize(value);
      // Too large for the local level: not worth shipping to every replica either.
      if (text.length > (this.options.local.maxBytes ?? Number.POSITIVE_INFINITY)) text = '';
      return value;
    } finally {
      // Stores the answer (when there is one) and releases the lease, so waiting replicas go on at once.
      redis.client.eval(STORE, 2, key, `${key}:lease`, text, ttlMs, lease).catch(() => {});
    }
  }
}
