import { localException } from '../aws/exceptions.js';
import { regionOfArn } from '../loaders/arn-region.js';
import type { SelectorTarget } from '../loaders/selectors.js';
import { checkTrailNameOrArn } from '../rules/arn.js';
import { checkEventDataStoreRef } from '../rules/event-data-store.js';
import type { GatewayContext } from './context.js';
import { requestedRegion } from './region-argument.js';

/**
 * The trail or event data store a selector mutation changes, checked before any AWS call, and the
 * region the call goes to: the region an ARN names, else the `region` argument, else the
 * gateway's default region.
 */

/** AWS (TrailName): a trail name or trail ARN; InvalidTrailNameException / CloudTrailARNInvalidException otherwise. */
export async function trailTarget(
  trail: string,
  region: string | null | undefined,
  ctx: GatewayContext,
): Promise<SelectorTarget> {
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

export async function eventDataStoreTarget(
  eventDataStore: string,
  region: string | null | undefined,
  ctx: GatewayContext,
): Promise<SelectorTarget> {
  return { id: eventDataStore, region: regionOfArn(eventDataStore) ?? (await requestedRegion(region, ctx)) };
}
