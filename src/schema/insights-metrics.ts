import { InsightsMetricDataType } from '@aws-sdk/client-cloudtrail';
import type { InsightsMetricPoint } from '../loaders/insights.js';
import { INSIGHTS_METRIC_MAX_RESULTS_MAX } from '../rules/insights-metrics.js';
import { builder } from './builder.js';
import { badUserInput, surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { InsightTypeEnum } from './insight-type.js';
import { InsightsMetricPointRef, MAX_PAGES_PER_SERIES, resolveColumns, resolvePoints, InsightsMetricColumnsRef } from './insights-metric-points.js';
import { planMetricSeries, type MetricSeriesKey, type MetricSeriesModel, type MetricSeriesWindow } from './insights-metric-window.js';
import { requestedRegion } from './region-argument.js';
import { accountContext, accountOf, contextFor, fromAccount } from './account-context.js';
import { parseSeriesLocalId, seriesLocalId } from './insights-metric-series-id.js';
import { TrailRef, loadTrailsByArn } from './trail.js';
import { brandedAsNode } from './global-ids.js';

/**
 * Insights metric series (ListInsightsMetricData): the per-period counts CloudTrail Insights keeps
 * for each event source, event name and Insights type, with the points paged as a connection and
 * summaries computed over every page. The fields that read a series are in insights-metrics-query.ts.
 *
 * Cost: one ListInsightsMetricData call per distinct series page per request (the request's
 * DataLoader), and none for a page read within the cache TTL by an earlier request.
 */

export { MAX_PAGES_PER_SERIES };


export const InsightsMetricDataTypeEnum = builder.enumType('InsightsMetricDataType', {
  description: 'Which points a series returns (ListInsightsMetricData DataType).',
  values: {
    FILL_WITH_ZEROS: {
      value: InsightsMetricDataType.FILL_WITH_ZEROS,
      description: 'Every period of the window, zero where nothing happened: what a chart usually wants.',
    },
    NON_ZERO_DATA: {
      value: InsightsMetricDataType.NON_ZERO_DATA,
      description: 'Only the periods with activity (the AWS default).',
    },
  } as const,
});

/**
 * Checks the arguments, then reads the first page: an invalid request or AWS refusal throws for the
 * result union. `cursorBinding` is what the client asked (by default the key, window and region).
 */
export async function loadMetricSeries(
  key: MetricSeriesKey,
  window: MetricSeriesWindow,
  region: string,
  ctx: GatewayContext,
  cursorBinding: unknown = clientArguments(key, window, region),
): Promise<MetricSeriesModel> {
  const plan = planMetricSeries(key, window, region, ctx.loaders.insights.now());
  const firstPage = await ctx.loaders.insights.metricDataPage.load({ region: plan.region, request: plan.request });
  // A member account's series reads its points from that account (src/schema/account-context.ts).
  return fromAccount({ ...plan, firstPage, cursorBinding }, ctx.cloudTrail.accountId);
}

/** The arguments that name a series and its window, as the client gave them (no other input fields). */
function clientArguments(key: MetricSeriesKey, window: MetricSeriesWindow, region: string) {
  return {
    region,
    key: { eventSource: key.eventSource, eventName: key.eventName, insightType: key.insightType, errorCode: key.errorCode, trail: key.trail },
    window: { period: window.period, dataType: window.dataType, startTime: window.startTime, endTime: window.endTime, pageSize: window.pageSize },
  };
}

/**
 * Every point of the window, for the summaries. A window that could take more than
 * MAX_PAGES_PER_SERIES pages at this `pageSize` is refused here, on the summary fields only: AWS
 * would answer it, and `points` pages through it at any page size. An AWS failure on any page (a
 * throttled second page...) becomes the summary field's error, with `extensions.code` and
 * `retryable`, and leaves the rest of the series answered.
 */
async function allPoints(series: MetricSeriesModel, requestCtx: GatewayContext): Promise<readonly InsightsMetricPoint[]> {
  const ctx = contextFor(series, requestCtx);
  if (series.maxPages > MAX_PAGES_PER_SERIES) {
    const error = badUserInput(
      `The summaries of this series would take up to ${series.maxPages} AWS calls at \`pageSize\` ${series.request.MaxResults} (at most ${MAX_PAGES_PER_SERIES}): use a larger pageSize, a shorter window or a longer period, or page through \`points\` instead.`,
    );
    error.extensions.awsPagesNeeded = series.maxPages;
    error.extensions.maxAwsPages = MAX_PAGES_PER_SERIES;
    throw error;
  }
  return surfacingAwsFailures(() =>
    ctx.loaders.insights.metricSeriesPoints.load({ region: series.region, request: series.request }),
  );
}

const summaryNote =
  'Null, with an error at this field, when a page of the window could not be read (`extensions.code` is the AWS error code, `extensions.retryable` says whether to retry) or would take too many AWS calls (`BAD_USER_INPUT`).';

/**
 * A series again from its global ID: the same key over the same window. What CloudTrail refuses
 * (the window has since left retention...) is a GraphQL error with the AWS code, as on connections.
 */
async function loadSeriesById(localId: string, requestCtx: GatewayContext): Promise<MetricSeriesModel | null> {
  const id = parseSeriesLocalId(localId);
  if (id.account !== undefined && requestCtx.organization?.accounts.account(id.account) === undefined) return null;
  const ctx = accountContext(id.account, requestCtx);
  const region = await requestedRegion(id.region, ctx);
  const window = { ...id.window, startTime: new Date(id.window.startTime), endTime: new Date(id.window.endTime) };
  const series = await surfacingAwsFailures(() => loadMetricSeries(id.key, window, region, ctx));
  return fromAccount({
    ...series,
    requestedStartTime: id.asked.startTime === null ? null : new Date(id.asked.startTime),
    requestedEndTime: id.asked.endTime === null ? null : new Date(id.asked.endTime),
    truncatedByRetention: series.truncatedByRetention || id.asked.truncatedByRetention === true,
  }, id.account);
}

export const InsightsMetricSeriesRef = builder.objectRef<MetricSeriesModel>('InsightsMetricSeries');

builder.node(InsightsMetricSeriesRef, {
  authScopes: { 'insights:read': true },
  id: { resolve: seriesLocalId },
  loadOne: async (id, ctx) => brandedAsNode(InsightsMetricSeriesRef.name, await loadSeriesById(id, ctx)),
  description:
    'The time series CloudTrail Insights keeps for one event source, event name and Insights type (and error code for error-rate series, and trail for data-event series): what a dashboard charts. Summaries cover every point of the window; `points` pages through them.',
  fields: (t) => ({
    eventSource: t.string({
      description: 'The AWS service the calls went to, e.g. `iam.amazonaws.com`.',
      resolve: (s) => s.firstPage.EventSource ?? s.request.EventSource ?? '',
    }),
    eventName: t.string({
      description: 'The API the calls were made to, e.g. `CreateUser`.',
      resolve: (s) => s.firstPage.EventName ?? s.request.EventName ?? '',
    }),
    insightType: t.field({
      type: InsightTypeEnum,
      description: 'Which Insights analysis this series feeds.',
      resolve: (s) => s.firstPage.InsightType ?? s.request.InsightType ?? 'ApiCallRateInsight',
    }),
    errorCode: t.string({
      nullable: true,
      description: 'The error code counted, for ApiErrorRateInsight series (e.g. `AccessDenied`); null for ApiCallRateInsight.',
      resolve: (s) => (s.request.InsightType === 'ApiErrorRateInsight' ? (s.firstPage.ErrorCode ?? s.request.ErrorCode ?? null) : null),
    }),
    trailArn: t.string({
      nullable: true,
      description: 'The trail, for series of a trail that logs data events (AWS returns it only then); null for management-event series.',
      resolve: (s) => s.firstPage.TrailARN ?? null,
    }),
    trail: t.field({
      type: TrailRef,
      nullable: true,
      description: 'The trail of a data-event series (one DescribeTrails call); null for management-event series or a trail since deleted.',
      resolve: async (s, _args, requestCtx) => {
        const ctx = contextFor(s, requestCtx);
        const arn = s.firstPage.TrailARN;
        if (!arn) return null;
        const [trail] = await loadTrailsByArn([arn], ctx);
        return trail ?? null;
      },
    }),
    region: t.string({ description: 'The region whose Insights data this is.', resolve: (s) => s.region }),
    accountId: t.string({
      nullable: true,
      description: "The member account it was read from (a `scope`d read); null for the gateway's own account.",
      resolve: (s) => accountOf(s) ?? null,
    }),
    period: t.int({ description: 'Seconds per point: 60, 300 or 3600.', resolve: (s) => s.period }),
    dataType: t.field({
      type: InsightsMetricDataTypeEnum,
      description: 'Whether empty periods are left out or filled with zeros.',
      resolve: (s) => s.dataType,
    }),
    requestedStartTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The start the client asked for; null when it asked for none.',
      resolve: (s) => s.requestedStartTime,
    }),
    requestedEndTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The end the client asked for; null when it asked for none.',
      resolve: (s) => s.requestedEndTime,
    }),
    effectiveStartTime: t.field({
      type: 'DateTime',
      description:
        'The start of the window answered (inclusive): the asked start, moved up to `retentionStartTime` when it lay before it, or the start of the retained data when none was asked.',
      resolve: (s) => s.startTime,
    }),
    effectiveEndTime: t.field({
      type: 'DateTime',
      description: 'The end of the window answered (exclusive): the asked end, or the end of the current period when none was asked.',
      resolve: (s) => s.endTime,
    }),
    retentionStartTime: t.field({
      type: 'DateTime',
      description: 'The oldest time CloudTrail still keeps points for at this period (15 days for 60 s, 63 days for 300 s, 90 days for 3600 s).',
      resolve: (s) => s.retentionStartTime,
    }),
    truncatedByRetention: t.boolean({
      description: 'True when the asked window began before `retentionStartTime`: only the part from `effectiveStartTime` on is answered.',
      resolve: (s) => s.truncatedByRetention,
    }),
    pointCount: t.int({
      nullable: true,
      description: `How many points the window holds (every page). ${summaryNote}`,
      resolve: async (s, _args, ctx) => (await allPoints(s, ctx)).length,
    }),
    total: t.float({
      nullable: true,
      description: `The sum of all point values in the window: the calls (or errors) counted. ${summaryNote}`,
      resolve: async (s, _args, ctx) => summaryOf(await allPoints(s, ctx)).total,
    }),
    maximum: t.float({
      nullable: true,
      description: `The highest point value in the window; null when there are no points. ${summaryNote}`,
      resolve: async (s, _args, ctx) => summaryOf(await allPoints(s, ctx)).peak?.value ?? null,
    }),
    maximumTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: `The period of the highest value (the first one when several tie); null when there are no points. ${summaryNote}`,
      resolve: async (s, _args, ctx) => summaryOf(await allPoints(s, ctx)).peak?.timestamp ?? null,
    }),
    mean: t.float({
      nullable: true,
      description:
        `The mean of the point values: per period over the whole window with FILL_WITH_ZEROS, per active period with NON_ZERO_DATA. Null when there are no points. ${summaryNote}`,
      resolve: async (s, _args, ctx) => {
        const points = await allPoints(s, ctx);
        return points.length === 0 ? null : summaryOf(points).total / points.length;
      },
    }),
    values: t.field({
      type: InsightsMetricColumnsRef,
      nullable: true,
      args: {
        first: t.arg.int({ description: `Points to return, up to ${INSIGHTS_METRIC_MAX_RESULTS_MAX} (default 1000).` }),
        after: t.arg.string({ description: 'A `pageInfo.endCursor` of `values` or an edge cursor of `points`: the page starts after it.' }),
      },
      description: `The same points as \`points\`, paged by the same rules and cursors, as two aligned lists (\`timestamps\`, \`values\`) instead of one edge per point: the shape to use for a chart. Use \`points\` when a normalising client (Relay, Apollo) pages the series as a connection or needs a cursor per point. Null, with an error carrying the AWS error code, when an AWS page could not be read.`,
      resolve: (s, args, ctx) => resolveColumns(s, args, ctx),
    }),
    points: t.connection(
      {
        type: InsightsMetricPointRef,
        nullable: true,
        description: `The points, oldest first, paged with \`first\` (up to ${INSIGHTS_METRIC_MAX_RESULTS_MAX}, default 1000) and \`after\`. AWS pages are read as needed (at most ${MAX_PAGES_PER_SERIES} per request, so a page may hold fewer than \`first\` points while \`hasNextPage\` is true) and shared with the summaries. A cursor resumes the window it was issued for, even once "now" has moved on. Null, with an error carrying the AWS error code, when an AWS page could not be read.`,
        edgesNullable: { list: false, items: false },
        resolve: (s, args, ctx) => resolvePoints(s, args, ctx),
      },
      { name: 'InsightsMetricPointConnection', description: 'A page of points of an Insights metric series.' },
      { name: 'InsightsMetricPointEdge', description: 'A point and the cursor that resumes the series after it.' },
    ),
  }),
});

interface PointsSummary {
  total: number;
  /** The highest point (the first one when several tie); undefined when there are none. */
  peak: InsightsMetricPoint | undefined;
}

/**
 * The summaries of a window's points, computed once per points list: the list is the loader's (and,
 * while the read cache holds its pages, the same list on every request), and a dashboard tile asks
 * for total, maximum, maximumTime and mean of each series.
 */
const summaries = new WeakMap<readonly InsightsMetricPoint[], PointsSummary>();

function summaryOf(points: readonly InsightsMetricPoint[]): PointsSummary {
  let summary = summaries.get(points);
  if (summary) return summary;
  let total = 0;
  let peak: InsightsMetricPoint | undefined;
  for (const point of points) {
    total += point.value;
    if (!peak || point.value > peak.value) peak = point;
  }
  summary = { total, peak };
  summaries.set(points, summary);
  return summary;
}
