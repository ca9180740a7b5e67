import type { InsightsMetricDataType, InsightType, ListInsightsMetricDataResponse } from '@aws-sdk/client-cloudtrail';
import { localException } from '../aws/exceptions.js';
import { operationExceptions } from '../aws/operation-exceptions.generated.js';
import type { MetricSeriesRequest } from '../loaders/insights.js';
import { checkTrailNameOrArn } from '../rules/arn.js';
import type { RuleViolation } from '../rules/violation.js';
import {
  DEFAULT_INSIGHTS_METRIC_DATA_TYPE,
  DEFAULT_INSIGHTS_METRIC_LOOKBACK_SECONDS,
  DEFAULT_INSIGHTS_METRIC_PERIOD,
  INSIGHTS_METRIC_MAX_RESULTS_MAX,
  INSIGHTS_METRIC_RETENTION_SECONDS,
  checkInsightsMetricDataQuery,
  isInsightsMetricPeriod,
  type InsightsMetricPeriod,
} from '../rules/insights-metrics.js';

/**
 * From the arguments of an Insights metric series to the one ListInsightsMetricData request that
 * answers it, checked before any AWS call with the rules AWS applies, and with the time window
 * fitted to what CloudTrail retains for the period.
 */

/** Which series: AWS keeps one per event source, event name, Insights type (and error code, and trail for data events). */
export interface MetricSeriesKey {
  eventSource: string;
  eventName: string;
  insightType: InsightType;
  errorCode?: string | null;
  /** Name or ARN of a trail logging data events; absent for management-event series. */
  trail?: string | null;
}

/** Which part of the series, at which granularity. */
export interface MetricSeriesWindow {
  period?: number | null;
  dataType?: InsightsMetricDataType | null;
  startTime?: Date | null;
  endTime?: Date | null;
  /** AWS MaxResults: points per ListInsightsMetricData page. */
  pageSize?: number | null;
}

/** A series request ready to send, with what the client asked and how the window was fitted. */
export interface MetricSeriesPlan extends MetricSeriesRequest {
  period: InsightsMetricPeriod;
  dataType: InsightsMetricDataType;
  requestedStartTime: Date | null;
  requestedEndTime: Date | null;
  startTime: Date;
  endTime: Date;
  /** The oldest point CloudTrail still keeps at this period. */
  retentionStartTime: Date;
  /** True when the asked start lay before `retentionStartTime` and the window was cut there. */
  truncatedByRetention: boolean;
  /** The most AWS pages the window can take: one point per period at most, `MaxResults` points a page. */
  maxPages: number;
}

/** A series as asked, with its first AWS page already read (so AWS errors land in the result union). */
export interface MetricSeriesModel extends MetricSeriesPlan {
  firstPage: ListInsightsMetricDataResponse;
  /**
   * What the client asked, which the `points` cursors are bound to. Not the planned request: its
   * window may derive from "now" (no end asked, an Insight still under way), which moves between
   * requests; the window answered travels in the cursor instead (WindowState).
   */
  cursorBinding: unknown;
}

/** `ms` rounded down to a multiple of the period. */
export function floorTo(ms: number, periodSeconds: number): number {
  const step = periodSeconds * 1000;
  return Math.floor(ms / step) * step;
}

/** `ms` rounded up to a multiple of the period. */
export function ceilTo(ms: number, periodSeconds: number): number {
  const step = periodSeconds * 1000;
  return Math.ceil(ms / step) * step;
}

/**
 * A malformed trail name or ARN. ListInsightsMetricData documents InvalidTrailNameException and
 * InvalidParameterException only, so other trail errors (a malformed ARN) are bad parameters.
 */
function trailViolation(trail: string): RuleViolation | undefined {
  const violation = checkTrailNameOrArn(trail);
  if (!violation) return undefined;
  const documented: readonly string[] = operationExceptions.ListInsightsMetricData;
  return documented.includes(violation.type) ? violation : { type: 'InvalidParameterException', message: violation.message };
}

function invalidParameter(message: string): Error {
  return localException('InvalidParameterException', message);
}

/**
 * Builds and checks the request. Throws the exception AWS would answer with (InvalidParameterException,
 * InvalidTrailNameException...) so the client sees the same typed error, and no call is made.
 *
 * Defaults follow AWS (Period 3600, DataType NonZeroData, StartTime 90 days back, EndTime now), with
 * two differences that keep repeated dashboard reads identical, hence cacheable: an omitted EndTime
 * becomes the end of the current period, and an omitted StartTime the start of the retained data.
 */
export function planMetricSeries(
  key: MetricSeriesKey,
  window: MetricSeriesWindow,
  region: string,
  now: Date,
): MetricSeriesPlan {
  const query = {
    TrailName: key.trail ?? undefined,
    EventSource: key.eventSource,
    EventName: key.eventName,
    InsightType: key.insightType,
    // AWS requires ErrorCode for ApiErrorRateInsight only; a call-rate series counts every write
    // call whatever it says, so it is not sent then: the same series, the same request (and cache key).
    ErrorCode: key.insightType === 'ApiErrorRateInsight' ? (key.errorCode ?? undefined) : undefined,
    StartTime: window.startTime ?? undefined,
    EndTime: window.endTime ?? undefined,
    Period: window.period ?? undefined,
    DataType: window.dataType ?? undefined,
    MaxResults: window.pageSize ?? undefined,
  };
  const violation = checkInsightsMetricDataQuery(query) ?? (key.trail != null ? trailViolation(key.trail) : undefined);
  if (violation) throw localException(violation.type, violation.message);

  const period = query.Period ?? DEFAULT_INSIGHTS_METRIC_PERIOD;
  if (!isInsightsMetricPeriod(period)) throw invalidParameter(`Period ${String(period)} is not supported.`);
  const retentionSeconds = INSIGHTS_METRIC_RETENTION_SECONDS[period];
  // AWS: points of a period are kept for its retention, cutoff inclusive; the first whole period inside it.
  const retentionStart = ceilTo(now.getTime() - retentionSeconds * 1000, period);

  const requestedStart = window.startTime ?? null;
  const requestedEnd = window.endTime ?? null;
  const end = requestedEnd?.getTime() ?? ceilTo(now.getTime(), period);
  if (end <= retentionStart) {
    throw invalidParameter(
      `EndTime ${new Date(end).toISOString()} is before ${new Date(retentionStart).toISOString()}: CloudTrail keeps ${period}-second Insights metrics for ${retentionSeconds / 86400} days, so this window holds no data. Use a later window or a longer period.`,
    );
  }
  const askedStart =
    requestedStart?.getTime() ?? floorTo(now.getTime() - DEFAULT_INSIGHTS_METRIC_LOOKBACK_SECONDS * 1000, period);
  const start = Math.max(askedStart, retentionStart);
  if (start >= end) {
    throw invalidParameter('StartTime must be before EndTime.');
  }

  return {
    region,
    request: {
      TrailName: query.TrailName,
      EventSource: key.eventSource,
      EventName: key.eventName,
      InsightType: key.insightType,
      ErrorCode: query.ErrorCode,
      StartTime: new Date(start),
      EndTime: new Date(end),
      Period: period,
      DataType: query.DataType ?? DEFAULT_INSIGHTS_METRIC_DATA_TYPE,
      MaxResults: query.MaxResults,
    },
    period,
    dataType: query.DataType ?? DEFAULT_INSIGHTS_METRIC_DATA_TYPE,
    requestedStartTime: requestedStart,
    requestedEndTime: requestedEnd,
    startTime: new Date(start),
    endTime: new Date(end),
    retentionStartTime: new Date(retentionStart),
    truncatedByRetention: requestedStart !== null && requestedStart.getTime() < retentionStart,
    maxPages: Math.ceil(
      Math.ceil((end - start) / (period * 1000)) / (query.MaxResults ?? INSIGHTS_METRIC_MAX_RESULTS_MAX),
    ),
  };
}
