import { describe, expect, it } from 'vitest';
import { partition } from '@aws-sdk/core/client';
import { isRegionCode, partitionOf } from '../../src/rules/region.js';

/** Region codes AWS publishes (Regions and Zones, and the partitions of the AWS SDKs), one per shape. */
const PUBLISHED_REGIONS = [
  'us-east-1',
  'ap-southeast-7',
  'ca-west-1',
  'il-central-1',
  'mx-central-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-iso-east-1',
  'us-isob-east-1',
  'us-isof-south-1',
  'eu-isoe-west-1',
  'eusc-de-east-1',
];

describe('isRegionCode', () => {
  it.each(PUBLISHED_REGIONS)('accepts the published region %s', (region) => {
    expect(isRegionCode(region)).toBe(true);
  });

  it.each(['', 'moon-1', 'us-east', 'US-EAST-1', 'us_east_1', 'useast-1', 'abcde-east-1', 'us-east-1a', 'us-east-1 ', 'x-east-1'])(
    'refuses %j, which is no region code',
    (value) => {
      expect(isRegionCode(value)).toBe(false);
    },
  );
});

describe('partitionOf', () => {
  // The SDK's own endpoint partitions (partitions.json) are the independent reference.
  it.each(PUBLISHED_REGIONS)('puts %s in the partition the AWS SDK puts it in', (region) => {
    expect(partitionOf(region)).toBe(partition(region).name);
  });

  it.each([
    ['eusc-de-east-1', 'aws-eusc'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['us-iso-east-1', 'aws-iso'],
    ['eu-west-1', 'aws'],
  ])('puts %s in %s', (region, expected) => {
    expect(partitionOf(region)).toBe(expected);
  });
});
