/**
 * AWS Region codes and the partition each belongs to. A region code is a geography, one or more
 * words and a number: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`, `cn-north-1`, `eu-central-2`.
 */
const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

/** The ARN partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, `aws` elsewhere. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}
