import type { Event, InsightType } from '@aws-sdk/client-cloudtrail';

/**
 * Reading the events LookupEvents and ListInsightsData return. Each `Event` carries the full
 * CloudTrail record as a JSON string (`CloudTrailEvent`); the fields CloudTrail does not lift into
 * `Event` (errorCode, userAgent, sourceIPAddress, and for Insights events `insightDetails`) are read
 * from it.
 */

export type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const parsed = new WeakMap<Event, JsonObject>();

/** The record inside `Event.CloudTrailEvent`; `{}` when absent or unreadable. Parsed once per event. */
export function eventJson(event: Event): JsonObject {
  const known = parsed.get(event);
  if (known) return known;
  let value: unknown;
  try {
    value = event.CloudTrailEvent ? JSON.parse(event.CloudTrailEvent) : {};
  } catch {
    value = {};
  }
  const json = isObject(value) ? value : {};
  parsed.set(event, json);
  return json;
}

export function stringAt(json: JsonObject, key: string): string | undefined {
  const value = json[key];
  return typeof value === 'string' ? value : undefined;
}

function numberAt(json: JsonObject, key: string): number | undefined {
  const value = json[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function objectAt(json: JsonObject, key: string): JsonObject {
  const value = json[key];
  return isObject(value) ? value : {};
}

/** One value of an attribution and its average per minute. */
export interface AttributionValue {
  value: string;
  average: number;
}

/** AWS attributions: the top values of one attribute during the Insight and during the baseline. */
export interface InsightAttribution {
  attribute: string;
  insight: AttributionValue[];
  baseline: AttributionValue[];
}

export interface InsightStatistics {
  baselineAverage?: number;
  insightAverage?: number;
  /** Minutes; only on End events. */
  insightDuration?: number;
  /** Minutes; only on End events. */
  baselineDuration?: number;
}

/** One Insights event (a Start or an End) as the CloudTrail User Guide documents them. */
export interface InsightEventRecord {
  event: Event;
  eventId: string;
  /** AWS: the Start and End events of one Insight share this ID. */
  sharedEventId: string;
  eventTime: Date;
  state: 'Start' | 'End';
  eventSource: string;
  eventName: string;
  insightType: InsightType;
  errorCode?: string;
  statistics: InsightStatistics;
  attributions: InsightAttribution[];
}

function attributionValues(value: unknown): AttributionValue[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((v) => {
    const average = numberAt(v, 'average');
    const text = v.value;
    if (average === undefined || (typeof text !== 'string' && typeof text !== 'number')) return [];
    return [{ value: String(text), average }];
  });
}

/**
 * The Insights event inside an `Event`, or undefined when the record is not one (no
 * `insightDetails`, no `sharedEventID` or an unknown state): such events are left out rather than
 * guessed at.
 */
export function insightEventRecordOf(event: Event): InsightEventRecord | undefined {
  const json = eventJson(event);
  const details = objectAt(json, 'insightDetails');
  const state = stringAt(details, 'state');
  const sharedEventId = stringAt(json, 'sharedEventID');
  const insightType = stringAt(details, 'insightType');
  if ((state !== 'Start' && state !== 'End') || !sharedEventId) return undefined;
  if (insightType !== 'ApiCallRateInsight' && insightType !== 'ApiErrorRateInsight') return undefined;
  const eventTime = event.EventTime ?? new Date(stringAt(json, 'eventTime') ?? Number.NaN);
  if (Number.isNaN(eventTime.getTime())) return undefined;

  const context = objectAt(details, 'insightContext');
  const statistics = objectAt(context, 'statistics');
  const attributions = Array.isArray(context.attributions) ? context.attributions.filter(isObject) : [];
  return {
    event,
    eventId: event.EventId ?? stringAt(json, 'eventID') ?? '',
    sharedEventId,
    eventTime,
    state,
    eventSource: stringAt(details, 'eventSource') ?? event.EventSource ?? '',
    eventName: stringAt(details, 'eventName') ?? event.EventName ?? '',
    insightType,
    errorCode: stringAt(details, 'errorCode'),
    statistics: {
      baselineAverage: numberAt(objectAt(statistics, 'baseline'), 'average'),
      insightAverage: numberAt(objectAt(statistics, 'insight'), 'average'),
      insightDuration: numberAt(statistics, 'insightDuration'),
      baselineDuration: numberAt(statistics, 'baselineDuration'),
    },
    attributions: attributions.map((a) => ({
      attribute: stringAt(a, 'attribute') ?? '',
      insight: attributionValues(a.insight),
      baseline: attributionValues(a.baseline),
    })),
  };
}
