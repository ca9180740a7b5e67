import DataLoader from 'dataloader';
import { ListTagsCommand, type Tag } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import { groupByRegion, regionOfArn } from './arn-region.js';

/** AWS: ListTags' ResourceIdList "has a limit of 20 ARNs". */
export const LIST_TAGS_MAX_ARNS = 20;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Tags by resource ARN (trails and event data stores). ARNs asked for in one tick are grouped by the
 * region they name (ListTags lists resources "in the current Region") and sent 20 to a call.
 * A resource ListTags does not mention has no tags.
 */
export function createTagsLoader(cloudTrail: CloudTrailApi): DataLoader<string, Tag[]> {
  return new DataLoader(async (arns) => {
    const tagsByArn = new Map<string, Tag[] | Error>();
    const calls = [...groupByRegion(arns, (arn) => regionOfArn(arn) ?? '')].flatMap(([region, group]) =>
      chunks(group, LIST_TAGS_MAX_ARNS).map(async (chunk) => {
        try {
          // AWS documents ListTags' NextToken as "reserved for future use"; follow it should one come.
          let nextToken: string | undefined;
          do {
            const out = await cloudTrail.send(
              new ListTagsCommand({ ResourceIdList: chunk, NextToken: nextToken }),
              region === '' ? undefined : region,
            );
            for (const resource of out.ResourceTagList ?? []) {
              if (resource.ResourceId) tagsByArn.set(resource.ResourceId, resource.TagsList ?? []);
            }
            nextToken = out.NextToken;
          } while (nextToken);
        } catch (error) {
          for (const arn of chunk) tagsByArn.set(arn, error as Error);
        }
      }),
    );
    await Promise.all(calls);
    return arns.map((arn) => tagsByArn.get(arn) ?? []);
  });
}
