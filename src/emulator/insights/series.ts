import type { CloudTrailEventRecord } from '../store.js';
import type { InsightTypeName } from '../../rules/insights-metrics.js';
import type { InsightSourceCategory } from './enablement.js';

/**
 * Which events an Insights series counts (AWS, InsightSelector.InsightType):
 * - ApiCallRateInsight on management events: write calls only (`readOnly` false);
 *   on data events: read and write calls.
 * - ApiErrorRateInsight: calls (read or write) whose `errorCode` is the series' error code.
 */
export function countsTowards(
  event: CloudTrailEventRecord,
  insightType: InsightTypeName,
  category: InsightSourceCategory,
  errorCode?: string,
): boolean {
  if (event.eventCategory !== category) return false;
  if (insightType === 'ApiErrorRateInsight') return event.errorCode !== undefined && event.errorCode === errorCode;
  return category === 'Data' || event.readOnly === false;
}

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

export interface Series extends SeriesIdentity {
  events: CloudTrailEventRecord[];
}

/**
 * Groups events into every series they count towards: one ApiCallRateInsight series per API, one
 * ApiErrorRateInsight series per API and error code.
 */
export function groupIntoSeries(
  events: Iterable<CloudTrailEventRecord>,
  insightTypes: readonly InsightTypeName[],
  category: InsightSourceCategory,
  trailArn?: string,
): Series[] {
  const series = new Map<string, Series>();
  const add = (identity: SeriesIdentity, event: CloudTrailEventRecord) => {
    const key = JSON.stringify([identity.region, identity.eventSource, identity.eventName, identity.insightType, identity.errorCode ?? '']);
    let s = series.get(key);
    if (!s) {
      s = { ...identity, events: [] };
      series.set(key, s);
    }
    s.events.push(event);
  };
  for (const event of events) {
    const base = { region: event.awsRegion, eventSource: event.eventSource, eventName: event.eventName, category, trailArn };
    for (const insightType of insightTypes) {
      const errorCode = insightType === 'ApiErrorRateInsight' ? event.errorCode : undefined;
      if (countsTowards(event, insightType, category, errorCode)) add({ ...base, insightType, errorCode }, event);
    }
  }
  return [...series.values()];
}

/** Event counts per bucket, keyed by the bucket's start in epoch seconds: floor(t / period) * period. */
export function bucketCounts(events: readonly CloudTrailEventRecord[], periodSeconds: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of events) {
    const bucket = Math.floor(e.eventTime.getTime() / 1000 / periodSeconds) * periodSeconds;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return counts;
}
