import type { AccountStore, CloudTrailEventRecord, TrailRecord } from '../store.js';
import { INSIGHT_TYPES, type InsightTypeName } from '../../rules/insights-metrics.js';
import { trailLogsDataEvent } from './data-events.js';
import { detectInsights } from './detection.js';
import { selectorsEnable, trailCoversRegion, trailsWithInsights, type InsightSourceCategory } from './enablement.js';
import { insightsEventsOf } from './events.js';
import { countsTowards, groupIntoSeries } from './series.js';

export { managementInsightsEnabled, selectorsEnable, trailCoversRegion, type InsightSourceCategory } from './enablement.js';
export { bucketCounts } from './series.js';

/** Events that happened in `region` by `now` (the emulator's clock may be set before some of them). */
function regionEvents(account: AccountStore, region: string, now: Date): CloudTrailEventRecord[] {
  const limit = now.getTime();
  return [...account.events.values()].filter((e) => e.awsRegion === region && e.eventTime.getTime() <= limit);
}

/** The minute the region's ingested history starts at: its earliest API event. */
function historyStartMinute(events: readonly CloudTrailEventRecord[]): number {
  let first = Infinity;
  for (const e of events) if (e.eventCategory !== 'Insight') first = Math.min(first, e.eventTime.getTime());
  return Math.floor(first / 60_000);
}

/** The events one metrics series counts: management events of the region, or the data events a trail logs. */
export function seriesEvents(
  account: AccountStore,
  region: string,
  now: Date,
  query: { eventSource: string; eventName: string; insightType: InsightTypeName; errorCode?: string; trail?: TrailRecord },
): CloudTrailEventRecord[] {
  const category: InsightSourceCategory = query.trail ? 'Data' : 'Management';
  return regionEvents(account, region, now).filter(
    (e) =>
      e.eventSource === query.eventSource &&
      e.eventName === query.eventName &&
      countsTowards(e, query.insightType, category, query.errorCode) &&
      (!query.trail || trailLogsDataEvent(query.trail, e)),
  );
}

function detect(
  events: readonly CloudTrailEventRecord[],
  insightTypes: readonly InsightTypeName[],
  category: InsightSourceCategory,
  historyStart: number,
  now: Date,
  accountId: string,
  trailArn?: string,
): CloudTrailEventRecord[] {
  if (insightTypes.length === 0) return [];
  const nowMinute = Math.floor(now.getTime() / 60_000);
  return groupIntoSeries(events, insightTypes, category, trailArn).flatMap((series) =>
    detectInsights(series.events, historyStart, nowMinute).flatMap((insight) => insightsEventsOf(series, insight, accountId)),
  );
}

function dataInsightsEvents(
  events: readonly CloudTrailEventRecord[],
  trail: TrailRecord,
  historyStart: number,
  now: Date,
  accountId: string,
): CloudTrailEventRecord[] {
  const types = INSIGHT_TYPES.filter((t) => selectorsEnable(trail.insightSelectors, t, 'Data'));
  const logged = events.filter((e) => trailLogsDataEvent(trail, e));
  return detect(logged, types, 'Data', historyStart, now, accountId, trail.arn);
}

/**
 * The Insights events LookupEvents serves in a region: management-event Insights of every type a
 * trail covering the region enables (once, however many trails enable it), data-event Insights of
 * each such trail, and Insights events found in ingested logs. Event data store Insights are
 * excluded: AWS delivers them to the store's destination, not to LookupEvents.
 */
export function lookupInsightsEvents(account: AccountStore, region: string, now: Date): CloudTrailEventRecord[] {
  const events = regionEvents(account, region, now);
  const historyStart = historyStartMinute(events);
  const managementTypes = INSIGHT_TYPES.filter((t) => trailsWithInsights(account, region, t, 'Management').length > 0);
  const dataTrails = new Set(INSIGHT_TYPES.flatMap((t) => trailsWithInsights(account, region, t, 'Data')));
  return [
    ...detect(events, managementTypes, 'Management', historyStart, now, account.accountId),
    ...[...dataTrails].flatMap((trail) => dataInsightsEvents(events, trail, historyStart, now, account.accountId)),
    ...events.filter((e) => e.eventCategory === 'Insight'),
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
  const events = regionEvents(account, region, now);
  return dataInsightsEvents(events, trail, historyStartMinute(events), now, account.accountId);
}
