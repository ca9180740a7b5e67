import { SourceEventCategory, type InsightSelector } from '@aws-sdk/client-cloudtrail';
import { regionOfArn } from '../aws/arn-region.js';
import { INSIGHTS_DISABLED, type InsightsState } from '../loaders/selectors.js';
import { builder } from './builder.js';
import { accountOf, contextFor, fromAccount } from './account-context.js';
import { surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { EventDataStoreRef, type EventDataStoreModel } from './event-data-store.js';
import { InsightTypeEnum } from './insight-type.js';
import { TrailRef, trailArnOf, trailRegionOf } from './trail.js';

/**
 * CloudTrail Insights selectors: which Insights analyses run on a trail or on a source event data
 * store. Insights being off is a state, not an error: AWS answers GetInsightSelectors on such a
 * resource with InsightNotEnabledException, which the loaders turn into an empty selector list.
 */

export const SourceEventCategoryEnum = builder.enumType(SourceEventCategory, {
  name: 'SourceEventCategory',
  description:
    'The events an Insights analysis watches: Management (API calls that manage resources) or Data (API calls on resources, such as S3 object reads). Event data stores support Management only.',
});

export const InsightSelectorRef = builder.objectRef<InsightSelector>('InsightSelector').implement({
  description: 'One Insights analysis that is turned on, and the kinds of events it watches.',
  fields: (t) => ({
    insightType: t.field({
      type: InsightTypeEnum,
      description: 'The analysis: API call volume (ApiCallRateInsight) or API error volume (ApiErrorRateInsight).',
      resolve: (selector) => selector.InsightType ?? 'ApiCallRateInsight',
    }),
    eventCategories: t.field({
      type: [SourceEventCategoryEnum],
      description:
        'The kinds of events the analysis watches. AWS analyses management events when no category was given, so an empty list from AWS reads as `[Management]`.',
      resolve: (selector) =>
        selector.EventCategories && selector.EventCategories.length > 0
          ? selector.EventCategories
          : [SourceEventCategory.Management],
    }),
  }),
});

export const InsightsConfigurationRef = builder.objectRef<InsightsState>('InsightsConfiguration').implement({
  description:
    'Whether CloudTrail Insights is on for a trail or event data store, and which analyses run. When Insights is off, `enabled` is false and `selectors` is empty: this is a normal state, not an error.',
  fields: (t) => ({
    enabled: t.boolean({
      description: 'True when at least one Insights analysis runs.',
      resolve: (state) => state.selectors.length > 0,
    }),
    selectors: t.field({
      type: [InsightSelectorRef],
      description: 'The analyses that run, one per Insights type. Empty when Insights is off.',
      resolve: (state) => state.selectors,
    }),
  }),
});

/** The event data store an Insights configuration sends its Insights events to, if any. */
export function insightsDestinationModel(state: InsightsState): EventDataStoreModel | null {
  return state.destinationArn ? { arn: state.destinationArn } : null;
}

/**
 * An event data store's Insights, keyed by its ARN in the region the ARN names. Event data stores
 * have no "has Insights" flag, so this is one GetInsightSelectors call per store and request.
 * An AWS failure is a GraphQL error with the AWS code (the fields using it have no error union).
 */
export function loadEventDataStoreInsights(store: EventDataStoreModel, ctx: GatewayContext): Promise<InsightsState> {
  const region = regionOfArn(store.arn);
  if (!region) return Promise.resolve(INSIGHTS_DISABLED);
  return surfacingAwsFailures(() => ctx.loaders.selectors.eventDataStoreInsightSelectors.load({ id: store.arn, region }));
}

builder.objectFields(TrailRef, (t) => ({
  insightSelectors: t.field({
    type: InsightsConfigurationRef,
    nullable: true,
    description:
      'Whether CloudTrail Insights is on for the trail and which analyses run. Check `enabled`; an off state is not an error. Costs one GetInsightSelectors call per trail that has Insights on, and none for the others. Null (with an error) only when CloudTrail does not answer.',
    resolve: (trail, _args, requestCtx) => {
      const ctx = contextFor(trail, requestCtx);
      // Trail.HasInsightSelectors says Insights is off without asking: skip the call AWS would refuse.
      const region = trailRegionOf(trail);
      if (!trail.HasInsightSelectors || !region) return INSIGHTS_DISABLED;
      return surfacingAwsFailures(() =>
        ctx.loaders.selectors.trailInsightSelectors.load({ id: trailArnOf(trail), region }),
      );
    },
  }),
}));

builder.objectFields(EventDataStoreRef, (t) => ({
  insightSelectors: t.field({
    type: InsightsConfigurationRef,
    nullable: true,
    description:
      'Whether CloudTrail Insights is on for this store as a source of management events, and which analyses run. Check `enabled`; an off state is not an error. Costs one GetInsightSelectors call per store. Null (with an error) only when CloudTrail does not answer.',
    resolve: (store, _args, ctx) => loadEventDataStoreInsights(store, contextFor(store, ctx)),
  }),
  insightsDestination: t.field({
    type: EventDataStoreRef,
    nullable: true,
    description:
      'The event data store that receives the Insights events this store\'s management events produce. Null when Insights is off for this store (or, with an error, when CloudTrail does not answer).',
    resolve: async (store, _args, ctx) => {
      const destination = insightsDestinationModel(await loadEventDataStoreInsights(store, contextFor(store, ctx)));
      return destination && fromAccount(destination, accountOf(store));
    },
  }),
}));
