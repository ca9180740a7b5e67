import { PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { localException } from '../aws/exceptions.js';
import { eventSelectorsState, readEventSelectors, type TrailEventSelectorsState } from '../loaders/selectors.js';
import { checkPutEventSelectors, hasCustomEventSelectors } from '../rules/event-selectors.js';
import { builder } from './builder.js';
import {
  AdvancedEventSelectorInput,
  EventSelectorInput,
  toSdkAdvancedEventSelectors,
  toSdkEventSelectors,
} from './event-selector-inputs.js';
import { nullWhenRefused } from './errors.js';
import { auditedMutation, selectorsWriteScope } from './mutation-audit.js';
import { TrailEventSelectorsUnion } from './event-selectors.js';
import {
  changedTrail,
  describeTrailBeforePut,
  primeChangedTrail,
  selectorPutErrors,
  trailSelectorsChanged,
  type TrailSelectorsChange,
} from './selector-changes.js';
import { trailTarget, trailTargetInputFields } from './selector-targets.js';
import { TrailRef } from './trail.js';

/**
 * putEventSelectors: PutEventSelectors on a trail with basic or advanced selectors. It reads the
 * selectors in force first, so the payload shows what changed, and describes the trail with that
 * read, so the payload shows the new state from the description and the put's answer.
 */

const PutEventSelectorsInput = builder.inputType('PutEventSelectorsInput', {
  description:
    'The event selectors a trail should have (PutEventSelectors). Set exactly one of `basic` or `advanced`: setting both or neither is an InvalidEventSelectorsException result, as in CloudTrail.',
  fields: (t) => ({
    ...trailTargetInputFields(t),
    basic: t.field({
      type: [EventSelectorInput],
      description:
        '1 to 5 basic event selectors. They REPLACE the trail\'s selectors, advanced ones included. At most 250 data resource values across all selectors.',
    }),
    advanced: t.field({
      type: [AdvancedEventSelectorInput],
      description:
        'Advanced event selectors. They REPLACE the trail\'s selectors, basic ones included. At most 500 condition values across all selectors.',
    }),
  }),
});

const PutEventSelectorsPayload = builder.objectRef<TrailSelectorsChange<TrailEventSelectorsState>>('PutEventSelectorsPayload').implement({
  description: 'The trail after PutEventSelectors, and its event selectors before and after.',
  fields: (t) => ({
    trail: t.field({
      type: TrailRef,
      nullable: true,
      description:
        'The trail after the change: `hasCustomEventSelectors` and `eventSelectors` show the new state, from the put\'s answer; the other fields (which PutEventSelectors does not change) are described with the read of the selectors in force. Null, with an error, only if the trail could not be read; the change was still made.',
      resolve: changedTrail,
    }),
    previousEventSelectors: t.field({
      type: TrailEventSelectorsUnion,
      description: 'The selectors in force before the change.',
      resolve: (change) => change.previous,
    }),
    eventSelectors: t.field({
      type: TrailEventSelectorsUnion,
      description: 'The selectors in force now, as PutEventSelectors answered.',
      resolve: (change) => change.current,
    }),
  }),
});

builder.mutationField('putEventSelectors', (t) =>
  t.field({
    type: PutEventSelectorsPayload,
    ...selectorsWriteScope('PutEventSelectors'),
    nullable: true,
    description: `Sets which management, data and network activity events a trail logs (PutEventSelectors). Basic selectors replace advanced ones and vice versa. Must be sent to the trail's home region. If the trail has Insights on, keep logging the management events its analyses need. ${nullWhenRefused('a bad `region`')}`,
    args: { input: t.arg({ type: PutEventSelectorsInput, required: true }) },
    errors: selectorPutErrors('PutEventSelectorsResult', 'PutEventSelectors', 'GetEventSelectors'),
    resolve: (_root, { input }, ctx, info) =>
      auditedMutation(ctx, 'putEventSelectors', 'PutEventSelectors', input, async (attempt) => {
        const target = await trailTarget(input.trail, input.region, ctx);
        attempt.target({ given: input.trail, region: target.region, ...(target.id.startsWith('arn:') ? { arn: target.id } : {}) });
        const request = {
          TrailName: target.id,
          EventSelectors: input.basic ? toSdkEventSelectors(input.basic) : undefined,
          AdvancedEventSelectors: input.advanced ? toSdkAdvancedEventSelectors(input.advanced) : undefined,
        };
        const violation = checkPutEventSelectors(request);
        if (violation) throw localException(violation.type, violation.message);

        const describedBefore = describeTrailBeforePut(ctx, info, target);
        const previous = await readEventSelectors(ctx.cloudTrail, target.id, target.region);
        attempt.before(previous);
        await attempt.intent();
        const output = await ctx.cloudTrail.send(new PutEventSelectorsCommand(request), target.region);
        const { $metadata, ...answered } = output;
        attempt.after(answered, $metadata.requestId, output.TrailARN);
        const current = eventSelectorsState(output);
        const change = trailSelectorsChanged(ctx, target, output.TrailARN, ctx.loaders.selectors.trailEventSelectors, previous, current);
        await primeChangedTrail(ctx, target, change, describedBefore, {
          HasCustomEventSelectors: hasCustomEventSelectors(
            current.kind === 'advanced' ? { advancedEventSelectors: current.selectors } : { eventSelectors: current.selectors },
          ),
        });
        return change;
      }),
  }),
);
