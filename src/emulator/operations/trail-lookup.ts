import type { EventSelector, Trail } from '@aws-sdk/client-cloudtrail';
import { CloudTrailError } from '../errors.js';
import type { TrailRecord } from '../store.js';
import { checkTrailNameOrArn, looksLikeArn, parseCloudTrailArn, trailArn } from '../../rules/arn.js';
import { hasCustomEventSelectors } from '../../rules/event-selectors.js';
import { partitionOf } from '../../rules/region.js';
import { reject } from './input.js';
import { settingsResponse } from './trail-settings.js';
import type { OperationContext } from './types.js';

export { hasCustomEventSelectors };

/**
 * Finding trails the way CloudTrail does: by name in the caller's Region, or by ARN, and deciding
 * which trails a Region sees. A multi-Region trail is replicated as a "shadow trail" in every
 * Region of its partition; its home Region is where it was created and where it is changed.
 */

/** AWS: a new trail logs all management events, read and write, and no data events. */
export function defaultEventSelectors(): EventSelector[] {
  return [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }];
}

/**
 * The Trail shape of GetTrail and DescribeTrails: the settings CreateTrail and UpdateTrail answer,
 * plus the home Region and the selector flags (the SDK's Trail is CreateTrailResponse and those three).
 */
export function toTrail(trail: TrailRecord): Trail {
  return {
    ...settingsResponse(trail),
    HomeRegion: trail.homeRegion,
    HasCustomEventSelectors: hasCustomEventSelectors(trail),
    HasInsightSelectors: trail.insightSelectors.length > 0,
  };
}

/** Whether `trail` exists in `region`: homed there, or a multi-Region trail of the same partition. */
export function coversRegion(trail: TrailRecord, region: string): boolean {
  if (trail.homeRegion === region) return true;
  return trail.isMultiRegionTrail && partitionOf(trail.homeRegion) === partitionOf(region);
}

/**
 * Trails a Region sees: its own, then (with shadows) multi-Region trails homed elsewhere and, in a
 * member account, the organization trails covering the Region. AWS (DescribeTrails
 * includeShadowTrails): "A shadow trail is the replication in a Region of a trail that was created
 * in a different Region, or in the case of an organization trail, the replication of an
 * organization trail in member accounts." Sorted by name.
 */
export function trailsVisibleIn(ctx: OperationContext, includeShadowTrails: boolean): TrailRecord[] {
  const own: TrailRecord[] = [];
  const shadows: TrailRecord[] = [];
  for (const trail of ctx.store.trails.values()) {
    if (trail.homeRegion === ctx.region) own.push(trail);
    else if (includeShadowTrails && coversRegion(trail, ctx.region)) shadows.push(trail);
  }
  if (includeShadowTrails) for (const trail of ctx.store.organizationTrails()) if (coversRegion(trail, ctx.region)) shadows.push(trail);
  const byName = (a: TrailRecord, b: TrailRecord) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.arn < b.arn ? -1 : 1);
  return [...own.sort(byName), ...shadows.sort(byName)];
}

/**
 * Every trail of the account, each once (a multi-Region trail is not repeated for its shadows),
 * with the organization trails a member account sees (under the management account's ARN),
 * sorted by ARN: home Region, then name. AWS ListTrails "Lists trails that are in the current
 * account" whatever the Region asked, which is why its TrailInfo carries HomeRegion. An account
 * lives in one partition; the emulator keys accounts by ID alone, so trails created through another
 * partition's Regions belong to what AWS would hold as another account and are left out.
 */
export function trailsOfAccount(ctx: OperationContext): TrailRecord[] {
  const partition = partitionOf(ctx.region);
  return ctx.store
    .trailsWithOrganization()
    .filter((trail) => partitionOf(trail.homeRegion) === partition)
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

export interface FindTrailOptions {
  /**
   * For operations that change a trail (UpdateTrail, DeleteTrail, StartLogging, PutEventSelectors...):
   * AWS answers InvalidHomeRegionException when called from a Region other than the trail's home Region.
   */
  homeRegionOnly?: boolean;
  /**
   * Whether a name finds the shadow of a multi-Region trail homed in another Region (default true).
   * GetTrailStatus documents that a shadow trail's status needs its ARN: pass false there.
   */
  shadowsByName?: boolean;
  /**
   * Whether an ARN finds an organization trail of the account's management account (default true).
   * AWS: "If the trail is an organization trail and you are a member account in the organization in
   * Organizations, you must provide the full ARN of that trail, and not just the name."
   */
  organizationTrails?: boolean;
}

/** An organization trail a member account sees, by ARN. */
export function organizationTrailByArn(ctx: OperationContext, arn: string): TrailRecord | undefined {
  return ctx.store.organizationTrails().find((t) => t.arn === arn);
}

function notFound(nameOrArn: string, ctx: OperationContext): CloudTrailError {
  return new CloudTrailError(
    'TrailNotFoundException',
    `Unknown trail: ${nameOrArn} for the user: ${ctx.accountId} in region ${ctx.region}.`,
  );
}

/**
 * Resolves a trail given "by name or ARN" for the caller's account and Region.
 * - A value starting `arn:` must be a trail ARN (CloudTrailARNInvalidException); it finds the
 *   trail in any Region of the account.
 * - Otherwise it must be a valid trail name (InvalidTrailNameException) and finds the trail homed
 *   in the caller's Region, or the shadow of a multi-Region trail (see `shadowsByName`).
 * - No such trail: TrailNotFoundException.
 */
export function findTrail(ctx: OperationContext, nameOrArn: unknown, options: FindTrailOptions = {}): TrailRecord {
  reject(checkTrailNameOrArn(nameOrArn));
  const value = nameOrArn as string;
  let trail: TrailRecord | undefined;
  if (looksLikeArn(value)) {
    const arn = parseCloudTrailArn(value);
    if (arn && arn.accountId === ctx.accountId) trail = ctx.store.trails.get(trailArn(arn.region, arn.accountId, arn.id));
    else if (arn && (options.organizationTrails ?? true)) trail = organizationTrailByArn(ctx, trailArn(arn.region, arn.accountId, arn.id));
  } else {
    const shadowsByName = options.shadowsByName ?? true;
    trail =
      ctx.store.trails.get(trailArn(ctx.region, ctx.accountId, value)) ??
      (shadowsByName ? [...ctx.store.trails.values()].find((t) => t.name === value && coversRegion(t, ctx.region)) : undefined);
  }
  if (!trail) throw notFound(value, ctx);
  if (options.homeRegionOnly && trail.accountId !== ctx.accountId) {
    // AWS: NotOrganizationMasterAccountException when "the account making the request to create or
    // update an organization trail ... is not the management account for an organization".
    throw new CloudTrailError(
      'NotOrganizationMasterAccountException',
      `The organization trail ${trail.arn} can be changed only by the management account ${trail.accountId}; account ${ctx.accountId} is a member.`,
    );
  }
  if (options.homeRegionOnly && trail.homeRegion !== ctx.region) {
    throw new CloudTrailError(
      'InvalidHomeRegionException',
      `This operation must be called from the trail's home region ${trail.homeRegion}; it was called from ${ctx.region}.`,
    );
  }
  return trail;
}

/**
 * AWS: trail names are unique per account and Region; a multi-Region trail takes its name in every
 * Region of its partition. Returns the trail whose name a trail `name` in `region` would clash with.
 */
export function conflictingTrail(
  ctx: OperationContext,
  name: string,
  region: string,
  isMultiRegionTrail: boolean,
  except?: TrailRecord,
): TrailRecord | undefined {
  for (const trail of ctx.store.trails.values()) {
    if (trail === except || trail.name !== name) continue;
    if (coversRegion(trail, region)) return trail;
    if (isMultiRegionTrail && partitionOf(trail.homeRegion) === partitionOf(region)) return trail;
  }
  return undefined;
}
