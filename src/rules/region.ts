/**
 * AWS Region codes and the partition each belongs to. A region code is a geography of two to four
 * letters, one or more words and a number: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`,
 * `cn-north-1`, `eusc-de-east-1`, `us-isof-south-1`. The shape is checked, not a list of today's
 * regions, so a region AWS opens tomorrow is accepted without a release.
 */
const REGION_CODE = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

/**
 * The ARN partition of a region, by the region code prefixes of the AWS partitions (the SDK's
 * partitions.json `regionRegex`). Each prefix ends with a hyphen, so none is a prefix of another.
 */
const PARTITION_PREFIXES: [prefix: string, partition: string][] = [
  ['us-gov-', 'aws-us-gov'],
  ['us-iso-', 'aws-iso'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['eusc-', 'aws-eusc'],
  ['cn-', 'aws-cn'],
];

/** The ARN partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, ... `aws` elsewhere. */
export function partitionOf(region: string): string {
  for (const [prefix, partition] of PARTITION_PREFIXES) if (region.startsWith(prefix)) return partition;
  return 'aws';
}
