import type { ResourceTag, Tag } from '@aws-sdk/client-cloudtrail';
import { CloudTrailError } from '../errors.js';
import { arnService, checkEventDataStoreArn, checkTrailArn, parseCloudTrailArn, trailArn } from '../../rules/arn.js';
import { checkTagCount, checkTags, MAX_RESOURCES_PER_LIST_TAGS } from '../../rules/tags.js';
import { optionalObjectList, optionalString, optionalStringList, reject } from './input.js';
import { coversRegion } from './trail-lookup.js';
import type { OperationContext, OperationHandler, OperationInput, OperationTable } from './types.js';

/**
 * AddTags, RemoveTags and ListTags on trails and event data stores, addressed by ARN.
 * Channels and dashboards are not emulated: their well-formed ARNs are answered as not found.
 */

type TagOperation = 'AddTags' | 'RemoveTags' | 'ListTags';

/**
 * Resolves a taggable resource ARN for the caller's Region and returns its store key.
 * AWS (AddTags): a trail or event data store that applies to all Regions is tagged only from its
 * home Region; AddTags and RemoveTags document no InvalidHomeRegionException, so elsewhere the
 * change is OperationNotPermittedException.
 */
function resolveResource(ctx: OperationContext, resourceId: unknown, operation: TagOperation): string {
  if (typeof resourceId !== 'string' || resourceId === '') {
    throw new CloudTrailError('CloudTrailARNInvalidException', 'ResourceId must be the ARN of a trail or event data store.');
  }
  const service = arnService(resourceId);
  if (service !== undefined && service !== 'cloudtrail') {
    throw new CloudTrailError('ResourceTypeNotSupportedException', `CloudTrail does not tag ${service} resources: ${resourceId}.`);
  }
  const arn = parseCloudTrailArn(resourceId);
  const changes = operation !== 'ListTags';
  const fromOtherRegion = (homeRegion: string): void => {
    if (changes && homeRegion !== ctx.region) {
      throw new CloudTrailError(
        'OperationNotPermittedException',
        `Tags of ${resourceId} can be changed only from its home Region ${homeRegion}.`,
      );
    }
  };

  if (arn?.kind === 'eventdatastore') {
    reject(checkEventDataStoreArn(resourceId));
    if (arn.accountId !== ctx.accountId) {
      throw new CloudTrailError('EventDataStoreARNInvalidException', `${resourceId} does not map to an event data store in account ${ctx.accountId}.`);
    }
    const store = ctx.store.eventDataStores.get(resourceId);
    if (!store || (store.region !== ctx.region && !store.multiRegionEnabled)) {
      throw new CloudTrailError('EventDataStoreNotFoundException', `The event data store ${resourceId} does not exist.`);
    }
    if (store.status === 'PENDING_DELETION') {
      throw new CloudTrailError('InactiveEventDataStoreException', `The event data store ${resourceId} is pending deletion.`);
    }
    fromOtherRegion(store.region);
    return store.arn;
  }
  if (arn?.kind === 'channel') {
    throw new CloudTrailError(changes ? 'ChannelNotFoundException' : 'ResourceNotFoundException', `The channel ${resourceId} does not exist.`);
  }
  if (arn?.kind === 'dashboard') {
    throw new CloudTrailError('ResourceNotFoundException', `The dashboard ${resourceId} does not exist.`);
  }
  reject(checkTrailArn(resourceId));
  const trail = arn && arn.accountId === ctx.accountId ? ctx.store.trails.get(trailArn(arn.region, arn.accountId, arn.id)) : undefined;
  if (!trail || !coversRegion(trail, ctx.region)) {
    throw new CloudTrailError('ResourceNotFoundException', `Resource not found: ${resourceId}.`);
  }
  fromOtherRegion(trail.homeRegion);
  return trail.arn;
}

function readTagsList(input: OperationInput): Record<string, unknown>[] {
  const tags = optionalObjectList(input, 'TagsList', 'InvalidTagParameterException');
  if (tags === undefined) throw new CloudTrailError('InvalidTagParameterException', 'TagsList is required.');
  reject(checkTags(tags));
  return tags;
}

/**
 * AWS AddTags: overwrites the value of an existing key; a key without a value gets a null value.
 * The resource keeps at most 50 tags (TagsLimitExceededException).
 */
const AddTags: OperationHandler = (input, ctx) => {
  const key = resolveResource(ctx, input.ResourceId, 'AddTags');
  const additions = readTagsList(input);
  const merged = new Map((ctx.store.tags.get(key) ?? []).map((t) => [t.Key as string, t]));
  for (const t of additions) {
    merged.set(t.Key as string, typeof t.Value === 'string' ? { Key: t.Key as string, Value: t.Value } : { Key: t.Key as string });
  }
  reject(checkTagCount(merged.size));
  ctx.store.tags.set(key, [...merged.values()]);
  return {};
};

/** AWS RemoveTags: removes the listed keys; keys the resource does not have are ignored. */
const RemoveTags: OperationHandler = (input, ctx) => {
  const key = resolveResource(ctx, input.ResourceId, 'RemoveTags');
  const removed = new Set(readTagsList(input).map((t) => t.Key as string));
  const kept = (ctx.store.tags.get(key) ?? []).filter((t) => !removed.has(t.Key as string));
  if (kept.length > 0) ctx.store.tags.set(key, kept);
  else ctx.store.tags.delete(key);
  return {};
};

/**
 * AWS ListTags: the tags of up to 20 resources, one ResourceTag per resource, in request order, all
 * in one response. The SDK model documents ListTags' NextToken, in the request and in the response,
 * as "Reserved for future use": the answer is never paged, and a NextToken sent is checked to be a
 * string and otherwise ignored.
 */
const ListTags: OperationHandler = (input, ctx) => {
  const ids = optionalStringList(input, 'ResourceIdList', 'CloudTrailARNInvalidException');
  if (ids === undefined || ids.length === 0) {
    throw new CloudTrailError('InvalidParameterException', 'ResourceIdList must name at least one resource.');
  }
  if (ids.length > MAX_RESOURCES_PER_LIST_TAGS) {
    throw new CloudTrailError('InvalidParameterException', `ResourceIdList has a limit of ${MAX_RESOURCES_PER_LIST_TAGS} ARNs; got ${ids.length}.`);
  }
  optionalString(input, 'NextToken', 'InvalidTokenException');
  const resources: ResourceTag[] = ids.map((id) => {
    const key = resolveResource(ctx, id, 'ListTags');
    const tags: Tag[] = ctx.store.tags.get(key) ?? [];
    return { ResourceId: id, TagsList: tags.map((t) => ({ ...t })) };
  });
  return { ResourceTagList: resources };
};

export const tagOperations: OperationTable = { AddTags, RemoveTags, ListTags };
