import type { InsightTypeName } from '../../rules/insights-metrics.js';
import type { EventLog } from './event-log.js';

/**
 * One Insights series (an API in a Region, for one Insights type and error code) as counts of
 * events per epoch minute, and the events themselves (by number) for attributions.
 */
export interface MinuteSeries {
  eventSource: string;
  eventName: string;
  insightType: InsightTypeName;
  errorCode?: string;
  /** Events per epoch minute (floor(epoch ms / 60,000)). */
  counts: Map<number, number>;
  events: number[];
  /** Changes whenever an event is added: what per-series caches are keyed by. */
  version: number;
  sortedCache?: { version: number; minutes: number[]; counts: number[] };
}

/** Series by key (see keyOf). */
export type SeriesSet = Map<number | string, MinuteSeries>;

export const minuteOf = (epochMs: number) => Math.floor(epochMs / 60_000);

const ID_LIMIT = 2 ** 17;

/**
 * A series' key from the string ids of its parts: a number while the ids are small enough to
 * share one (every id below 2^17 keeps it under 2^53), which costs no string per event counted.
 */
function keyOf(insightType: InsightTypeName, source: number, name: number, errorCode: number): number | string {
  if (source < ID_LIMIT && name < ID_LIMIT && errorCode < ID_LIMIT) {
    return ((source * ID_LIMIT + name) * ID_LIMIT + errorCode) * 2 + (insightType === 'ApiErrorRateInsight' ? 1 : 0);
  }
  return `${insightType}/${source}/${name}/${errorCode}`;
}

function addTo(set: SeriesSet, log: EventLog, i: number, insightType: InsightTypeName, errorCodeId: number): void {
  const source = log.sourceIdOf(i);
  const name = log.nameIdOf(i);
  const key = keyOf(insightType, source, name, errorCodeId);
  let series = set.get(key);
  if (!series) {
    series = {
      eventSource: log.strings.value(source) as string,
      eventName: log.strings.value(name) as string,
      insightType,
      errorCode: log.strings.value(errorCodeId),
      counts: new Map(),
      events: [],
      version: 0,
    };
    set.set(key, series);
  }
  const minute = minuteOf(log.timeOf(i));
  series.counts.set(minute, (series.counts.get(minute) ?? 0) + 1);
  series.events.push(i);
  series.version++;
}

/**
 * Adds an event (of `category`) to every series it counts towards (AWS, InsightSelector.InsightType):
 * - ApiCallRateInsight on management events: write calls only (`readOnly` false);
 *   on data events: read and write calls.
 * - ApiErrorRateInsight: calls (read or write) with an `errorCode`, in the series of that code.
 */
export function addToSeries(set: SeriesSet, log: EventLog, i: number, category: 'Management' | 'Data'): void {
  if (category === 'Data' || log.readOnlyOf(i) === false) addTo(set, log, i, 'ApiCallRateInsight', 0);
  const errorCode = log.errorCodeIdOf(i);
  if (errorCode !== 0) addTo(set, log, i, 'ApiErrorRateInsight', errorCode);
}

/** The key of a series in a SeriesSet, from its identity; undefined when a name was never stored. */
export function seriesKey(
  log: EventLog,
  query: { eventSource: string; eventName: string; insightType: InsightTypeName; errorCode?: string },
): number | string | undefined {
  const source = log.strings.find(query.eventSource);
  const name = log.strings.find(query.eventName);
  const errorCode = query.insightType === 'ApiErrorRateInsight' ? log.strings.find(query.errorCode ?? '') : 0;
  if (source === undefined || name === undefined || errorCode === undefined || errorCode === 0 && query.insightType === 'ApiErrorRateInsight') {
    return undefined;
  }
  return keyOf(query.insightType, source, name, errorCode);
}

/** The minutes that have events, ascending, with their counts (cached until the series changes). */
export function sortedCounts(series: MinuteSeries): { minutes: number[]; counts: number[] } {
  if (series.sortedCache?.version === series.version) return series.sortedCache;
  const minutes = [...series.counts.keys()].sort((a, b) => a - b);
  const counts = minutes.map((m) => series.counts.get(m) as number);
  series.sortedCache = { version: series.version, minutes, counts };
  return series.sortedCache;
}

/** First index in ascending `values` whose value is >= x. */
export function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
