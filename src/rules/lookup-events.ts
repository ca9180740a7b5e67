import type { RuleViolation } from './violation.js';

/**
 * Facts about LookupEvents and ListInsightsData (AWS API reference), shared by the emulator and
 * the gateway.
 */

export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
export type LookupAttributeKeyName = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

/** AWS: "Lookup supports the following attributes for Insights events: Event ID, Event name, Event source". */
export const INSIGHT_LOOKUP_ATTRIBUTE_KEYS: readonly LookupAttributeKeyName[] = ['EventId', 'EventName', 'EventSource'];

/** AWS: the only EventCategory is `insight`. */
export const LOOKUP_EVENT_CATEGORIES = ['insight'] as const;

/** AWS: "Possible values are 1 through 50. The default is 50." (LookupEvents and ListInsightsData) */
export const LOOKUP_MAX_RESULTS_MIN = 1;
export const LOOKUP_MAX_RESULTS_MAX = 50;
export const LOOKUP_DEFAULT_MAX_RESULTS = 50;

/** AWS: "You can look up events that occurred in a Region within the last 90 days." */
export const LOOKUP_RETENTION_SECONDS = 90 * 24 * 60 * 60;

/**
 * AWS: the maximum length of AttributeValue is 2000 characters, and `_`, space, `,` and `\n`
 * count as two characters towards it.
 */
export const LOOKUP_ATTRIBUTE_VALUE_MAX_LENGTH = 2000;

export function lookupAttributeValueLength(value: string): number {
  let length = 0;
  for (const ch of value) length += ch === '_' || ch === ' ' || ch === ',' || ch === '\n' ? 2 : 1;
  return length;
}

export interface LookupAttributeInput {
  AttributeKey?: unknown;
  AttributeValue?: unknown;
}

function attributesViolation(message: string): RuleViolation {
  return { type: 'InvalidLookupAttributesException', message };
}

/** AWS: "Currently the list can contain only one item." */
export function checkLookupAttributes(
  attributes: readonly LookupAttributeInput[] | undefined,
  eventCategory: unknown,
): RuleViolation | undefined {
  if (!attributes || attributes.length === 0) return undefined;
  if (attributes.length > 1) {
    return attributesViolation(`LookupAttributes can contain only one item, got ${attributes.length}.`);
  }
  const [{ AttributeKey: key, AttributeValue: value }] = attributes;
  if (!(LOOKUP_ATTRIBUTE_KEYS as readonly unknown[]).includes(key)) {
    return attributesViolation(`AttributeKey must be one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}, got ${String(key)}.`);
  }
  if (eventCategory === 'insight' && !(INSIGHT_LOOKUP_ATTRIBUTE_KEYS as readonly unknown[]).includes(key)) {
    return attributesViolation(
      `Insights events can be looked up by ${INSIGHT_LOOKUP_ATTRIBUTE_KEYS.join(', ')} only, not by ${String(key)}.`,
    );
  }
  if (typeof value !== 'string' || value.length === 0) {
    return attributesViolation(`AttributeValue is required for AttributeKey ${String(key)}.`);
  }
  if (lookupAttributeValueLength(value) > LOOKUP_ATTRIBUTE_VALUE_MAX_LENGTH) {
    return attributesViolation(
      `AttributeValue is longer than ${LOOKUP_ATTRIBUTE_VALUE_MAX_LENGTH} characters (underscores, spaces, commas and newlines count as two).`,
    );
  }
  return undefined;
}

export function checkLookupEventCategory(eventCategory: unknown): RuleViolation | undefined {
  if (eventCategory === undefined || eventCategory === null) return undefined;
  if ((LOOKUP_EVENT_CATEGORIES as readonly unknown[]).includes(eventCategory)) return undefined;
  return {
    type: 'InvalidEventCategoryException',
    message: `EventCategory must be one of ${LOOKUP_EVENT_CATEGORIES.join(', ')}, got ${String(eventCategory)}.`,
  };
}

function isValidMaxResults(maxResults: unknown): boolean {
  return (
    typeof maxResults === 'number' &&
    Number.isInteger(maxResults) &&
    maxResults >= LOOKUP_MAX_RESULTS_MIN &&
    maxResults <= LOOKUP_MAX_RESULTS_MAX
  );
}

function maxResultsMessage(maxResults: unknown): string {
  return `MaxResults must be an integer from ${LOOKUP_MAX_RESULTS_MIN} to ${LOOKUP_MAX_RESULTS_MAX}, got ${String(maxResults)}.`;
}

/** LookupEvents answers a bad MaxResults with InvalidMaxResultsException. */
export function checkLookupMaxResults(maxResults: unknown): RuleViolation | undefined {
  if (maxResults === undefined || maxResults === null || isValidMaxResults(maxResults)) return undefined;
  return { type: 'InvalidMaxResultsException', message: maxResultsMessage(maxResults) };
}

/** AWS (InvalidTimeRangeException): the start time occurs after the end time. Both ends are inclusive. */
export function checkLookupTimeRange(start: Date | undefined, end: Date | undefined): RuleViolation | undefined {
  if (start && end && start.getTime() > end.getTime()) {
    return { type: 'InvalidTimeRangeException', message: 'StartTime must not be after EndTime.' };
  }
  return undefined;
}

export const INSIGHTS_DATA_TYPES = ['InsightsEvents'] as const;
export const INSIGHTS_DATA_DIMENSION_KEYS = ['EventId', 'EventName', 'EventSource'] as const;

function invalidParameter(message: string): RuleViolation {
  return { type: 'InvalidParameterException', message };
}

export interface InsightsDataQuery {
  InsightSource?: unknown;
  DataType?: unknown;
  Dimensions?: unknown;
  StartTime?: Date;
  EndTime?: Date;
  MaxResults?: unknown;
}

/**
 * ListInsightsData (AWS): InsightSource (a trail ARN) and DataType `InsightsEvents` are required;
 * Dimensions holds at most one of EventId, EventName, EventSource; MaxResults is 1 to 50; the start
 * time is not after the end time. Its only documented client error is InvalidParameterException.
 */
export function checkInsightsDataQuery(query: InsightsDataQuery): RuleViolation | undefined {
  if (typeof query.InsightSource !== 'string' || query.InsightSource.length === 0) {
    return invalidParameter('InsightSource is required: the ARN of a trail.');
  }
  if (query.DataType === undefined || query.DataType === null) return invalidParameter('DataType is required.');
  if (!(INSIGHTS_DATA_TYPES as readonly unknown[]).includes(query.DataType)) {
    return invalidParameter(`DataType must be one of ${INSIGHTS_DATA_TYPES.join(', ')}, got ${String(query.DataType)}.`);
  }
  if (query.Dimensions !== undefined && query.Dimensions !== null) {
    if (typeof query.Dimensions !== 'object' || Array.isArray(query.Dimensions)) {
      return invalidParameter('Dimensions must be a map.');
    }
    const entries = Object.entries(query.Dimensions);
    if (entries.length > 1) return invalidParameter(`Dimensions can contain only one item, got ${entries.length}.`);
    for (const [key, value] of entries) {
      if (!(INSIGHTS_DATA_DIMENSION_KEYS as readonly string[]).includes(key)) {
        return invalidParameter(`Dimensions key must be one of ${INSIGHTS_DATA_DIMENSION_KEYS.join(', ')}, got ${key}.`);
      }
      if (typeof value !== 'string' || value.length === 0) return invalidParameter(`Dimensions value for ${key} is required.`);
    }
  }
  if (query.StartTime && query.EndTime && query.StartTime.getTime() > query.EndTime.getTime()) {
    return invalidParameter('StartTime must not be after EndTime.');
  }
  if (query.MaxResults !== undefined && query.MaxResults !== null && !isValidMaxResults(query.MaxResults)) {
    return invalidParameter(maxResultsMessage(query.MaxResults));
  }
  return undefined;
}
