import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import { metricPointsOf, type InsightsMetricPoint } from '../loaders/insights.js';
import { INSIGHTS_METRIC_MAX_RESULTS_MAX } from '../rules/insights-metrics.js';
import { builder } from './builder.js';
import { resolveNextTokenConnection } from './connections.js';
import type { GatewayContext } from './context.js';
import { contextFor } from './account-context.js';
import type { MetricSeriesModel } from './insights-metric-window.js';

/**
 * The points of an Insights metric series, in the two shapes a client can ask for: `points`, a Relay
 * connection with an edge and a cursor per point, and `values`, the same page as two aligned lists
 * for charts. Both walk the same AWS pages with the same cursors.
 */

/**
 * Most AWS pages the summaries of one series may read, and `points` per request. Summaries read
 * every page, so a small `pageSize` over a long window would spend CloudTrail's few calls per second
 * on one field.
 */
export const MAX_PAGES_PER_SERIES = 20;

/** The window a `points` walk reads, carried in its cursors so later pages read the same one. */
type WindowState = { startTime: string; endTime: string };

export const InsightsMetricPointRef = builder.objectRef<InsightsMetricPoint>('InsightsMetricPoint').implement({
  description: 'One point of an Insights metric series: the activity counted in one period.',
  fields: (t) => ({
    timestamp: t.field({
      type: 'DateTime',
      description: 'The start of the period this point counts (UTC).',
      resolve: (point) => point.timestamp,
    }),
    value: t.float({
      description:
        'For ApiCallRateInsight, the number of write management calls in the period; for ApiErrorRateInsight, the number of calls that failed with the series\' error code.',
      resolve: (point) => point.value,
    }),
  }),
});

/**
 * A page of the points of a series: the walk `points` and `values` share, with the same window
 * rules and the same cursors (a cursor of one resumes the other).
 */
export function resolvePoints(s: MetricSeriesModel, args: DefaultConnectionArguments, requestCtx: GatewayContext) {
  const ctx = contextFor(s, requestCtx);
  return resolveNextTokenConnection<InsightsMetricPoint, InsightsMetricPoint, WindowState>({
    args,
    connection: 'InsightsMetricSeries.points',
    boundTo: s.cursorBinding,
    // The window answered, fixed when the first page was read: a window ending at the current
    // period ends elsewhere a period later, and AWS tokens need the same request.
    state: () => ({ startTime: s.startTime.toISOString(), endTime: s.endTime.toISOString() }),
    defaultFirst: 1000,
    maxFirst: INSIGHTS_METRIC_MAX_RESULTS_MAX,
    maxAwsPages: MAX_PAGES_PER_SERIES,
    fetchPage: async (nextToken, window) => {
      const page = await ctx.loaders.insights.metricDataPage.load({
        region: s.region,
        request: { ...s.request, StartTime: new Date(window.startTime), EndTime: new Date(window.endTime), NextToken: nextToken },
      });
      return { items: metricPointsOf(page), nextToken: page.NextToken };
    },
  });
}

/** A page of points as two aligned columns, for charting libraries that take arrays. */
interface MetricColumns {
  timestamps: Date[];
  values: number[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export async function resolveColumns(s: MetricSeriesModel, args: DefaultConnectionArguments, ctx: GatewayContext): Promise<MetricColumns> {
  const page = await resolvePoints(s, args, ctx);
  return {
    timestamps: page.edges.map((edge) => edge.node.timestamp),
    values: page.edges.map((edge) => edge.node.value),
    pageInfo: page.pageInfo,
  };
}

const InsightsMetricColumnsPageInfoRef = builder.objectRef<MetricColumns['pageInfo']>('InsightsMetricColumnsPageInfo').implement({
  description: 'Where a page of `values` stops, to fetch the next one.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', {
      description: 'Whether more points may follow; keep paging with `after: endCursor` while true.',
    }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'Pass as `after` (to `values` or to `points`, same series and arguments) for the next page; null when there were no points.',
    }),
  }),
});

export const InsightsMetricColumnsRef = builder.objectRef<MetricColumns>('InsightsMetricColumns').implement({
  description:
    'A page of points as two aligned lists: `timestamps[i]` is the period whose count is `values[i]`. What a chart library takes directly, at a fraction of the response size and gateway work of `points` edges.',
  fields: (t) => ({
    timestamps: t.field({
      type: ['DateTime'],
      description: 'The start of each period (UTC), oldest first.',
      resolve: (c) => c.timestamps,
    }),
    values: t.floatList({ description: 'The count of each period, aligned with `timestamps`.', resolve: (c) => c.values }),
    pageInfo: t.field({
      type: InsightsMetricColumnsPageInfoRef,
      description: 'Whether more points follow and the cursor that resumes after this page.',
      resolve: (c) => c.pageInfo,
    }),
  }),
});

