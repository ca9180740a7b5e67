import type {
  AdvancedEventSelector,
  EventSelector,
  GetEventSelectorsResponse,
  PutEventSelectorsResponse,
} from '@aws-sdk/client-cloudtrail';
import type { TrailRecord } from '../store.js';
import { checkPutEventSelectors, withEventSelectorDefaults } from '../../rules/event-selectors.js';
import { reject } from './input.js';
import { findTrail } from './trails.js';
import type { OperationContext, OperationInput, OperationTable } from './types.js';

/**
 * PutEventSelectors and GetEventSelectors on trails. A trail keeps basic or advanced selectors,
 * never both: putting one kind replaces the other.
 */

function describeSelectors(trail: TrailRecord): GetEventSelectorsResponse {
  if (trail.advancedEventSelectors) {
    return { TrailARN: trail.arn, AdvancedEventSelectors: structuredClone(trail.advancedEventSelectors) };
  }
  return { TrailARN: trail.arn, EventSelectors: withEventSelectorDefaults(trail.eventSelectors ?? [{}]) };
}

/** AWS: PutEventSelectors "must be called from the Region in which the trail was created". */
const putEventSelectors = (input: OperationInput, ctx: OperationContext): PutEventSelectorsResponse => {
  const trail = findTrail(ctx, input.TrailName, { homeRegionOnly: true });
  reject(checkPutEventSelectors(input));
  if (input.EventSelectors !== undefined && input.EventSelectors !== null) {
    trail.eventSelectors = withEventSelectorDefaults(input.EventSelectors as EventSelector[]);
    trail.advancedEventSelectors = undefined;
  } else {
    trail.advancedEventSelectors = structuredClone(input.AdvancedEventSelectors) as AdvancedEventSelector[];
    trail.eventSelectors = undefined;
  }
  return describeSelectors(trail);
};

/** Any Region that sees the trail answers (a multi-Region trail is visible in every Region). */
const getEventSelectors = (input: OperationInput, ctx: OperationContext): GetEventSelectorsResponse =>
  describeSelectors(findTrail(ctx, input.TrailName));

export const eventSelectorOperations: OperationTable = {
  PutEventSelectors: putEventSelectors,
  GetEventSelectors: getEventSelectors,
};
