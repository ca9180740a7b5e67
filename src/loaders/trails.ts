import DataLoader from 'dataloader';
import { DescribeTrailsCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import { groupByRegion } from '../aws/arn-region.js';

/** A trail asked for by name or ARN, in the region whose DescribeTrails answers for it. */
export interface TrailKey {
  /** For an ARN, the region the ARN names; for a name, the region the trail lives in. */
  region: string;
  nameOrArn: string;
}

function cacheKey(key: TrailKey): string {
  return `${key.region} ${key.nameOrArn}`;
}

function matches(trail: Trail, key: TrailKey): boolean {
  if (trail.TrailARN === key.nameOrArn) return true;
  // AWS: names only match trails of the current region and account; other regions need the ARN.
  return trail.Name === key.nameOrArn && (trail.HomeRegion === undefined || trail.HomeRegion === key.region);
}

/**
 * Trails by name or ARN: every key asked for in one tick goes into one DescribeTrails call per
 * region (`trailNameList` takes names and ARNs mixed). Results prime the cache under both the ARN
 * and the name, so `node(id:)`, `trail(nameOrArn:)` and connection nodes share one fetch.
 * Resolves to null for a trail DescribeTrails does not return (it omits unknown trails).
 */
export function createTrailLoader(cloudTrail: CloudTrailApi): DataLoader<TrailKey, Trail | null, string> {
  const loader: DataLoader<TrailKey, Trail | null, string> = new DataLoader(
    async (keys) => {
      const found = new Map<string, Trail | null>();
      await Promise.all(
        [...groupByRegion(keys, (k) => k.region)].map(async ([region, group]) => {
          const names = [...new Set(group.map((k) => k.nameOrArn))];
          const { trailList = [] } = await cloudTrail.send(
            new DescribeTrailsCommand({ trailNameList: names, includeShadowTrails: true }),
            region,
          );
          for (const key of group) found.set(cacheKey(key), trailList.find((t) => matches(t, key)) ?? null);
          for (const trail of trailList) primeTrail(loader, trail);
        }),
      );
      return keys.map((key) => found.get(cacheKey(key)) ?? null);
    },
    { cacheKeyFn: cacheKey },
  );
  return loader;
}

/** Caches a trail already in hand under its ARN (home region) and its name (home region). */
export function primeTrail(loader: DataLoader<TrailKey, Trail | null, string>, trail: Trail): void {
  if (!trail.HomeRegion) return;
  if (trail.TrailARN) loader.prime({ region: trail.HomeRegion, nameOrArn: trail.TrailARN }, trail);
  if (trail.Name) loader.prime({ region: trail.HomeRegion, nameOrArn: trail.Name }, trail);
}
