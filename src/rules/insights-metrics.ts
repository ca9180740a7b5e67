import type { RuleViolation } from './violation.js';

/**
 * Facts about ListInsightsMetricData (AWS API reference, ListInsightsMetricDataRequest), shared by
 * the emulator (to answer like AWS) and the gateway (to reject before calling AWS).
 */

export const INSIGHT_TYPES = ['ApiCallRateInsight', 'ApiErrorRateInsight'] as const;
export type InsightTypeName = (typeof INSIGHT_TYPES)[number];

export const INSIGHTS_METRIC_DATA_TYPES = ['FillWithZeros', 'NonZeroData'] as const;
export type InsightsMetricDataTypeName = (typeof INSIGHTS_METRIC_DATA_TYPES)[number];

/** AWS: "Valid values are 60, 300, and 3600 ... The default is 3600 seconds." */
export const INSIGHTS_METRIC_PERIODS = [60, 300, 3600] as const;
export type InsightsMetricPeriod = (typeof INSIGHTS_METRIC_PERIODS)[number];
export const DEFAULT_INSIGHTS_METRIC_PERIOD: InsightsMetricPeriod = 3600;
export const DEFAULT_INSIGHTS_METRIC_DATA_TYPE: InsightsMetricDataTypeName = 'NonZeroData';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * AWS: data points with a period of 60 seconds are available for 15 days, 300 seconds for 63 days,
 * 3600 seconds for 90 days; each cutoff is inclusive.
 */
export const INSIGHTS_METRIC_RETENTION_SECONDS: Readonly<Record<InsightsMetricPeriod, number>> = {
  60: 15 * DAY_SECONDS,
  300: 63 * DAY_SECONDS,
  3600: 90 * DAY_SECONDS,
};

/** AWS: StartTime defaults to 90 days before the time of request. */
export const DEFAULT_INSIGHTS_METRIC_LOOKBACK_SECONDS = 90 * DAY_SECONDS;

/** AWS: MaxResults is an integer from 1 to 21600, 21600 by default (15 days of 1-minute points). */
export const INSIGHTS_METRIC_MAX_RESULTS_MIN = 1;
export const INSIGHTS_METRIC_MAX_RESULTS_MAX = 21600;

export interface InsightsMetricDataQuery {
  TrailName?: unknown;
  EventSource?: unknown;
  EventName?: unknown;
  InsightType?: unknown;
  ErrorCode?: unknown;
  StartTime?: Date;
  EndTime?: Date;
  Period?: unknown;
  DataType?: unknown;
  MaxResults?: unknown;
}

function invalid(message: string): RuleViolation {
  return { type: 'InvalidParameterException', message };
}

function missing(value: unknown): boolean {
  return value === undefined || value === null;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isInsightType(value: unknown): value is InsightTypeName {
  return (INSIGHT_TYPES as readonly unknown[]).includes(value);
}

export function isInsightsMetricPeriod(value: unknown): value is InsightsMetricPeriod {
  return (INSIGHTS_METRIC_PERIODS as readonly unknown[]).includes(value);
}

export function checkInsightsMetricPeriod(period: unknown): RuleViolation | undefined {
  if (missing(period) || isInsightsMetricPeriod(period)) return undefined;
  return invalid(`Period must be one of ${INSIGHTS_METRIC_PERIODS.join(', ')} seconds, got ${String(period)}.`);
}

export function checkInsightsMetricDataType(dataType: unknown): RuleViolation | undefined {
  if (missing(dataType) || (INSIGHTS_METRIC_DATA_TYPES as readonly unknown[]).includes(dataType)) return undefined;
  return invalid(`DataType must be one of ${INSIGHTS_METRIC_DATA_TYPES.join(', ')}, got ${String(dataType)}.`);
}

export function checkInsightsMetricMaxResults(maxResults: unknown): RuleViolation | undefined {
  if (missing(maxResults)) return undefined;
  if (
    typeof maxResults !== 'number' ||
    !Number.isInteger(maxResults) ||
    maxResults < INSIGHTS_METRIC_MAX_RESULTS_MIN ||
    maxResults > INSIGHTS_METRIC_MAX_RESULTS_MAX
  ) {
    return invalid(
      `MaxResults must be an integer from ${INSIGHTS_METRIC_MAX_RESULTS_MIN} to ${INSIGHTS_METRIC_MAX_RESULTS_MAX}, got ${String(maxResults)}.`,
    );
  }
  return undefined;
}

/**
 * AWS: EventSource, EventName and InsightType are required; ErrorCode is "Conditionally required if
 * the InsightType parameter is set to ApiErrorRateInsight" (the reference says nothing of refusing
 * it otherwise, so with ApiCallRateInsight it is accepted, and ignored); StartTime must come before
 * EndTime (start inclusive, end exclusive, so an equal pair selects nothing and is refused as a range).
 */
export function checkInsightsMetricDataQuery(query: InsightsMetricDataQuery): RuleViolation | undefined {
  if (!missing(query.TrailName) && !nonEmptyString(query.TrailName)) {
    return invalid('TrailName must be a non-empty string when given.');
  }
  if (!nonEmptyString(query.EventSource)) return invalid('EventSource is required.');
  if (!nonEmptyString(query.EventName)) return invalid('EventName is required.');
  if (missing(query.InsightType)) return invalid('InsightType is required.');
  if (!isInsightType(query.InsightType)) {
    return invalid(`InsightType must be one of ${INSIGHT_TYPES.join(', ')}, got ${String(query.InsightType)}.`);
  }
  if (query.InsightType === 'ApiErrorRateInsight' && !nonEmptyString(query.ErrorCode)) {
    return invalid('ErrorCode is required when InsightType is ApiErrorRateInsight.');
  }
  if (query.StartTime && query.EndTime && query.StartTime.getTime() >= query.EndTime.getTime()) {
    return invalid('StartTime must be before EndTime.');
  }
  return (
    checkInsightsMetricPeriod(query.Period) ??
    checkInsightsMetricDataType(query.DataType) ??
    checkInsightsMetricMaxResults(query.MaxResults)
  );
}
