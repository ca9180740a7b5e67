import { describe, expect, it } from 'vitest';
import {
  checkGetInsightSelectorsParameters,
  checkInsightPrerequisites,
  checkInsightSelectors,
  checkInsightsDestination,
  checkPutInsightSelectorsParameters,
  withInsightSelectorDefaults,
} from '../../src/rules/insight-selectors.js';
import type { LoggedEvents } from '../../src/rules/event-selectors.js';

const logs = (partial: Partial<LoggedEvents>): LoggedEvents => ({
  readManagementEvents: false,
  writeManagementEvents: false,
  dataEvents: false,
  insightsEvents: false,
  ...partial,
});

describe('Insights selector shapes', () => {
  it('accepts both types, with and without event categories, and an empty list', () => {
    expect(
      checkInsightSelectors([{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight', EventCategories: ['Management', 'Data'] }], 'trail'),
    ).toBeUndefined();
    expect(checkInsightSelectors([], 'trail')).toBeUndefined();
  });

  it.each([
    ['not a list', { InsightType: 'ApiCallRateInsight' }],
    ['an unknown type', [{ InsightType: 'ApiCallVolume' }]],
    ['a duplicate type', [{ InsightType: 'ApiErrorRateInsight' }, { InsightType: 'ApiErrorRateInsight' }]],
    ['an unknown category', [{ InsightType: 'ApiErrorRateInsight', EventCategories: ['Insight'] }]],
    ['a duplicate category', [{ InsightType: 'ApiErrorRateInsight', EventCategories: ['Data', 'Data'] }]],
  ])('refuses %s with InvalidInsightSelectorsException', (_why, value) => {
    expect(checkInsightSelectors(value, 'trail')?.type).toBe('InvalidInsightSelectorsException');
  });

  it('refuses the Data category on event data stores', () => {
    expect(checkInsightSelectors([{ InsightType: 'ApiCallRateInsight', EventCategories: ['Data'] }], 'eventDataStore')?.type).toBe(
      'InvalidInsightSelectorsException',
    );
  });

  it('spells out Management when no categories are given', () => {
    expect(withInsightSelectorDefaults([{ InsightType: 'ApiCallRateInsight' }])).toEqual([
      { InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] },
    ]);
  });
});

describe('PutInsightSelectors and GetInsightSelectors parameter combinations', () => {
  const selectors = [{ InsightType: 'ApiCallRateInsight' }];

  it('accepts a trail alone, or a source and destination store', () => {
    expect(checkPutInsightSelectorsParameters({ TrailName: 't1x', InsightSelectors: selectors })).toBeUndefined();
    expect(checkPutInsightSelectorsParameters({ EventDataStore: 'src', InsightsDestination: 'dst', InsightSelectors: selectors })).toBeUndefined();
  });

  it('accepts turning Insights off on a store without a destination', () => {
    expect(checkPutInsightSelectorsParameters({ EventDataStore: 'src', InsightSelectors: [] })).toBeUndefined();
  });

  it.each([
    ['TrailName with EventDataStore', { TrailName: 't1x', EventDataStore: 'src', InsightSelectors: selectors }],
    ['TrailName with InsightsDestination', { TrailName: 't1x', InsightsDestination: 'dst', InsightSelectors: selectors }],
    ['InsightsDestination without EventDataStore', { InsightsDestination: 'dst', InsightSelectors: selectors }],
    ['EventDataStore without InsightsDestination when enabling', { EventDataStore: 'src', InsightSelectors: selectors }],
    ['neither TrailName nor EventDataStore', { InsightSelectors: selectors }],
  ])('refuses %s with InvalidParameterCombinationException', (_why, input) => {
    expect(checkPutInsightSelectorsParameters(input)?.type).toBe('InvalidParameterCombinationException');
  });

  it('GetInsightSelectors takes TrailName or EventDataStore, not both or neither', () => {
    expect(checkGetInsightSelectorsParameters({ TrailName: 't1x' })).toBeUndefined();
    expect(checkGetInsightSelectorsParameters({ EventDataStore: 'src' })).toBeUndefined();
    expect(checkGetInsightSelectorsParameters({ TrailName: 't1x', EventDataStore: 'src' })?.type).toBe('InvalidParameterCombinationException');
    expect(checkGetInsightSelectorsParameters({})?.type).toBe('InvalidParameterCombinationException');
  });
});

describe('Insights prerequisites', () => {
  it('ApiCallRateInsight on management events needs write management events', () => {
    const callRate = [{ InsightType: 'ApiCallRateInsight' as const }];
    expect(checkInsightPrerequisites(callRate, logs({ writeManagementEvents: true }))).toBeUndefined();
    expect(checkInsightPrerequisites(callRate, logs({ readManagementEvents: true }))?.type).toBe('InvalidInsightSelectorsException');
  });

  it('ApiErrorRateInsight on management events needs read or write management events', () => {
    const errorRate = [{ InsightType: 'ApiErrorRateInsight' as const }];
    expect(checkInsightPrerequisites(errorRate, logs({ readManagementEvents: true }))).toBeUndefined();
    expect(checkInsightPrerequisites(errorRate, logs({ writeManagementEvents: true }))).toBeUndefined();
    expect(checkInsightPrerequisites(errorRate, logs({ dataEvents: true }))?.type).toBe('InvalidInsightSelectorsException');
  });

  it('Insights on data events need data events, whatever management events are logged', () => {
    const onData = [{ InsightType: 'ApiCallRateInsight' as const, EventCategories: ['Data' as const] }];
    expect(checkInsightPrerequisites(onData, logs({ dataEvents: true }))).toBeUndefined();
    expect(checkInsightPrerequisites(onData, logs({ writeManagementEvents: true, readManagementEvents: true }))?.type).toBe(
      'InvalidInsightSelectorsException',
    );
  });

  it('a destination must log Insights events', () => {
    expect(checkInsightsDestination(logs({ insightsEvents: true }))).toBeUndefined();
    expect(checkInsightsDestination(logs({ writeManagementEvents: true }))?.type).toBe('InvalidInsightSelectorsException');
  });
});
