import type { InsightSelector } from '@aws-sdk/client-cloudtrail';
import type { RuleViolation } from './violation.js';
import type { LoggedEvents } from './event-selectors.js';

/**
 * CloudTrail Insights selectors (PutInsightSelectors, GetInsightSelectors) on a trail or on a
 * source event data store that sends Insights events to a destination event data store.
 */

export type InsightType = 'ApiCallRateInsight' | 'ApiErrorRateInsight';
export const INSIGHT_TYPES: readonly InsightType[] = ['ApiCallRateInsight', 'ApiErrorRateInsight'];

export type SourceEventCategory = 'Management' | 'Data';
export const SOURCE_EVENT_CATEGORIES: readonly SourceEventCategory[] = ['Management', 'Data'];
/** AWS (InsightSelector.EventCategories): without EventCategories, Insights analyse management events. */
export const DEFAULT_EVENT_CATEGORIES: readonly SourceEventCategory[] = ['Management'];

export type InsightsTarget = 'trail' | 'eventDataStore';

function invalidInsightSelectors(message: string): RuleViolation {
  return { type: 'InvalidInsightSelectorsException', message };
}

function invalidCombination(message: string): RuleViolation {
  return { type: 'InvalidParameterCombinationException', message };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * AWS (InvalidInsightSelectorsException): InsightSelectors is a list (empty turns Insights off);
 * each InsightType is ApiCallRateInsight or ApiErrorRateInsight, at most once; EventCategories,
 * when given, lists Management and/or Data. Event data stores support Insights on management
 * events only.
 */
export function checkInsightSelectors(value: unknown, target: InsightsTarget): RuleViolation | undefined {
  if (!Array.isArray(value)) return invalidInsightSelectors('InsightSelectors must be a list (an empty list turns Insights off).');
  const seen = new Set<string>();
  for (const selector of value) {
    if (!isObject(selector)) return invalidInsightSelectors('Each Insights selector must be an object.');
    const type = selector.InsightType;
    if (typeof type !== 'string' || !(INSIGHT_TYPES as readonly string[]).includes(type)) {
      return invalidInsightSelectors(`InsightType must be one of ${INSIGHT_TYPES.join(', ')}: ${String(type)}`);
    }
    if (seen.has(type)) return invalidInsightSelectors(`InsightType ${type} is given more than once.`);
    seen.add(type);
    const categories = selector.EventCategories;
    if (!present(categories)) continue;
    if (!Array.isArray(categories) || categories.length === 0) {
      return invalidInsightSelectors(`EventCategories of ${type} must be a non-empty list of ${SOURCE_EVENT_CATEGORIES.join(', ')}.`);
    }
    const seenCategories = new Set<unknown>();
    for (const category of categories) {
      if (!(SOURCE_EVENT_CATEGORIES as readonly unknown[]).includes(category)) {
        return invalidInsightSelectors(`EventCategories values must be ${SOURCE_EVENT_CATEGORIES.join(' or ')}: ${String(category)}`);
      }
      if (seenCategories.has(category)) return invalidInsightSelectors(`EventCategories of ${type} lists ${String(category)} twice.`);
      seenCategories.add(category);
      if (category === 'Data' && target === 'eventDataStore') {
        return invalidInsightSelectors('Insights on data events are not supported on event data stores; use the Management category.');
      }
    }
  }
  return undefined;
}

/** The selectors as stored and read back: EventCategories spelled out (Management when absent). */
export function withInsightSelectorDefaults(selectors: readonly InsightSelector[]): InsightSelector[] {
  return selectors.map((s) => ({
    InsightType: s.InsightType,
    EventCategories: [...(s.EventCategories && s.EventCategories.length > 0 ? s.EventCategories : DEFAULT_EVENT_CATEGORIES)],
  }));
}

/**
 * AWS (PutInsightSelectors, InvalidParameterCombinationException): TrailName cannot be used with
 * EventDataStore or InsightsDestination; InsightsDestination needs EventDataStore; enabling
 * Insights on an event data store needs both EventDataStore and InsightsDestination; one of
 * TrailName or EventDataStore is required.
 */
export function checkPutInsightSelectorsParameters(input: {
  TrailName?: unknown;
  EventDataStore?: unknown;
  InsightsDestination?: unknown;
  InsightSelectors?: unknown;
}): RuleViolation | undefined {
  const trail = present(input.TrailName);
  const store = present(input.EventDataStore);
  const destination = present(input.InsightsDestination);
  if (trail && (store || destination)) {
    return invalidCombination('TrailName cannot be used with the EventDataStore and InsightsDestination parameters.');
  }
  if (destination && !store) return invalidCombination('InsightsDestination can only be used with EventDataStore.');
  if (!trail && !store) return invalidCombination('Specify TrailName for a trail, or EventDataStore and InsightsDestination for an event data store.');
  const enabling = Array.isArray(input.InsightSelectors) && input.InsightSelectors.length > 0;
  if (store && enabling && !destination) {
    return invalidCombination('To enable Insights on an event data store, specify both EventDataStore and InsightsDestination.');
  }
  return undefined;
}

/** AWS (GetInsightSelectors, InvalidParameterCombinationException): TrailName or EventDataStore, not both. */
export function checkGetInsightSelectorsParameters(input: { TrailName?: unknown; EventDataStore?: unknown }): RuleViolation | undefined {
  const trail = present(input.TrailName);
  const store = present(input.EventDataStore);
  if (trail && store) return invalidCombination('Specify either TrailName or EventDataStore, not both.');
  if (!trail && !store) return invalidCombination('Specify TrailName or EventDataStore.');
  return undefined;
}

/**
 * AWS (PutInsightSelectors): Insights on API call rate for management events need the trail or
 * source event data store to log write management events; on API error rate, read or write
 * management events; Insights on data events (trails only) need data events logged.
 */
export function checkInsightPrerequisites(selectors: readonly InsightSelector[], logged: LoggedEvents): RuleViolation | undefined {
  for (const selector of withInsightSelectorDefaults(selectors)) {
    for (const category of selector.EventCategories ?? []) {
      if (category === 'Management') {
        if (selector.InsightType === 'ApiCallRateInsight' && !logged.writeManagementEvents) {
          return invalidInsightSelectors('ApiCallRateInsight on management events requires logging write management events.');
        }
        if (selector.InsightType === 'ApiErrorRateInsight' && !logged.readManagementEvents && !logged.writeManagementEvents) {
          return invalidInsightSelectors('ApiErrorRateInsight on management events requires logging read or write management events.');
        }
      }
      if (category === 'Data' && !logged.dataEvents) {
        return invalidInsightSelectors(`${selector.InsightType} on data events requires logging read or write data events.`);
      }
    }
  }
  return undefined;
}

/**
 * AWS (InvalidInsightSelectorsException): the destination named by InsightsDestination must log
 * Insights events (advanced event selectors with eventCategory Insight).
 */
export function checkInsightsDestination(destination: LoggedEvents): RuleViolation | undefined {
  if (!destination.insightsEvents) {
    return invalidInsightSelectors('The InsightsDestination event data store must log Insights events (eventCategory Insight).');
  }
  return undefined;
}
