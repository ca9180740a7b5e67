/**
 * The region part of a CloudTrail ARN (`arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail`).
 * CloudTrail resources are regional and their ARN names the home region, so calls about a resource
 * go to that region. Undefined when the string is not an ARN with a region.
 */
export function regionOfArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  const region = parts[3];
  return region ? region : undefined;
}

/** Groups keys by the region their ARN names, keeping their order inside each group. */
export function groupByRegion<Key>(keys: readonly Key[], regionOf: (key: Key) => string): Map<string, Key[]> {
  const groups = new Map<string, Key[]>();
  for (const key of keys) {
    const region = regionOf(key);
    const group = groups.get(region);
    if (group) group.push(key);
    else groups.set(region, [key]);
  }
  return groups;
}
