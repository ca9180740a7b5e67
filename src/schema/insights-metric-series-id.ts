import type { InsightsMetricDataType, InsightType } from '@aws-sdk/client-cloudtrail';
import { accountOf } from './account-context.js';
import { badUserInput } from '../gateway-errors.js';
import type { MetricSeriesModel } from './insights-metric-window.js';

/**
 * The local part of an InsightsMetricSeries' global ID: the series and the window answered, so
 * that `node(id:)` reads the same points again even when the window was asked relative to "now".
 */
export interface SeriesLocalId {
  /** The member account read (the organization view); absent for the gateway's own account. */
  account?: string;
  region: string;
  key: { eventSource: string; eventName: string; insightType: InsightType; errorCode?: string; trail?: string };
  window: { period: number; dataType: InsightsMetricDataType; startTime: string; endTime: string; pageSize?: number };
  /** What the client asked, and whether retention cut it, as the series reported them. */
  asked: { startTime: string | null; endTime: string | null; truncatedByRetention: boolean };
}

export function seriesLocalId(series: MetricSeriesModel): string {
  const { request } = series;
  const account = accountOf(series);
  const id: SeriesLocalId = {
    ...(account ? { account } : {}),
    region: series.region,
    key: {
      eventSource: request.EventSource ?? '',
      eventName: request.EventName ?? '',
      insightType: request.InsightType ?? 'ApiCallRateInsight',
      ...(request.ErrorCode ? { errorCode: request.ErrorCode } : {}),
      ...(request.TrailName ? { trail: request.TrailName } : {}),
    },
    window: {
      period: series.period,
      dataType: series.dataType,
      startTime: series.startTime.toISOString(),
      endTime: series.endTime.toISOString(),
      ...(request.MaxResults !== undefined ? { pageSize: request.MaxResults } : {}),
    },
    asked: {
      startTime: series.requestedStartTime?.toISOString() ?? null,
      endTime: series.requestedEndTime?.toISOString() ?? null,
      truncatedByRetention: series.truncatedByRetention,
    },
  };
  return JSON.stringify(id);
}

export function parseSeriesLocalId(localId: string): SeriesLocalId {
  let id: SeriesLocalId | null = null;
  try {
    id = JSON.parse(localId) as SeriesLocalId;
  } catch {
    // Refused below.
  }
  const valid =
    typeof id?.region === 'string' &&
    typeof id.key?.eventSource === 'string' &&
    typeof id.key.eventName === 'string' &&
    typeof id.key.insightType === 'string' &&
    typeof id.window?.period === 'number' &&
    typeof id.window.dataType === 'string' &&
    !Number.isNaN(Date.parse(id.window.startTime)) &&
    !Number.isNaN(Date.parse(id.window.endTime)) &&
    typeof id.asked === 'object' &&
    id.asked !== null &&
    (id.account === undefined || (typeof id.account === 'string' && /^\d{12}$/.test(id.account)));
  if (!valid) throw badUserInput('This is not the ID of an InsightsMetricSeries: pass an `id` read from an InsightsMetricSeries.');
  return id as SeriesLocalId;
}

