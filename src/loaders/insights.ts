import DataLoader from 'dataloader';
import {
  ListInsightsDataCommand,
  ListInsightsMetricDataCommand,
  LookupEventsCommand,
  type ListInsightsDataRequest,
  type ListInsightsDataResponse,
  type ListInsightsMetricDataRequest,
  type ListInsightsMetricDataResponse,
  type LookupEventsRequest,
  type LookupEventsResponse,
} from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import type { InsightEventRecord } from '../aws/event-records.js';
import type { SharedReadCache } from '../fleet/shared-read-cache.js';
import { readLoader, requestKey, type InsightsReads, type PageLoader, type RegionalRequest } from './cached-pages.js';
import { createInsightEndLoader, type EventPageLoaders, type InsightEndKey } from './insight-events.js';

/**
 * Reads of CloudTrail Insights data: ListInsightsMetricData, LookupEvents and ListInsightsData,
 * each page read through the cross-request cache (cached-pages.ts).
 */

/** One point of an Insights metric series. */
export interface InsightsMetricPoint {
  timestamp: Date;
  value: number;
}

/** A ListInsightsMetricData request without its NextToken: one whole series. */
export type MetricSeriesRequest = RegionalRequest<Omit<ListInsightsMetricDataRequest, 'NextToken'>>;

export interface InsightsLoaders extends EventPageLoaders {
  /** One ListInsightsMetricData page. */
  metricDataPage: PageLoader<ListInsightsMetricDataRequest, ListInsightsMetricDataResponse>;
  /** Every point of a series, walking its pages through `metricDataPage` (so pages are shared with connections). */
  metricSeriesPoints: DataLoader<MetricSeriesRequest, readonly InsightsMetricPoint[], string>;
  /** The End event of an Insight whose Start is known (null while it is under way), through the event page loaders (EventPageLoaders). */
  insightEnd: DataLoader<InsightEndKey, InsightEventRecord | null, string>;
  /** The gateway's "now". */
  now: () => Date;
  /** The cross-request cache the page loaders read through (shared by every request of the gateway, and by the fleet). */
  cache: SharedReadCache;
}

/**
 * Forgets every Insights answer read so far, across requests (the shared cache) and in this
 * request, after a change of Insights or event selectors: which series exist and which Insights
 * are raised depend on them (ListInsightsMetricData refuses a type no longer enabled; a trail's
 * data-event Insights follow the data events it logs). All Regions are forgotten, since a
 * multi-Region trail or event data store enables Insights in every Region it covers. A read still
 * in flight when this runs is not kept either (ReadCache keeps only entries still current). The
 * other replicas of a fleet forget theirs through CloudTrailApi's change hook (server.ts).
 */
export function forgetInsightsReads(loaders: InsightsLoaders): void {
  loaders.cache.clearLocal();
  loaders.metricDataPage.clearAll();
  loaders.metricSeriesPoints.clearAll();
  loaders.lookupEventsPage.clearAll();
  loaders.insightsDataPage.clearAll();
  loaders.insightEnd.clearAll();
}

/**
 * Points already built from a page, for as long as the page lives: pages served by the read cache
 * are the same object request after request, so a dashboard polling 4 series of 1,000 points builds
 * their 4,000 point objects once per cache TTL instead of once per request. Entries go with their
 * page (a WeakMap), so nothing outlives the read cache's own bound.
 */
const pointsOfPage = new WeakMap<ListInsightsMetricDataResponse, readonly InsightsMetricPoint[]>();

/**
 * AWS pairs Timestamps[i] with Values[i]: "The number of values is equal to the number of timestamps."
 * The array is shared by every reader of the page: treat it as read-only.
 */
export function metricPointsOf(page: ListInsightsMetricDataResponse): readonly InsightsMetricPoint[] {
  const known = pointsOfPage.get(page);
  if (known) return known;
  const timestamps = page.Timestamps ?? [];
  const values = page.Values ?? [];
  const count = Math.min(timestamps.length, values.length);
  const points: InsightsMetricPoint[] = [];
  for (let i = 0; i < count; i += 1) points.push({ timestamp: timestamps[i] as Date, value: values[i] as number });
  pointsOfPage.set(page, points);
  return points;
}

/**
 * Safety net against a service that keeps answering with a NextToken: a window holds at most 21600
 * points (15 days of minutes), and the schema refuses page sizes that would need many pages.
 */
const MAX_METRIC_PAGES = 100;

export function createInsightsLoaders(cloudTrail: CloudTrailApi, reads: InsightsReads): InsightsLoaders {
  const metricDataPage = readLoader<ListInsightsMetricDataRequest, ListInsightsMetricDataResponse>(
    'ListInsightsMetricData',
    reads,
    (key) => cloudTrail.send(new ListInsightsMetricDataCommand(key.request), key.region),
    cloudTrail.accountId,
  );
  const metricSeriesPoints = new DataLoader<MetricSeriesRequest, readonly InsightsMetricPoint[], string>(
    (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const pages: (readonly InsightsMetricPoint[])[] = [];
          let nextToken: string | undefined;
          for (let read = 0; read < MAX_METRIC_PAGES; read += 1) {
            const page = await metricDataPage.load({
              region: key.region,
              request: { ...key.request, NextToken: nextToken },
            });
            pages.push(metricPointsOf(page));
            nextToken = page.NextToken;
            // A one-page series (a dashboard's usual case) is the page's own points, not a copy.
            if (nextToken === undefined) return pages.length === 1 ? (pages[0] as readonly InsightsMetricPoint[]) : pages.flat();
          }
          // Partial sums would be wrong, so fail the summaries rather than answer them from part of the series.
          throw new Error(`ListInsightsMetricData still had more points after ${MAX_METRIC_PAGES} pages.`);
        }).map((walk) => walk.catch((error: Error) => error)),
      ),
    { cacheKeyFn: requestKey('ListInsightsMetricData', cloudTrail.accountId) },
  );
  const eventPages = {
    lookupEventsPage: readLoader<LookupEventsRequest, LookupEventsResponse>('LookupEvents', reads, (key) =>
      cloudTrail.send(new LookupEventsCommand(key.request), key.region),
      cloudTrail.accountId,
    ),
    insightsDataPage: readLoader<ListInsightsDataRequest, ListInsightsDataResponse>('ListInsightsData', reads, (key) =>
      cloudTrail.send(new ListInsightsDataCommand(key.request), key.region),
      cloudTrail.accountId,
    ),
  };
  return {
    metricDataPage,
    metricSeriesPoints,
    ...eventPages,
    insightEnd: createInsightEndLoader(eventPages),
    now: reads.now,
    cache: reads.cache,
  };
}
