import { PutInsightSelectorsCommand, type InsightSelector } from '@aws-sdk/client-cloudtrail';
import { localException } from '../aws/exceptions.js';
import { regionOfArn } from '../aws/arn-region.js';
import { forgetInsightsReads } from '../loaders/insights.js';
import { INSIGHTS_DISABLED, readInsightSelectors, type InsightsState } from '../loaders/selectors.js';
import { checkInsightSelectors, checkPutInsightSelectorsParameters } from '../rules/insight-selectors.js';
import type { RuleViolation } from '../rules/violation.js';
import { builder } from './builder.js';
import { EventDataStoreRef, type EventDataStoreModel } from './event-data-store.js';
import { readEventDataStoresBeforePut } from './event-data-stores-before-put.js';
import { nullWhenRefused } from './errors.js';
import { InsightTypeEnum } from './insight-type.js';
import { auditedMutation, selectorsWriteScope } from './mutation-audit.js';
import { InsightsConfigurationRef, SourceEventCategoryEnum, insightsDestinationModel } from './insight-selectors.js';
import {
  changedTrail,
  describeTrailBeforePut,
  primeChangedTrail,
  selectorPutErrors,
  trailSelectorsChanged,
  type TrailSelectorsChange,
} from './selector-changes.js';
import {
  checkEventDataStoreArgument,
  eventDataStoreArgument,
  eventDataStoreTarget,
  trailTarget,
  trailTargetInputFields,
} from './selector-targets.js';
import { TrailRef } from './trail.js';

/**
 * putTrailInsightSelectors and putEventDataStoreInsightSelectors: PutInsightSelectors on a trail
 * (TrailName) or on a source event data store (EventDataStore + InsightsDestination). Each reads
 * the selectors in force first, so the payload shows what changed, and with that read the trail or
 * stores the payload describes; the put's answer gives what it changed, so the payload shows the
 * new state in two round trips.
 */

function rejectIf(violation: RuleViolation | undefined): void {
  if (violation) throw localException(violation.type, violation.message);
}

const InsightSelectorInput = builder.inputType('InsightSelectorInput', {
  description: 'An Insights analysis to turn on.',
  fields: (t) => ({
    insightType: t.field({
      type: InsightTypeEnum,
      required: true,
      description: 'The analysis to run. Each type may appear once per request.',
    }),
    eventCategories: t.field({
      type: [SourceEventCategoryEnum],
      description:
        'The kinds of events the analysis watches. This REPLACES the categories in force: sending only `[Data]` for a type that watched management events stops watching them. Omit it for management events only (AWS\'s default). Event data stores support Management only.',
    }),
  }),
});

interface InsightSelectorArgument {
  insightType: InsightSelector['InsightType'];
  eventCategories?: InsightSelector['EventCategories'] | null;
}

function toSdkInsightSelectors(selectors: readonly InsightSelectorArgument[]): InsightSelector[] {
  return selectors.map((s) => ({
    InsightType: s.insightType,
    ...(s.eventCategories ? { EventCategories: s.eventCategories } : {}),
  }));
}

const selectorsDescription =
  'The complete set of analyses to run: it REPLACES the selectors in force (analyses not listed are turned off). An empty list turns Insights off.';

const PutTrailInsightSelectorsInput = builder.inputType('PutTrailInsightSelectorsInput', {
  description: 'Which Insights analyses to run on a trail (PutInsightSelectors with TrailName).',
  fields: (t) => ({
    ...trailTargetInputFields(t),
    insightSelectors: t.field({ type: [InsightSelectorInput], required: true, description: selectorsDescription }),
  }),
});

const PutEventDataStoreInsightSelectorsInput = builder.inputType('PutEventDataStoreInsightSelectorsInput', {
  description:
    'Which Insights analyses to run on the management events of a source event data store, and the event data store that receives the Insights events (PutInsightSelectors with EventDataStore and InsightsDestination).',
  fields: (t) => ({
    eventDataStore: t.string({
      required: true,
      description: 'The source event data store: its ARN, the ID at the end of its ARN, or its global ID (`id`). It must log management events.',
    }),
    insightsDestination: t.string({
      description:
        'The destination event data store (ARN, ID or global ID), which must log Insights events (eventCategory Insight). Required to turn Insights on; may be omitted with an empty `insightSelectors` to turn it off.',
    }),
    region: t.string({
      description: 'The region of a store given by ID; ignored for an ARN. Defaults to the gateway\'s default region.',
    }),
    insightSelectors: t.field({
      type: [InsightSelectorInput],
      required: true,
      description: `${selectorsDescription} Event data stores support the Management category only.`,
    }),
  }),
});

interface EventDataStoreInsightsChange {
  eventDataStoreArn: string;
  previous: InsightsState;
  current: InsightsState;
}

const PutTrailInsightSelectorsPayload = builder.objectRef<TrailSelectorsChange<InsightsState>>('PutTrailInsightSelectorsPayload').implement({
  description: 'The trail after PutInsightSelectors, and its Insights before and after.',
  fields: (t) => ({
    trail: t.field({
      type: TrailRef,
      nullable: true,
      description:
        'The trail after the change: `hasInsightSelectors` and `insightSelectors` show the new state, from the put\'s answer; the other fields (which PutInsightSelectors does not change) are described with the read of the selectors in force. Null, with an error, only if the trail could not be read; the change was still made.',
      resolve: changedTrail,
    }),
    previousInsightSelectors: t.field({
      type: InsightsConfigurationRef,
      description: 'The Insights configuration in force before the change (disabled when Insights was off).',
      resolve: (change) => change.previous,
    }),
    insightSelectors: t.field({
      type: InsightsConfigurationRef,
      description: 'The Insights configuration in force now, as PutInsightSelectors answered.',
      resolve: (change) => change.current,
    }),
  }),
});

const PutEventDataStoreInsightSelectorsPayload = builder
  .objectRef<EventDataStoreInsightsChange>('PutEventDataStoreInsightSelectorsPayload')
  .implement({
    description: 'The source event data store after PutInsightSelectors, and its Insights before and after.',
    fields: (t) => ({
      eventDataStore: t.field({
        type: EventDataStoreRef,
        // Nullable like the trail payloads' `trail`: a caller who may change selectors but not read
        // stores is refused this field alone, and still sees what the change did.
        nullable: true,
        description:
          'The source event data store: `insightSelectors` and `insightsDestination` show the new state, from the put\'s answer. Null, with a FORBIDDEN error, for a caller without cloudtrail:read; the change was still made.',
        resolve: (change): EventDataStoreModel => ({ arn: change.eventDataStoreArn }),
      }),
      previousInsightSelectors: t.field({
        type: InsightsConfigurationRef,
        description: 'The Insights configuration in force before the change (disabled when Insights was off).',
        resolve: (change) => change.previous,
      }),
      previousInsightsDestination: t.field({
        type: EventDataStoreRef,
        nullable: true,
        description: 'The event data store that received the Insights events before the change. Null when Insights was off.',
        resolve: (change) => insightsDestinationModel(change.previous),
      }),
      insightSelectors: t.field({
        type: InsightsConfigurationRef,
        description: 'The Insights configuration in force now, as PutInsightSelectors answered.',
        resolve: (change) => change.current,
      }),
    }),
  });

/** What a PutInsightSelectors answer says is in force: nothing (and no destination) when turned off. */
function stateAfterPut(selectors: InsightSelector[] | undefined, destinationArn: string | undefined): InsightsState {
  if (!selectors || selectors.length === 0) return INSIGHTS_DISABLED;
  return { selectors, destinationArn };
}

const errorsFor = (unionName: string) => selectorPutErrors(unionName, 'PutInsightSelectors', 'GetInsightSelectors');

builder.mutationFields((t) => ({
  putTrailInsightSelectors: t.field({
    type: PutTrailInsightSelectorsPayload,
    ...selectorsWriteScope('PutInsightSelectors'),
    nullable: true,
    description: `Turns CloudTrail Insights analyses on or off for a trail (PutInsightSelectors). The list replaces the analyses in force; an empty list turns Insights off. The trail must log write management events for ApiCallRateInsight, and read or write management events for ApiErrorRateInsight. ${nullWhenRefused('a bad `region`')}`,
    args: { input: t.arg({ type: PutTrailInsightSelectorsInput, required: true }) },
    errors: errorsFor('PutTrailInsightSelectorsResult'),
    resolve: (_root, { input }, ctx, info) =>
      auditedMutation(ctx, 'putTrailInsightSelectors', 'PutInsightSelectors', input, async (attempt) => {
        const target = await trailTarget(input.trail, input.region, ctx);
        attempt.target({ given: input.trail, region: target.region, ...(target.id.startsWith('arn:') ? { arn: target.id } : {}) });
        const selectors = toSdkInsightSelectors(input.insightSelectors);
        rejectIf(checkInsightSelectors(selectors, 'trail'));

        const describedBefore = describeTrailBeforePut(ctx, info, target);
        const previous = await readInsightSelectors(ctx.cloudTrail, { TrailName: target.id }, target.region);
        attempt.before(previous);
        await attempt.intent();
        const output = await ctx.cloudTrail.send(
          new PutInsightSelectorsCommand({ TrailName: target.id, InsightSelectors: selectors }),
          target.region,
        );
        attempt.after(output.InsightSelectors ?? [], output.$metadata.requestId, output.TrailARN);
        const current = stateAfterPut(output.InsightSelectors, undefined);
        const change = trailSelectorsChanged(ctx, target, output.TrailARN, ctx.loaders.selectors.trailInsightSelectors, previous, current);
        await primeChangedTrail(ctx, target, change, describedBefore, { HasInsightSelectors: current.selectors.length > 0 });
        return change;
      }),
  }),

  putEventDataStoreInsightSelectors: t.field({
    type: PutEventDataStoreInsightSelectorsPayload,
    ...selectorsWriteScope('PutInsightSelectors'),
    nullable: true,
    description: `Turns CloudTrail Insights analyses on or off for the management events of a source event data store, delivering Insights events to a destination event data store (PutInsightSelectors). The list replaces the analyses in force; an empty list turns Insights off. ${nullWhenRefused('a bad `region`')}`,
    args: { input: t.arg({ type: PutEventDataStoreInsightSelectorsInput, required: true }) },
    errors: errorsFor('PutEventDataStoreInsightSelectorsResult'),
    resolve: (_root, { input: given }, ctx, info) =>
      auditedMutation(ctx, 'putEventDataStoreInsightSelectors', 'PutInsightSelectors', given, async (attempt) => {
        const input = {
          ...given,
          eventDataStore: eventDataStoreArgument(given.eventDataStore, 'eventDataStore'),
          insightsDestination: eventDataStoreArgument(given.insightsDestination, 'insightsDestination'),
        };
        checkEventDataStoreArgument(input.eventDataStore, 'EventDataStore');
        checkEventDataStoreArgument(input.insightsDestination, 'InsightsDestination');
        const selectors = toSdkInsightSelectors(input.insightSelectors);
        rejectIf(checkInsightSelectors(selectors, 'eventDataStore'));
        const request = {
          EventDataStore: input.eventDataStore,
          InsightsDestination: input.insightsDestination ?? undefined,
          InsightSelectors: selectors,
        };
        rejectIf(checkPutInsightSelectorsParameters(request));
        const target = await eventDataStoreTarget(input.eventDataStore, input.region, ctx);
        attempt.target({
          given: given.eventDataStore,
          region: target.region,
          ...(target.id.startsWith('arn:') ? { arn: target.id } : {}),
          ...(input.insightsDestination ? { insightsDestination: input.insightsDestination } : {}),
        });

        const storesBeforePut = readEventDataStoresBeforePut(ctx, info, {
          source: target.id,
          destination: request.InsightsDestination,
          region: target.region,
        });
        const previous = await readInsightSelectors(ctx.cloudTrail, { EventDataStore: target.id }, target.region);
        storesBeforePut.previousDestinationKnown(previous.destinationArn);
        attempt.before(previous);
        await attempt.intent();
        const output = await ctx.cloudTrail.send(new PutInsightSelectorsCommand(request), target.region);
        attempt.after(
          { selectors: output.InsightSelectors ?? [], insightsDestination: output.InsightsDestination ?? null },
          output.$metadata.requestId,
          output.EventDataStoreArn,
        );
        const eventDataStoreArn = output.EventDataStoreArn ?? target.id;
        const current = stateAfterPut(output.InsightSelectors, output.InsightsDestination);
        // The store's Insights types feed ListInsightsMetricData: cached series are stale.
        forgetInsightsReads(ctx.loaders.insights);
        if (!storesBeforePut.sourceRead) ctx.loaders.eventDataStore.clear(eventDataStoreArn);
        const fresh = { id: eventDataStoreArn, region: regionOfArn(eventDataStoreArn) ?? target.region };
        ctx.loaders.selectors.eventDataStoreInsightSelectors.clear(fresh).prime(fresh, current);
        return { eventDataStoreArn, previous, current };
      }),
  }),
}));
