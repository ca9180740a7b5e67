import { setTimeout as sleep } from 'node:timers/promises';
import { AwsQuotaExhaustedError, RequestAbortedError } from '../aws/call-refusals.js';
import type { CallQuota, QuotaCheckIn } from '../aws/cloudtrail-api.js';
import { CLOUDTRAIL_QUOTAS, DEFAULT_QUOTA_SHARE, operationClassOf, type OperationClass } from '../aws/quotas.js';
import type { FleetRedis } from './redis.js';

/**
 * CloudTrail's request-rate quotas as buckets the gateway spends from, one per account, Region and
 * operation class, shared by every replica through Redis. A call takes the next free slot of its
 * bucket and waits for it (GCRA: each slot is one interval after the previous one), instead of
 * being sent at once and throttled by AWS; a call whose slot would come past its allowed wait is
 * not sent and gets AWS_QUOTA_EXHAUSTED with the time its slot would have come. A
 * ThrottlingException that still comes back (another client of the account, a smaller quota than
 * configured) pushes the bucket's next slot a second later, for every replica.
 *
 * A slot says when a call may go; a busy event loop can wake a call late, and then the next call,
 * woken on time, would follow it closer than the quota allows (AWS counts arrivals, not slots). So
 * each call also checks in just before it is sent: the bucket keeps when the last call was actually
 * sent, and a call less than one interval after it waits the difference.
 *
 * Without Redis, or while it is down, each replica keeps the same buckets in memory: the fleet may
 * then spend up to its size times the quota, and AWS's throttling (fed back here) is the limit.
 */

export interface QuotaBucketsOptions {
  /** Calls per second per class (default CLOUDTRAIL_QUOTAS, AWS's documented quotas). */
  quotas?: Partial<Record<OperationClass, number>>;
  /** Share of each quota the fleet spends (default DEFAULT_QUOTA_SHARE). */
  share?: number;
  /** Shared buckets; absent: in memory, per process. */
  redis?: FleetRedis;
  account?: string;
  /** Told how long each call waited for its slot (for metrics). */
  onTokenWait?: (operationClass: string, seconds: number) => void;
  /**
   * Told of each ThrottlingException fed back. The gateway leaves it unset: its metrics already count
   * throttled answers in the SDK middleware (src/observability/aws-calls.ts), and would count twice.
   */
  onThrottle?: (operation: string, region: string, account: string) => void;
}

/** A ThrottlingException moves the bucket's next slot this far: a full second of the quota. */
const THROTTLE_PENALTY_MS = 1000;

/**
 * Takes the next slot of a bucket if it comes within ARGV[2] ms. KEYS[1]: the bucket (its value is
 * the time, in Redis's clock, its next slot is free). ARGV[1]: interval between slots (ms).
 * Returns {1, wait} when taken, {0, wait} when it would come too late (nothing taken).
 */
const TAKE_SLOT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local slot = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local wait = slot - now
if wait > tonumber(ARGV[2]) then return {0, wait} end
local nextSlot = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], nextSlot, 'PX', nextSlot - now + 1000)
return {1, wait}`;

/**
 * The check-in before sending. KEYS[1]: when the bucket's last call was sent. ARGV[1]: the
 * interval. Returns 0 and records now when a whole interval has passed, else the ms still to wait.
 */
const CHECK_IN = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local early = tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1]) - now
if early > 0 then return early end
redis.call('SET', KEYS[1], now, 'PX', tonumber(ARGV[1]) + 1000)
return 0`;

/**
 * After a ThrottlingException: the bucket's next slot moves ARGV[1] ms past now (or past the slot
 * it had, if later), and calls already given a slot check in no earlier than that either.
 */
const PUSH_BACK = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local penalty = tonumber(ARGV[1])
local nextSlot = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now) + penalty
redis.call('SET', KEYS[1], nextSlot, 'PX', nextSlot - now + 1000)
local sent = now + penalty - tonumber(ARGV[2])
if sent > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], sent, 'PX', penalty + 1000) end
return 1`;

export class QuotaBuckets implements CallQuota {
  private readonly intervalMs: Record<OperationClass, number>;
  /** The in-memory buckets: next free slot, and last send (Date.now() clock), by bucket key. */
  private readonly local = new Map<string, number>();
  private readonly localSent = new Map<string, number>();
  private readonly account: string;
  private readonly tokenWaitListeners: ((operationClass: string, seconds: number) => void)[] = [];

  constructor(private readonly options: QuotaBucketsOptions = {}) {
    const share = options.share ?? DEFAULT_QUOTA_SHARE;
    const interval = (cls: OperationClass) => Math.ceil(1000 / ((options.quotas?.[cls] ?? CLOUDTRAIL_QUOTAS[cls]) * share));
    this.intervalMs = { LookupEvents: interval('LookupEvents'), ListInsightsMetricData: interval('ListInsightsMetricData'), read: interval('read'), write: interval('write') };
    this.account = options.account ?? 'default';
    if (options.onTokenWait) this.tokenWaitListeners.push(options.onTokenWait);
  }

  /** `listener` is told how long each call waited for its slot, by operation class (the gateway's metrics). */
  observeTokenWaits(listener: (operationClass: string, seconds: number) => void): void {
    this.tokenWaitListeners.push(listener);
  }

  /** Milliseconds between two calls of a class (the quota, times the share, as an interval). */
  intervalOf(operationClass: OperationClass): number {
    return this.intervalMs[operationClass];
  }

  /**
   * Takes the call's slot and waits for it; resolves to its check-in, to be run just before each
   * attempt is sent (CloudTrailApi runs it inside the SDK's pipeline, after signing). Throws
   * AwsQuotaExhaustedError when the slot, or a check-in, would come after `maxWaitMs`.
   */
  async acquire(operation: string, region: string, maxWaitMs: number, signal?: AbortSignal, account?: string): Promise<QuotaCheckIn> {
    const operationClass = operationClassOf(operation);
    const key = this.keyOf(region, operationClass, account);
    const interval = this.intervalMs[operationClass];
    const allowed = Math.max(0, Math.floor(maxWaitMs));
    const refuse = (waitMs: number) => new AwsQuotaExhaustedError(operation, operationClass, region, Math.max(1, Math.ceil(waitMs / 1000)));
    const started = performance.now();
    const pause = async (ms: number) => {
      try {
        await sleep(ms, undefined, { signal });
      } catch {
        throw new RequestAbortedError();
      }
    };
    const [taken, wait] = await this.takeSlot(key, interval, allowed);
    if (!taken) throw refuse(wait);
    if (wait > 0) await pause(wait);
    let reported = false;
    return async () => {
      for (;;) {
        const early = await this.checkIn(key, interval);
        if (early <= 0) break;
        const waited = performance.now() - started;
        if (waited + early > allowed) throw refuse(waited + early);
        await pause(early);
      }
      if (reported) return;
      reported = true;
      const seconds = (performance.now() - started) / 1000;
      for (const listener of this.tokenWaitListeners) listener(operationClass, seconds);
    };
  }

  async throttled(operation: string, region: string, account?: string): Promise<void> {
    this.options.onThrottle?.(operation, region, account ?? this.account);
    const key = this.keyOf(region, operationClassOf(operation), account);
    const interval = this.intervalMs[operationClassOf(operation)];
    this.pushBackLocal(key, THROTTLE_PENALTY_MS, interval);
    const redis = this.options.redis;
    if (!redis?.available) return;
    try {
      await redis.client.eval(PUSH_BACK, 2, key, `${key}:sent`, THROTTLE_PENALTY_MS, interval);
    } catch {
      // Degraded: this replica's own bucket was pushed back above.
    }
  }

  /** Member accounts (an organization) have their own quotas; absent, the gateway's own account. */
  private keyOf(region: string, operationClass: OperationClass, account = this.account): string {
    return `ctig:{${account}}:quota:${region}:${operationClass}`;
  }

  private async takeSlot(key: string, interval: number, allowed: number): Promise<[boolean, number]> {
    const redis = this.options.redis;
    if (redis?.available) {
      try {
        const [taken, wait] = (await redis.client.eval(TAKE_SLOT, 1, key, interval, allowed)) as [number, number];
        return [taken === 1, wait];
      } catch {
        // Degraded: this replica's own bucket, below.
      }
    }
    return this.takeLocalSlot(key, interval, allowed);
  }

  /** 0 when the call may be sent now (recorded as the last send), else how long it must still wait. */
  private async checkIn(key: string, interval: number): Promise<number> {
    const redis = this.options.redis;
    if (redis?.available) {
      try {
        return Number(await redis.client.eval(CHECK_IN, 1, `${key}:sent`, interval));
      } catch {
        // Degraded: this replica's own record, below.
      }
    }
    const now = Date.now();
    const early = (this.localSent.get(key) ?? 0) + interval - now;
    if (early > 0) return early;
    this.localSent.set(key, now);
    return 0;
  }

  private takeLocalSlot(key: string, interval: number, allowed: number): [boolean, number] {
    const now = Date.now();
    const slot = Math.max(this.local.get(key) ?? 0, now);
    const wait = slot - now;
    if (wait > allowed) return [false, wait];
    this.local.set(key, slot + interval);
    return [true, wait];
  }

  private pushBackLocal(key: string, ms: number, interval: number): void {
    const now = Date.now();
    this.local.set(key, Math.max(this.local.get(key) ?? 0, now) + ms);
    this.localSent.set(key, Math.max(this.localSent.get(key) ?? 0, now + ms - interval));
  }
}
