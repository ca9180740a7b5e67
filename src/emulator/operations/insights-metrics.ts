import { CloudTrailError } from '../errors.js';
import { bucketCounts, managementInsightsEnabled, selectorsEnable, seriesCounts } from '../insights/index.js';
import { issueToken, resumeOffset } from '../paging.js';
import type { TrailRecord } from '../store.js';
import { fromWireTimestamp } from '../wire.js';
import {
  checkInsightsMetricDataQuery,
  DEFAULT_INSIGHTS_METRIC_DATA_TYPE,
  DEFAULT_INSIGHTS_METRIC_LOOKBACK_SECONDS,
  DEFAULT_INSIGHTS_METRIC_PERIOD,
  INSIGHTS_METRIC_MAX_RESULTS_MAX,
  INSIGHTS_METRIC_RETENTION_SECONDS,
  type InsightsMetricPeriod,
  type InsightTypeName,
} from '../../rules/insights-metrics.js';
import { reject } from './input.js';
import { findTrail } from './trail-lookup.js';
import type { OperationContext, OperationInput, OperationTable } from './types.js';

const OPERATION = 'ListInsightsMetricData';
/** ListInsightsMetricData documents no TrailNotFoundException: other trail errors are bad parameters. */
const DOCUMENTED_ERRORS = new Set(['InvalidParameterException', 'InvalidTrailNameException', 'OperationNotPermittedException']);

function timestamp(input: OperationInput, member: string): Date | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  const date = fromWireTimestamp(value);
  if (!date) throw new CloudTrailError('InvalidParameterException', `${member} is not a valid timestamp.`);
  return date;
}

function trailFor(ctx: OperationContext, trailName: string): TrailRecord {
  try {
    // AWS: "Member accounts cannot call this API on organization trails."
    return findTrail(ctx, trailName, { organizationTrails: false });
  } catch (err) {
    if (err instanceof CloudTrailError && !DOCUMENTED_ERRORS.has(err.type)) {
      throw new CloudTrailError('InvalidParameterException', err.message);
    }
    throw err;
  }
}

/**
 * AWS: metrics exist only where Insights of the type runs. ListInsightsMetricData documents
 * OperationNotPermittedException ("the requested operation is not permitted") for that state; its
 * other client errors are about malformed input, and InsightNotEnabledException is not in its list.
 */
function notEnabled(message: string): CloudTrailError {
  return new CloudTrailError('OperationNotPermittedException', message);
}

/** Timestamps (epoch seconds) of the points of the window, and each point's value. */
function points(
  counts: Map<number, number>,
  period: InsightsMetricPeriod,
  from: number,
  until: number,
  fillWithZeros: boolean,
): [number, number][] {
  if (!fillWithZeros) {
    return [...counts]
      .filter(([t]) => t >= from && t < until)
      .sort(([a], [b]) => a - b);
  }
  const out: [number, number][] = [];
  for (let t = Math.ceil(from / period) * period; t < until; t += period) out.push([t, counts.get(t) ?? 0]);
  return out;
}

/**
 * ListInsightsMetricData: the per-period counts of one Insights series (AWS API reference).
 * A point's timestamp is the start of its bucket, floor(eventTime / Period) * Period; StartTime is
 * inclusive and EndTime exclusive on that timestamp; points older than the period's retention (15,
 * 63 or 90 days, inclusive) or later than now are not returned.
 */
export function listInsightsMetricData(input: OperationInput, ctx: OperationContext) {
  const startTime = timestamp(input, 'StartTime');
  const endTime = timestamp(input, 'EndTime');
  reject(checkInsightsMetricDataQuery({ ...input, StartTime: startTime, EndTime: endTime }));
  const eventSource = input.EventSource as string;
  const eventName = input.EventName as string;
  const insightType = input.InsightType as InsightTypeName;
  // AWS requires ErrorCode for ApiErrorRateInsight only and documents no refusal otherwise: a
  // call-rate series counts every write call whatever ErrorCode says, so it is ignored there.
  const errorCode = insightType === 'ApiErrorRateInsight' ? (input.ErrorCode as string) : undefined;
  const period = (input.Period ?? DEFAULT_INSIGHTS_METRIC_PERIOD) as InsightsMetricPeriod;
  const fillWithZeros = (input.DataType ?? DEFAULT_INSIGHTS_METRIC_DATA_TYPE) === 'FillWithZeros';
  const maxResults = (input.MaxResults ?? INSIGHTS_METRIC_MAX_RESULTS_MAX) as number;

  let trail: TrailRecord | undefined;
  if (input.TrailName !== undefined && input.TrailName !== null) {
    trail = trailFor(ctx, input.TrailName as string);
    if (!selectorsEnable(trail.insightSelectors, insightType, 'Data')) {
      throw notEnabled(`${insightType} is not enabled on data events for trail ${trail.name}.`);
    }
  } else if (!managementInsightsEnabled(ctx.store, ctx.region, insightType, { includeEventDataStores: true })) {
    throw notEnabled(
      `${insightType} is not enabled on management events by any trail or event data store in ${ctx.region}.`,
    );
  }

  const { NextToken: token, ...params } = input;
  // The token carries the timestamp of the next point, so pages stay aligned when "now" moves on.
  // ListInsightsMetricData documents no InvalidNextTokenException: a bad token is a bad parameter.
  const resumeAt = resumeOffset(OPERATION, params, token as string | undefined, 'InvalidParameterException');
  const now = ctx.clock.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const from = Math.max(
    startTime ? Math.ceil(startTime.getTime() / 1000) : nowSeconds - DEFAULT_INSIGHTS_METRIC_LOOKBACK_SECONDS,
    nowSeconds - INSIGHTS_METRIC_RETENTION_SECONDS[period],
    resumeAt,
  );
  const until = Math.min(endTime ? Math.ceil(endTime.getTime() / 1000) : nowSeconds, nowSeconds + 1);
  // Per-minute counts kept at ingest, summed into the periods of the window.
  const counts = seriesCounts(ctx.store, ctx.region, now, { eventSource, eventName, insightType, errorCode, trail });
  const buckets = counts ? bucketCounts(counts, period, from, until) : new Map<number, number>();
  const all = points(buckets, period, from, until, fillWithZeros);
  const pagePoints = all.slice(0, maxResults);
  const next = all.length > maxResults ? issueToken(OPERATION, params, all[maxResults][0]) : undefined;
  return {
    TrailARN: trail?.arn,
    EventSource: eventSource,
    EventName: eventName,
    InsightType: insightType,
    ErrorCode: errorCode,
    Timestamps: pagePoints.map(([t]) => new Date(t * 1000)),
    Values: pagePoints.map(([, v]) => v),
    NextToken: next,
  };
}

export const insightsMetricsOperations: OperationTable = {
  ListInsightsMetricData: listInsightsMetricData,
};
