import type { Tag } from '@aws-sdk/client-cloudtrail';
import { CloudTrailError } from '../errors.js';
import type { TrailRecord } from '../store.js';
import { page } from '../paging.js';
import { checkTrailArn, looksLikeArn, parseCloudTrailArn, trailArn } from '../../rules/arn.js';
import { checkTrailName } from '../../rules/trail-name.js';
import { partitionOf } from '../../rules/region.js';
import { checkTagCount, checkTags } from '../../rules/tags.js';
import { checkTrailCount } from '../../rules/trail-settings.js';
import { optionalBoolean, optionalObjectList, optionalString, optionalStringList, reject } from './input.js';
import {
  organizationTrailByArn,
  conflictingTrail,
  coversRegion,
  defaultEventSelectors,
  findTrail,
  toTrail,
  trailsOfAccount,
  trailsVisibleIn,
} from './trail-lookup.js';
import { readTrailSettings, settingsResponse, type TrailSettings } from './trail-settings.js';
import type { OperationContext, OperationHandler, OperationInput, OperationTable } from './types.js';

export { findTrail, toTrail, hasCustomEventSelectors, defaultEventSelectors, trailsVisibleIn } from './trail-lookup.js';
export type { FindTrailOptions } from './trail-lookup.js';

/** AWS CreateTrail defaults: global service events on, single-Region, no log file validation. */
const DEFAULT_SETTINGS: TrailSettings = {
  s3BucketName: '',
  includeGlobalServiceEvents: true,
  isMultiRegionTrail: false,
  logFileValidationEnabled: false,
  isOrganizationTrail: false,
};

function readTags(input: OperationInput): Tag[] {
  const tags = optionalObjectList(input, 'TagsList', 'InvalidTagParameterException') ?? [];
  reject(checkTags(tags));
  reject(checkTagCount(tags.length));
  return tags.map((t) => (typeof t.Value === 'string' ? { Key: t.Key as string, Value: t.Value } : { Key: t.Key as string }));
}

/**
 * AWS quota: 5 trails per Region. A multi-Region trail counts in every Region of its partition,
 * so it is checked against each Region where trails live.
 */
function checkQuota(ctx: OperationContext, homeRegion: string, isMultiRegionTrail: boolean, except?: TrailRecord): void {
  const trails = [...ctx.store.trails.values()].filter((t) => t !== except);
  const regions = new Set([homeRegion]);
  if (isMultiRegionTrail) {
    for (const t of trails) if (partitionOf(t.homeRegion) === partitionOf(homeRegion)) regions.add(t.homeRegion);
  }
  for (const region of regions) {
    reject(checkTrailCount(trails.filter((t) => coversRegion(t, region)).length, region));
  }
}

const CreateTrail: OperationHandler = (input, ctx) => {
  const name = input.Name;
  reject(checkTrailName(name));
  if (input.S3BucketName === undefined || input.S3BucketName === null) {
    throw new CloudTrailError('InvalidS3BucketNameException', 'S3BucketName is required.');
  }
  const settings = readTrailSettings(input, ctx, ctx.region, DEFAULT_SETTINGS);
  const tags = readTags(input);
  const trailName = name as string;
  const existing = conflictingTrail(ctx, trailName, ctx.region, settings.isMultiRegionTrail);
  if (existing) {
    throw new CloudTrailError('TrailAlreadyExistsException', `Trail ${existing.arn} already exists for customer: ${ctx.accountId}.`);
  }
  checkQuota(ctx, ctx.region, settings.isMultiRegionTrail);

  const trail: TrailRecord = {
    ...settings,
    name: trailName,
    arn: trailArn(ctx.region, ctx.accountId, trailName),
    homeRegion: ctx.region,
    accountId: ctx.accountId,
    eventSelectors: defaultEventSelectors(),
    insightSelectors: [],
    // AWS: a trail created through the API does not log until StartLogging.
    isLogging: false,
    createdAt: ctx.clock.now(),
  };
  ctx.store.trails.set(trail.arn, trail);
  if (tags.length > 0) ctx.store.tags.set(trail.arn, tags);
  return settingsResponse(trail);
};

const GetTrail: OperationHandler = (input, ctx) => ({ Trail: toTrail(findTrail(ctx, input.Name)) });

const UpdateTrail: OperationHandler = (input, ctx) => {
  const trail = findTrail(ctx, input.Name, { homeRegionOnly: true });
  const settings = readTrailSettings(input, ctx, trail.homeRegion, trail);
  if (settings.isMultiRegionTrail && !trail.isMultiRegionTrail) {
    // AWS: turning a trail multi-Region replicates it into every Region, where its name must be free.
    // UpdateTrail documents no TrailAlreadyExistsException: the clash is a parameter combination.
    const clash = conflictingTrail(ctx, trail.name, trail.homeRegion, true, trail);
    if (clash) {
      throw new CloudTrailError(
        'InvalidParameterCombinationException',
        `Trail ${trail.name} cannot become multi-Region: trail ${clash.arn} has the same name in a Region it would cover.`,
      );
    }
    checkQuota(ctx, trail.homeRegion, true, trail);
  }
  Object.assign(trail, settings);
  return settingsResponse(trail);
};

const DeleteTrail: OperationHandler = (input, ctx) => {
  const trail = findTrail(ctx, input.Name, { homeRegionOnly: true });
  ctx.store.trails.delete(trail.arn);
  ctx.store.tags.delete(trail.arn);
  return {};
};

/**
 * AWS DescribeTrails: without names, the trails of the current Region and (unless
 * includeShadowTrails is false) the shadows of multi-Region trails homed elsewhere. Names match
 * only trails homed in the current Region; ARNs find a trail of any Region. Unknown names are
 * left out rather than refused.
 */
const DescribeTrails: OperationHandler = (input, ctx) => {
  const names = optionalStringList(input, 'trailNameList', 'InvalidTrailNameException') ?? [];
  const includeShadowTrails = optionalBoolean(input, 'includeShadowTrails') ?? true;
  if (names.length === 0) return { trailList: trailsVisibleIn(ctx, includeShadowTrails).map(toTrail) };

  const found = new Map<string, TrailRecord>();
  for (const nameOrArn of names) {
    let trail: TrailRecord | undefined;
    if (looksLikeArn(nameOrArn)) {
      reject(checkTrailArn(nameOrArn));
      const arn = parseCloudTrailArn(nameOrArn);
      if (arn && arn.accountId === ctx.accountId) trail = ctx.store.trails.get(trailArn(arn.region, arn.accountId, arn.id));
      else if (arn) trail = organizationTrailByArn(ctx, trailArn(arn.region, arn.accountId, arn.id));
    } else {
      reject(checkTrailName(nameOrArn));
      trail = ctx.store.trails.get(trailArn(ctx.region, ctx.accountId, nameOrArn));
    }
    if (trail) found.set(trail.arn, trail);
  }
  return { trailList: [...found.values()].map(toTrail) };
};

/**
 * AWS ListTrails: every trail of the account, whatever its home Region, in any Region asked; a page
 * of `ctx.pageSize` at a time. A NextToken stays bound to the Region that issued it: each Region is
 * its own endpoint, and AWS documents no token shared between them.
 */
const ListTrails: OperationHandler = (input, ctx) => {
  const token = optionalString(input, 'NextToken', 'InvalidNextTokenException');
  const trails = trailsOfAccount(ctx).map((t) => ({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion }));
  const result = page('ListTrails', { region: ctx.region }, trails, token, ctx.pageSize);
  return { Trails: result.items, NextToken: result.nextToken };
};

export const trailOperations: OperationTable = {
  CreateTrail,
  GetTrail,
  UpdateTrail,
  DeleteTrail,
  DescribeTrails,
  ListTrails,
};
