import type { InsightType } from '@aws-sdk/client-cloudtrail';
import { builder } from './builder.js';

/**
 * The kinds of CloudTrail Insights, named as AWS names them. Shared by every module that speaks of
 * Insights (selectors, metric series, Insights events), so the schema has one `InsightType`.
 */
export const InsightTypeEnum = builder.enumType('InsightType', {
  description:
    'A kind of CloudTrail Insights analysis. ApiCallRateInsight watches the per-minute volume of write management API calls against their baseline; ApiErrorRateInsight watches the per-minute volume of calls that fail with an error code.',
  values: {
    ApiCallRateInsight: {
      value: 'ApiCallRateInsight' satisfies InsightType,
      description: 'Unusual volume of write management API calls per minute for one API.',
    },
    ApiErrorRateInsight: {
      value: 'ApiErrorRateInsight' satisfies InsightType,
      description: 'Unusual volume of API calls that fail with one error code per minute (reads included).',
    },
  } as const,
});
