import { describe, expect, it } from 'vitest';
import {
  arnService,
  checkEventDataStoreArn,
  checkTrailArn,
  checkTrailNameOrArn,
  parseCloudTrailArn,
  trailArn,
} from '../../src/rules/arn.js';
import { isRegionCode, partitionOf } from '../../src/rules/region.js';

describe('trail ARNs', () => {
  it('builds the documented format arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail', () => {
    expect(trailArn('us-east-2', '123456789012', 'MyTrail')).toBe('arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail');
  });

  it('uses the partition of China and GovCloud Regions', () => {
    expect(trailArn('cn-north-1', '123456789012', 'T1x')).toBe('arn:aws-cn:cloudtrail:cn-north-1:123456789012:trail/T1x');
    expect(trailArn('us-gov-west-1', '123456789012', 'T1x')).toBe('arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:trail/T1x');
  });

  it('parses the parts of a trail ARN', () => {
    expect(parseCloudTrailArn('arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail')).toEqual({
      partition: 'aws',
      region: 'us-east-2',
      accountId: '123456789012',
      kind: 'trail',
      id: 'MyTrail',
    });
  });

  it('accepts the documented example', () => {
    expect(checkTrailArn('arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail')).toBeUndefined();
  });

  it.each([
    ['arn:aws:cloudtrail:us-east-2:12345678901:trail/MyTrail', 'an 11-digit account'],
    ['arn:aws:cloudtrail:us-east-2:123456789012:trail/', 'no name'],
    ['arn:aws:cloudtrail:us-east-2:123456789012:trail/my--trail', 'an invalid trail name'],
    ['arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/abc', 'another resource type'],
    ['arn:aws:cloudtrail::123456789012:trail/MyTrail', 'no Region'],
    ['arn:aws:cloudtrail:useast2:123456789012:trail/MyTrail', 'a malformed Region'],
    ['arn:aws-cn:cloudtrail:us-east-2:123456789012:trail/MyTrail', 'a partition that is not the Region\'s'],
    ['arn:aws:s3:::my-bucket', 'another service'],
    ['arn:aws:cloudtrail:us-east-2:123456789012:trail', 'no resource separator'],
  ])('refuses %s (%s) with CloudTrailARNInvalidException', (arn) => {
    expect(checkTrailArn(arn)?.type).toBe('CloudTrailARNInvalidException');
  });
});

describe('checkTrailNameOrArn', () => {
  it('treats a value starting arn: as an ARN and anything else as a name', () => {
    expect(checkTrailNameOrArn('arn:aws:cloudtrail:us-east-2:1:trail/x')?.type).toBe('CloudTrailARNInvalidException');
    expect(checkTrailNameOrArn('my--trail')?.type).toBe('InvalidTrailNameException');
    expect(checkTrailNameOrArn('MyTrail')).toBeUndefined();
    expect(checkTrailNameOrArn('arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail')).toBeUndefined();
  });
});

describe('event data store ARNs and other ARNs', () => {
  it('accepts the documented event data store ARN and refuses a malformed one', () => {
    expect(
      checkEventDataStoreArn('arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE'),
    ).toBeUndefined();
    expect(checkEventDataStoreArn('arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/bad id')?.type).toBe(
      'EventDataStoreARNInvalidException',
    );
    expect(checkEventDataStoreArn('arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail')?.type).toBe(
      'EventDataStoreARNInvalidException',
    );
  });

  it('reads the service of any ARN', () => {
    expect(arnService('arn:aws:s3:::my-bucket')).toBe('s3');
    expect(arnService('arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail')).toBe('cloudtrail');
    expect(arnService('MyTrail')).toBeUndefined();
  });
});

describe('Region codes', () => {
  it.each(['us-east-1', 'ap-southeast-2', 'eu-central-2', 'us-gov-west-1', 'cn-northwest-1', 'il-central-1'])('accepts %s', (r) => {
    expect(isRegionCode(r)).toBe(true);
  });

  it.each(['', 'us-east', 'US-EAST-1', 'useast1', 'us_east_1'])('refuses %j', (r) => {
    expect(isRegionCode(r)).toBe(false);
  });

  it('maps Regions to partitions', () => {
    expect(partitionOf('eu-west-1')).toBe('aws');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-east-1')).toBe('aws-us-gov');
  });
});
