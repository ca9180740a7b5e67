import type { InputFieldBuilder } from '@pothos/core';
import { localException } from '../aws/exceptions.js';
import { regionOfArn } from '../aws/arn-region.js';
import type { SelectorTarget } from '../loaders/selectors.js';
import { checkTrailNameOrArn } from '../rules/arn.js';
import { checkEventDataStoreRef } from '../rules/event-data-store.js';
import type { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { localIdOrValue } from './global-ids.js';
import { requestedRegion } from './region-argument.js';

/**
 * The trail or event data store a selector mutation changes, checked before any AWS call, and the
 * region the call goes to: the region an ARN names, else the `region` argument, else the
 * gateway's default region.
 */

/** The input fields naming the trail a selector mutation changes: what `trailTarget` reads. */
export const trailTargetInputFields = (t: InputFieldBuilder<typeof builder.$inferSchemaTypes, 'InputObject'>) => ({
  trail: t.string({
    required: true,
    description:
      'The trail name, ARN or global ID (its `id`), e.g. `management-trail` or `arn:aws:cloudtrail:us-east-2:123456789012:trail/management-trail`. The global ID of another type is refused with BAD_USER_INPUT.',
  }),
  region: t.string({
    description:
      'The region of a trail given by name; ignored for an ARN, which names its region. Defaults to the gateway\'s default region. Must be the trail\'s home region (else InvalidHomeRegionException).',
  }),
});

/**
 * AWS (TrailName): a trail name or trail ARN; InvalidTrailNameException / CloudTrailARNInvalidException
 * otherwise. A Trail's global ID stands for its ARN.
 */
export async function trailTarget(
  trailInput: string,
  region: string | null | undefined,
  ctx: GatewayContext,
): Promise<SelectorTarget> {
  const trail = localIdOrValue(trailInput, 'Trail', 'trail');
  const violation = checkTrailNameOrArn(trail);
  if (violation) throw localException(violation.type, violation.message);
  return { id: trail, region: regionOfArn(trail) ?? (await requestedRegion(region, ctx)) };
}

/**
 * AWS (PutInsightSelectors EventDataStore / InsightsDestination): an event data store ARN or ID
 * suffix. PutInsightSelectors documents CloudTrailARNInvalidException for a malformed ARN.
 */
export function checkEventDataStoreArgument(value: string | null | undefined, member: string): void {
  if (value === null || value === undefined) return;
  const violation = checkEventDataStoreRef(value, member, 'CloudTrailARNInvalidException');
  if (violation) throw localException(violation.type, violation.message);
}

/** An event data store input: an EventDataStore's global ID stands for its ARN. */
export function eventDataStoreArgument<Value extends string | null | undefined>(value: Value, field: string): Value {
  return (typeof value === 'string' ? localIdOrValue(value, 'EventDataStore', field) : value) as Value;
}

export async function eventDataStoreTarget(
  eventDataStore: string,
  region: string | null | undefined,
  ctx: GatewayContext,
): Promise<SelectorTarget> {
  return { id: eventDataStore, region: regionOfArn(eventDataStore) ?? (await requestedRegion(region, ctx)) };
}
