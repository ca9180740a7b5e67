import { InsightType } from '@aws-sdk/client-cloudtrail';
import { builder } from './builder.js';

/**
 * The kinds of CloudTrail Insights, named as AWS names them. Shared by every module that speaks of
 * Insights (selectors, metric series, Insights events), so the schema has one `InsightType`.
 */
export const InsightTypeEnum = builder.enumType(InsightType, {
  name: 'InsightType',
  description:
    'A kind of CloudTrail Insights analysis. ApiCallRateInsight watches the per-minute volume of write management API calls against their baseline; ApiErrorRateInsight watches the per-minute volume of calls that fail with an error code.',
});
