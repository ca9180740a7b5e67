import type { AccountStore, CloudTrailEventRecord, TrailRecord } from '../store.js';
import type { EventLog } from '../events/event-log.js';
import { seriesKey, sortedCounts, type MinuteSeries, type SeriesSet } from '../events/minute-series.js';
import { INSIGHT_TYPES, type InsightTypeName } from '../../rules/insights-metrics.js';
import { attributionsOf } from './attributions.js';
import { detectInsights, endedBy, type DetectedInsight } from './detection.js';
import { selectorsEnable, trailCoversRegion, trailsWithInsights, type InsightSourceCategory } from './enablement.js';
import { insightsEventsOf } from './events.js';
import { dataSeriesOf, regionView, type RegionView } from './region-view.js';

export { managementInsightsEnabled, selectorsEnable, trailCoversRegion, type InsightSourceCategory } from './enablement.js';
export { bucketCounts } from './series.js';

/**
 * The per-minute counts of one metrics series: management events of the region, or the data
 * events a trail logs. Undefined when no event counts towards it.
 */
export function seriesCounts(
  account: AccountStore,
  region: string,
  now: Date,
  query: { eventSource: string; eventName: string; insightType: InsightTypeName; errorCode?: string; trail?: TrailRecord },
): { minutes: number[]; counts: number[] } | undefined {
  const view = regionView(account, region, now);
  if (!view) return undefined;
  const log = account.events;
  const set = query.trail ? dataSeriesOf(log, view, query.trail) : view.managementSeries;
  const key = seriesKey(log, query);
  const series = key === undefined ? undefined : set.get(key);
  return series && sortedCounts(series);
}

/**
 * A series' Insights, kept until the series gains events or its Region's history start moves: a
 * new ingest recomputes only the series it changed. The Insights events of each are built when
 * first asked for.
 */
interface Detection {
  version: number;
  historyStartMinute: number;
  insights: DetectedInsight[];
  events: ([CloudTrailEventRecord, CloudTrailEventRecord] | undefined)[];
}

const detections = new WeakMap<MinuteSeries, Detection>();

function detectionOf(series: MinuteSeries, historyStartMinute: number): Detection {
  const cached = detections.get(series);
  if (cached && cached.version === series.version && cached.historyStartMinute === historyStartMinute) return cached;
  const insights = detectInsights(sortedCounts(series), historyStartMinute);
  const detection = { version: series.version, historyStartMinute, insights, events: [] };
  detections.set(series, detection);
  return detection;
}

function detect(
  log: EventLog,
  view: RegionView,
  set: SeriesSet,
  insightTypes: readonly InsightTypeName[],
  category: InsightSourceCategory,
  now: Date,
  accountId: string,
  trailArn?: string,
): CloudTrailEventRecord[] {
  if (insightTypes.length === 0) return [];
  const nowMinute = Math.floor(now.getTime() / 60_000);
  const found: CloudTrailEventRecord[] = [];
  for (const series of set.values()) {
    if (!insightTypes.includes(series.insightType)) continue;
    const detection = detectionOf(series, view.historyStartMinute);
    const identity = { ...series, region: view.region, category, trailArn };
    for (let k = 0; k < endedBy(detection.insights, nowMinute); k++) {
      const insight = detection.insights[k];
      const pair = (detection.events[k] ??= insightsEventsOf(identity, insight, accountId, () => attributionsOf(log, series, insight)));
      found.push(...pair);
    }
  }
  return found;
}

function dataInsightsEvents(account: AccountStore, view: RegionView, trail: TrailRecord, now: Date): CloudTrailEventRecord[] {
  const types = INSIGHT_TYPES.filter((t) => selectorsEnable(trail.insightSelectors, t, 'Data'));
  if (types.length === 0) return [];
  const set = dataSeriesOf(account.events, view, trail);
  return detect(account.events, view, set, types, 'Data', now, account.accountId, trail.arn);
}

/**
 * The Insights events LookupEvents serves in a region: management-event Insights of every type a
 * trail covering the region enables (once, however many trails enable it), data-event Insights of
 * each such trail, and Insights events found in ingested logs. Event data store Insights are
 * excluded: AWS delivers them to the store's destination, not to LookupEvents.
 */
export function lookupInsightsEvents(account: AccountStore, region: string, now: Date): CloudTrailEventRecord[] {
  const view = regionView(account, region, now);
  if (!view) return [];
  const managementTypes = INSIGHT_TYPES.filter((t) => trailsWithInsights(account, region, t, 'Management').length > 0);
  const dataTrails = new Set(INSIGHT_TYPES.flatMap((t) => trailsWithInsights(account, region, t, 'Data')));
  view.loggedInsightRecords ??= view.loggedInsights.map((i) => account.events.record(i));
  return [
    ...detect(account.events, view, view.managementSeries, managementTypes, 'Management', now, account.accountId),
    ...[...dataTrails].flatMap((trail) => dataInsightsEvents(account, view, trail, now)),
    ...view.loggedInsightRecords,
  ];
}

/**
 * The Insights events ListInsightsData returns for one trail in a region: AWS documents it as
 * "Returns Insights events generated on a trail that logs data events", so only the trail's
 * data-event Insights. Its management-event Insights are read with LookupEvents, like any other
 * management-event Insight of the region (ListInsightsMetricData refuses TrailName for them).
 */
export function trailInsightsEvents(account: AccountStore, trail: TrailRecord, region: string, now: Date): CloudTrailEventRecord[] {
  if (!trailCoversRegion(trail, region)) return [];
  const view = regionView(account, region, now);
  return view ? dataInsightsEvents(account, view, trail, now) : [];
}
