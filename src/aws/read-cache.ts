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
}

export const DEFAULT_READ_CACHE: ReadCacheOptions = { ttlMs: 30_000, maxEntries: 500 };

interface Entry {
  value: Promise<unknown>;
  /** Monotonic time after which the entry is stale; Infinity while the read is in flight. */
  expiresAt: number;
}

/** Milliseconds on a monotonic clock, so wall-clock changes never extend or cut a TTL. */
type MonotonicClock = () => number;

export class ReadCache {
  private readonly entries = new Map<string, Entry>();

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

  /**
   * The cached answer for `key`, or the answer of `read()`, kept for the TTL if it succeeds.
   * Concurrent requests for the same key while the read is in flight share it.
   */
  async through<T>(key: string, read: () => Promise<T>): Promise<T> {
    if (!this.enabled) return read();
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      // Refresh its place in the recency order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    if (hit) this.entries.delete(key);

    const entry: Entry = { value: read(), expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    this.evictOverflow();
    try {
      const value = await (entry.value as Promise<T>);
      if (this.entries.get(key) === entry) entry.expiresAt = this.clock() + this.options.ttlMs;
      return value;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private evictOverflow(): void {
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      this.entries.delete(oldest.value);
    }
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
