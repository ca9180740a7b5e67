/**
 * A short-lived, bounded, per-process cache of CloudTrail read responses.
 *
 * CloudTrail allows very few Insights reads per second (AWS: LookupEvents is limited to two
 * requests per second per account per Region), and dashboards repeat the same reads every few
 * seconds. Answers are kept for a short time so that repeat requests cost no AWS call. Only
 * successful responses are kept: a failure is never served from the cache, so a throttled or
 * refused read is tried again by the next request.
 *
 * Keys must name everything that shapes the answer: the operation, the region and every request
 * parameter (including NextToken). One gateway process uses one set of credentials, so the account
 * is implied.
 */

export interface ReadCacheOptions {
  /** How long an answer is served from the cache, in milliseconds. 0 disables the cache. */
  ttlMs: number;
  /** At most this many answers are kept; the least recently used goes first. */
  maxEntries: number;
  /**
   * At most this many bytes of answers (measured as their JSON) are kept, the least recently used
   * going first; an answer larger than this is not kept at all. Default 32 MiB: a few large
   * metric series (21,600 points each) must not hold the process's memory.
   */
  maxBytes?: number;
  /**
   * How often expired answers are dropped even if nothing asks for them again, in milliseconds.
   * Default: the TTL (at least a second). The timer does not keep the process alive.
   */
  sweepIntervalMs?: number;
}

/** The defaults of the Insights read cache (and of INSIGHTS_CACHE_TTL_SECONDS, _MAX_ENTRIES, _MAX_MB). */
export const DEFAULT_READ_CACHE = { ttlMs: 30_000, maxEntries: 500, maxBytes: 32 * 1024 * 1024 } as const satisfies ReadCacheOptions;

interface Entry {
  value: Promise<unknown>;
  /** Monotonic time after which the entry is stale; Infinity while the read is in flight. */
  expiresAt: number;
  /** Size of the answer once it has arrived (0 while in flight). */
  bytes: number;
}

/** Approximate size of an answer: the length of its JSON (SDK outputs are plain data and Dates). */
function sizeOf(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Milliseconds on a monotonic clock, so wall-clock changes never extend or cut a TTL. */
type MonotonicClock = () => number;

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly options: ReadCacheOptions = DEFAULT_READ_CACHE,
    private readonly clock: MonotonicClock = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of the answers kept (their JSON length). */
  get bytes(): number {
    return this.totalBytes;
  }

  private get maxBytes(): number {
    return this.options.maxBytes ?? DEFAULT_READ_CACHE.maxBytes;
  }

  /**
   * The cached answer for `key`, or the answer of `read()`, kept for the TTL if it succeeds.
   * Concurrent requests for the same key while the read is in flight share it. `ttlMs` overrides
   * the cache's TTL for this answer; a function is asked once the answer has arrived (an answer
   * taken from a shared cache lives only as long as it has left there).
   */
  async through<T>(key: string, read: () => Promise<T>, ttlMs: number | (() => number) = this.options.ttlMs): Promise<T> {
    if (!this.enabled || ttlMs === 0) return read();
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      // Refresh its place in the recency order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    if (hit) this.remove(key, hit);

    const entry: Entry = { value: read(), expiresAt: Number.POSITIVE_INFINITY, bytes: 0 };
    this.entries.set(key, entry);
    this.evictOverflow();
    try {
      const value = await (entry.value as Promise<T>);
      if (this.entries.get(key) === entry) {
        const bytes = sizeOf(value);
        if (bytes > this.maxBytes) {
          this.remove(key, entry);
        } else {
          entry.bytes = bytes;
          this.totalBytes += bytes;
          entry.expiresAt = this.clock() + (typeof ttlMs === 'number' ? ttlMs : ttlMs());
          this.evictOverflow();
          this.startSweeping();
        }
      }
      return value;
    } catch (error) {
      if (this.entries.get(key) === entry) this.remove(key, entry);
      throw error;
    }
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
    this.stopSweeping();
  }

  /** Drops every expired answer now (the timer calls this; so can tests). */
  sweep(): void {
    const now = this.clock();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.remove(key, entry);
    if (this.entries.size === 0) this.stopSweeping();
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  /** Least recently used first, until both the entry and the byte bounds hold. */
  private evictOverflow(): void {
    while (this.entries.size > this.options.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.entries.entries().next();
      if (oldest.done) return;
      this.remove(oldest.value[0], oldest.value[1]);
    }
  }

  private startSweeping(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), this.options.sweepIntervalMs ?? Math.max(1000, this.options.ttlMs));
    // Expiry is housekeeping: it must never keep a process alive that has nothing else to do.
    this.sweeper.unref();
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/**
 * JSON with object keys sorted and undefined/null members dropped, and Dates as ISO strings, so
 * that equal requests give equal cache keys whatever order their parameters were written in. Also
 * what binds a connection cursor to its arguments (schema/connections.ts): equal arguments, equal digest.
 */
export function canonicalRequestKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalRequestKey).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalRequestKey(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
