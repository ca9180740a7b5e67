import type DataLoader from 'dataloader';
import type { Trail } from '@aws-sdk/client-cloudtrail';
import type { GraphQLResolveInfo } from 'graphql';
import type { CloudTrailOperationName } from '../aws/exceptions.js';
import { regionOfArn } from '../aws/arn-region.js';
import { forgetInsightsReads } from '../loaders/insights.js';
import type { SelectorTarget } from '../loaders/selectors.js';
import { primeTrail } from '../loaders/trails.js';
import { parseCloudTrailArn } from '../rules/arn.js';
import type { GatewayContext } from './context.js';
import { awsErrorTypes } from './errors.js';
import { fieldsSelectedAt } from './selection.js';

/**
 * What the selector mutations on a trail (putEventSelectors, putTrailInsightSelectors) do alike
 * once their put has succeeded: refresh the request's cache of the trail, so the payload shows the
 * new state, forget the Insights reads the change may have made stale, and answer the selectors
 * before and after.
 */

/** A trail's selectors before and after a put. */
export interface TrailSelectorsChange<State> {
  trailArn: string;
  previous: State;
  current: State;
}

/**
 * Records a put on a trail. The trail loader forgets the trail (its HasInsightSelectors and
 * HasCustomEventSelectors flags changed) and `selectors` is primed with what the put answered, so
 * the payload reads the new state without another call.
 */
export function trailSelectorsChanged<State>(
  ctx: GatewayContext,
  target: SelectorTarget,
  answeredTrailArn: string | undefined,
  selectors: DataLoader<SelectorTarget, State, string>,
  previous: State,
  current: State,
): TrailSelectorsChange<State> {
  const trailArn = answeredTrailArn ?? target.id;
  forgetTrail(ctx, target, trailArn);
  // Insights types turned on or off, data events logged or not: cached series and Insights are stale.
  forgetInsightsReads(ctx.loaders.insights);
  const fresh = trailTargetOf(trailArn);
  if (fresh) selectors.clear(fresh).prime(fresh, current);
  return { trailArn, previous, current };
}

/**
 * The trail a put will change, described together with the read of the selectors in force (before
 * the put), when the payload selects `trail`. A selector put changes no field of the trail but the
 * flag its own answer settles (HasInsightSelectors, HasCustomEventSelectors), so the payload's trail
 * is this description with that flag taken from the put: one round trip less than describing the
 * trail after the put, with the same calls. Undefined when the payload does not select `trail`.
 */
export function describeTrailBeforePut(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  target: SelectorTarget,
): Promise<Trail | null> | undefined {
  // A caller without cloudtrail:read is refused the payload's trail: nothing to describe.
  if (!ctx.caller.scopes.has('cloudtrail:read') || !fieldsSelectedAt(info, []).has('trail')) return undefined;
  const described = ctx.loaders.trail.load({ region: target.region, nameOrArn: target.id });
  // Awaited only once the put has succeeded; a failed put leaves this read unobserved.
  described.catch(() => undefined);
  return described;
}

/**
 * After `trailSelectorsChanged`: caches the trail described before the put, with the flag the put
 * settled, as the payload's `trail`. A description that failed or is of another trail is dropped,
 * and the payload's `trail` then describes the trail afresh.
 */
export async function primeChangedTrail(
  ctx: GatewayContext,
  target: SelectorTarget,
  change: { trailArn: string },
  describedBefore: Promise<Trail | null> | undefined,
  settled: Pick<Trail, 'HasInsightSelectors'> | Pick<Trail, 'HasCustomEventSelectors'>,
): Promise<void> {
  const before = await describedBefore?.catch(() => null);
  if (!before || before.TrailARN !== change.trailArn) return;
  // Forgotten again: a description answered after the put would have primed its stale flag.
  forgetTrail(ctx, target, change.trailArn);
  primeTrail(ctx.loaders.trail, { ...before, ...settled });
}

/** Resolves a payload's `trail`: the trail a put changed, read afresh in its home region. */
export function changedTrail(
  change: { trailArn: string },
  _args: unknown,
  ctx: GatewayContext,
): Promise<Trail | null> | null {
  const target = trailTargetOf(change.trailArn);
  return target ? ctx.loaders.trail.load({ region: target.region, nameOrArn: target.id }) : null;
}

/** A selector mutation's result union: the errors of the operations it calls (the put, and the read of what was in force). */
export function selectorPutErrors(unionName: string, ...operations: CloudTrailOperationName[]) {
  return {
    types: awsErrorTypes(...operations),
    directResult: true as const,
    union: {
      name: unionName,
      description:
        'The change, or the CloudTrail error that refused it (`... on AwsError { code message retryable }`). Input CloudTrail would refuse is refused before any call, with the same error (`rejectedBeforeCall: true`).',
    },
  };
}

/**
 * Drops what the request cached about a trail a mutation just changed (its Trail flags such as
 * HasInsightSelectors and HasCustomEventSelectors), under every key the trail loader primes: the
 * ARN and the name in the home region, and the name or ARN the mutation was given.
 */
function forgetTrail(ctx: GatewayContext, target: SelectorTarget, trailArn: string | undefined): void {
  ctx.loaders.trail.clear({ region: target.region, nameOrArn: target.id });
  if (!trailArn) return;
  const arn = parseCloudTrailArn(trailArn);
  if (!arn) return;
  ctx.loaders.trail.clear({ region: arn.region, nameOrArn: trailArn });
  ctx.loaders.trail.clear({ region: arn.region, nameOrArn: arn.id });
}

/** The trail a mutation changed, read afresh (after `forgetTrail`) in its home region. */
function trailTargetOf(trailArn: string): SelectorTarget | undefined {
  const region = regionOfArn(trailArn);
  return region ? { id: trailArn, region } : undefined;
}
