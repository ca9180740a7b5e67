import DataLoader from 'dataloader';
import { DEFAULT_READ_CACHE, canonicalRequestKey, type ReadCacheOptions } from '../aws/read-cache.js';
import { SharedReadCache, type SharedReadCacheOptions } from '../fleet/shared-read-cache.js';

/**
 * Page loaders of CloudTrail read operations, read through the cross-request cache.
 *
 * CloudTrail allows very few of these calls per second (AWS: LookupEvents is limited to two per
 * second per account per Region), so every page is read at most once per GraphQL request (a
 * DataLoader keyed by the region and every request parameter, NextToken included) and, across
 * requests, at most once per cache TTL (SharedReadCache: this process's memory, then Redis when the
 * gateway runs as a fleet).
 */

export interface InsightsReadsOptions {
  /**
   * The cross-request cache of Insights reads; `false` turns it off. `ttlMs` is the TTL of every
   * operation not named in `ttlMsByOperation`.
   */
  cache?: (Partial<ReadCacheOptions> & { ttlMsByOperation?: Record<string, number> }) | false;
  /** The fleet's shared level (Redis), single-flight wait and cache observer. Absent: this process alone. */
  shared?: Omit<SharedReadCacheOptions, 'local' | 'ttlMsByOperation'>;
  /**
   * The gateway's "now", from which retention windows and default time ranges are computed.
   * Defaults to the system clock; set it to the clock of an emulator that replays old logs.
   */
  now?: () => Date;
}

/** What Insights reads share across requests: created once per gateway process. */
export interface InsightsReads {
  cache: SharedReadCache;
  now: () => Date;
}

export function createInsightsReads(options: InsightsReadsOptions = {}): InsightsReads {
  const { ttlMsByOperation, ...local } = options.cache === false ? { ttlMs: 0, maxEntries: 0 } : { ...DEFAULT_READ_CACHE, ...options.cache };
  const cache = new SharedReadCache({ ...options.shared, local, ttlMsByOperation });
  return { cache, now: options.now ?? (() => new Date()) };
}

/** One AWS request, in the region it goes to. */
export interface RegionalRequest<Request> {
  region: string;
  request: Request;
}

/** A DataLoader of one page of a CloudTrail read operation, keyed by its region and request. */
export type PageLoader<Request, Response> = DataLoader<RegionalRequest<Request>, Response, string>;

/**
 * The key of one read, in the read cache shared by every request: a member account's reads are
 * keyed by its id too, since the same request in two accounts has two answers.
 */
export function requestKey(operation: string, accountId?: string): (key: RegionalRequest<unknown>) => string {
  const account = accountId === undefined ? '' : `${accountId} `;
  return (key) => `${operation} ${account}${key.region} ${canonicalRequestKey(key.request)}`;
}

/**
 * A DataLoader of one CloudTrail read operation. CloudTrail has no batch form of these reads, so
 * each distinct request costs one call (or none, when the cache has it); a failure stays with its
 * own key and is never cached across requests.
 */
export function readLoader<Request, Response>(
  operation: string,
  reads: InsightsReads,
  send: (key: RegionalRequest<Request>) => Promise<Response>,
  accountId: string | undefined,
): PageLoader<Request, Response> {
  const keyOf = requestKey(operation, accountId);
  return new DataLoader<RegionalRequest<Request>, Response, string>(
    (keys) =>
      Promise.all(
        keys.map((key) =>
          reads.cache
            .through({ operation, region: key.region, input: key.request, account: accountId }, () => send(key))
            .catch((error: Error) => error),
        ),
      ),
    { cacheKeyFn: keyOf },
  );
}
