import DataLoader from 'dataloader';
import {
  EventDataStoreNotFoundException,
  InactiveEventDataStoreException,
  ListTagsCommand,
  ResourceNotFoundException,
  type Tag,
} from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import { groupByRegion, regionOfArn } from '../aws/arn-region.js';

/** AWS: ListTags' ResourceIdList "has a limit of 20 ARNs". */
export const LIST_TAGS_MAX_ARNS = 20;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Failures of ListTags caused by one resource of the list, which fail the whole call: a trail
 * deleted since it was listed (ResourceNotFoundException), an event data store deleted
 * (EventDataStoreNotFoundException) or pending deletion (InactiveEventDataStoreException).
 */
function isOneResourceFailure(error: unknown): boolean {
  return (
    error instanceof ResourceNotFoundException ||
    error instanceof EventDataStoreNotFoundException ||
    error instanceof InactiveEventDataStoreException
  );
}

/** ListTags over `arns` (at most 20, one region), following NextToken; tags by ARN. */
async function listTags(cloudTrail: CloudTrailApi, arns: string[], region: string): Promise<Map<string, Tag[]>> {
  const tagsByArn = new Map<string, Tag[]>();
  // AWS documents ListTags' NextToken as "reserved for future use"; follow it should one come.
  let nextToken: string | undefined;
  do {
    const out = await cloudTrail.send(
      new ListTagsCommand({ ResourceIdList: arns, NextToken: nextToken }),
      region === '' ? undefined : region,
    );
    for (const resource of out.ResourceTagList ?? []) {
      if (resource.ResourceId) tagsByArn.set(resource.ResourceId, resource.TagsList ?? []);
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return tagsByArn;
}

/**
 * Tags by resource ARN (trails and event data stores). ARNs asked for in one tick are grouped by the
 * region they name (ListTags lists resources "in the current Region") and sent 20 to a call.
 * A resource ListTags does not mention has no tags.
 *
 * One resource that no longer exists (or is pending deletion) fails ListTags for all 20; the batch
 * is then retried one ARN per call, so only that resource's tags fail, with CloudTrail's error: an
 * empty list would claim that a resource AWS no longer knows has no tags. This costs one more call
 * per ARN of the batch, only when such a failure happens.
 */
export function createTagsLoader(cloudTrail: CloudTrailApi): DataLoader<string, Tag[]> {
  return new DataLoader(async (arns) => {
    const tagsByArn = new Map<string, Tag[] | Error>();
    const record = (found: Map<string, Tag[]>) => found.forEach((tags, arn) => tagsByArn.set(arn, tags));
    const calls = [...groupByRegion(arns, (arn) => regionOfArn(arn) ?? '')].flatMap(([region, group]) =>
      chunks(group, LIST_TAGS_MAX_ARNS).map(async (chunk) => {
        try {
          record(await listTags(cloudTrail, chunk, region));
        } catch (error) {
          if (chunk.length > 1 && isOneResourceFailure(error)) {
            // One after the other: up to 20 calls at once would burst against CloudTrail's per-second quota.
            for (const arn of chunk) {
              try {
                record(await listTags(cloudTrail, [arn], region));
              } catch (alone) {
                tagsByArn.set(arn, alone as Error);
              }
            }
            return;
          }
          for (const arn of chunk) tagsByArn.set(arn, error as Error);
        }
      }),
    );
    await Promise.all(calls);
    return arns.map((arn) => tagsByArn.get(arn) ?? []);
  });
}
