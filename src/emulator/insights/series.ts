import type { InsightTypeName } from '../../rules/insights-metrics.js';
import { lowerBound } from '../events/minute-series.js';
import type { InsightSourceCategory } from './enablement.js';

/** One series: an API (event source and name) in a region, for one Insights type and error code. */
export interface SeriesIdentity {
  region: string;
  eventSource: string;
  eventName: string;
  insightType: InsightTypeName;
  errorCode?: string;
  category: InsightSourceCategory;
  /** For data-event Insights, which are computed per trail. */
  trailArn?: string;
}

/**
 * Event counts per bucket of `periodSeconds`, keyed by the bucket's start in epoch seconds
 * (floor(t / period) * period), for the buckets that start in [fromSeconds, untilSeconds), from
 * per-minute counts (every period is a whole number of minutes).
 */
export function bucketCounts(
  series: { minutes: readonly number[]; counts: readonly number[] },
  periodSeconds: number,
  fromSeconds: number,
  untilSeconds: number,
): Map<number, number> {
  const buckets = new Map<number, number>();
  // A minute's bucket starts in [from, until) exactly when the minute starts in [first, end) below.
  const first = Math.ceil(fromSeconds / periodSeconds) * periodSeconds;
  const end = Math.ceil(untilSeconds / periodSeconds) * periodSeconds;
  const { minutes, counts } = series;
  for (let k = lowerBound(minutes, first / 60); k < minutes.length && minutes[k] * 60 < end; k++) {
    const bucket = Math.floor((minutes[k] * 60) / periodSeconds) * periodSeconds;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + counts[k]);
  }
  return buckets;
}
