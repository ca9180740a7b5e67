import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CloudTrailARNInvalidException,
  type CloudTrailClient,
  CreateTrailCommand,
  GetTrailCommand,
  InvalidParameterCombinationException,
  InvalidS3BucketNameException,
  InvalidTagParameterException,
  InvalidTrailNameException,
  MaximumNumberOfTrailsExceededException,
  OrganizationsNotInUseException,
  TagsLimitExceededException,
  TrailAlreadyExistsException,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, withEmulator } from '../helpers/emulator.js';

let emulator: RunningEmulator;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  emulator = await withEmulator();
  east = clientFor(emulator, 'us-east-1');
  west = clientFor(emulator, 'us-west-2');
});
afterAll(() => emulator.close());
beforeEach(() => emulator.store.reset());

const account = '123456789012';

describe('CreateTrail', () => {
  it('creates a single-Region trail with the AWS defaults and returns its ARN', async () => {
    const out = await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    expect(out).toMatchObject({
      Name: 'audit',
      S3BucketName: 'audit-logs',
      TrailARN: `arn:aws:cloudtrail:us-east-1:${account}:trail/audit`,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: false,
      LogFileValidationEnabled: false,
      IsOrganizationTrail: false,
    });
  });

  it('reports an SNS topic name as the topic ARN in the trail Region and a KMS key ID as the key ARN', async () => {
    const out = await west.send(
      new CreateTrailCommand({
        Name: 'audit',
        S3BucketName: 'audit-logs',
        SnsTopicName: 'deliveries',
        KmsKeyId: '12345678-1234-1234-1234-123456789012',
      }),
    );
    expect(out.SnsTopicARN).toBe(`arn:aws:sns:us-west-2:${account}:deliveries`);
    expect(out.KmsKeyId).toBe(`arn:aws:kms:us-west-2:${account}:key/12345678-1234-1234-1234-123456789012`);
  });

  it.each([
    ['ab', 'shorter than 3 characters'],
    ['a'.repeat(129), 'longer than 128 characters'],
    ['my--namespace', 'adjacent dashes'],
    ['my-_namespace', 'a dash next to an underscore'],
    ['-trail', 'starting with a dash'],
    ['trail.', 'ending with a period'],
    ['my trail', 'containing a space'],
    ['192.168.5.4', 'formatted as an IP address'],
  ])('refuses the name %j (%s) with InvalidTrailNameException', async (name) => {
    await expect(east.send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-logs' }))).rejects.toBeInstanceOf(
      InvalidTrailNameException,
    );
  });

  it.each([
    ['Audit-Logs', 'uppercase letters'],
    ['ab', 'shorter than 3 characters'],
    ['my..bucket', 'adjacent periods'],
    ['10.0.0.1', 'formatted as an IP address'],
    ['', 'empty'],
  ])('refuses the bucket %j (%s) with InvalidS3BucketNameException', async (bucket) => {
    await expect(east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: bucket }))).rejects.toBeInstanceOf(
      InvalidS3BucketNameException,
    );
  });

  it('refuses a second trail with the same name in the same Region with TrailAlreadyExistsException', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await expect(east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'other-logs' }))).rejects.toBeInstanceOf(
      TrailAlreadyExistsException,
    );
  });

  it('allows the same name for single-Region trails in two Regions', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    const out = await west.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    expect(out.TrailARN).toBe(`arn:aws:cloudtrail:us-west-2:${account}:trail/audit`);
  });

  it('refuses a name a multi-Region trail already takes in the Region with TrailAlreadyExistsException', async () => {
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await expect(west.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs' }))).rejects.toBeInstanceOf(
      TrailAlreadyExistsException,
    );
  });

  it('refuses a multi-Region trail whose name a trail of another Region has with TrailAlreadyExistsException', async () => {
    await west.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await expect(
      east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', IsMultiRegionTrail: true })),
    ).rejects.toBeInstanceOf(TrailAlreadyExistsException);
  });

  it('lets exactly one of many concurrent CreateTrail calls with the same name succeed', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 25 }, () => east.send(new CreateTrailCommand({ Name: 'race', S3BucketName: 'audit-logs' }))),
    );
    const succeeded = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a) => a.status === 'rejected');
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(24);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TrailAlreadyExistsException);
  });

  it('refuses a multi-Region trail without global service events with InvalidParameterCombinationException', async () => {
    await expect(
      east.send(
        new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('refuses a CloudWatch Logs role without a log group with InvalidParameterCombinationException', async () => {
    await expect(
      east.send(
        new CreateTrailCommand({
          Name: 'audit',
          S3BucketName: 'audit-logs',
          CloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/CloudTrail_CloudWatchLogs_Role`,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('refuses an organization trail from an account outside any organization with OrganizationsNotInUseException', async () => {
    await expect(
      east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', IsOrganizationTrail: true })),
    ).rejects.toBeInstanceOf(OrganizationsNotInUseException);
  });

  it('refuses a sixth trail in a Region with MaximumNumberOfTrailsExceededException', async () => {
    for (let i = 1; i <= 5; i++) await east.send(new CreateTrailCommand({ Name: `trail-${i}`, S3BucketName: 'audit-logs' }));
    await expect(east.send(new CreateTrailCommand({ Name: 'trail-6', S3BucketName: 'audit-logs' }))).rejects.toBeInstanceOf(
      MaximumNumberOfTrailsExceededException,
    );
  });

  it('refuses more than 50 tags with TagsLimitExceededException', async () => {
    const TagsList = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', TagsList }))).rejects.toBeInstanceOf(
      TagsLimitExceededException,
    );
  });

  it('refuses duplicate tag keys with InvalidTagParameterException', async () => {
    const TagsList = [
      { Key: 'team', Value: 'a' },
      { Key: 'team', Value: 'b' },
    ];
    await expect(east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', TagsList }))).rejects.toBeInstanceOf(
      InvalidTagParameterException,
    );
  });
});

describe('GetTrail', () => {
  it('returns the trail by name with its home Region and the default selector flags', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', S3KeyPrefix: 'ct' }));
    const { Trail } = await east.send(new GetTrailCommand({ Name: 'audit' }));
    expect(Trail).toEqual({
      Name: 'audit',
      S3BucketName: 'audit-logs',
      S3KeyPrefix: 'ct',
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: false,
      HomeRegion: 'us-east-1',
      TrailARN: `arn:aws:cloudtrail:us-east-1:${account}:trail/audit`,
      LogFileValidationEnabled: false,
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
      IsOrganizationTrail: false,
      RecursiveLogging: true,
    });
  });

  it('returns the trail by ARN, also from another Region', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    const arn = `arn:aws:cloudtrail:us-east-1:${account}:trail/audit`;
    const { Trail } = await west.send(new GetTrailCommand({ Name: arn }));
    expect(Trail?.HomeRegion).toBe('us-east-1');
  });

  it('finds a multi-Region trail by name in another Region, reporting its home Region', async () => {
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    const { Trail } = await west.send(new GetTrailCommand({ Name: 'everywhere' }));
    expect(Trail).toMatchObject({ HomeRegion: 'us-east-1', IsMultiRegionTrail: true });
  });

  it('does not find a single-Region trail of another Region by name: TrailNotFoundException', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await expect(west.send(new GetTrailCommand({ Name: 'audit' }))).rejects.toBeInstanceOf(TrailNotFoundException);
  });

  it('answers an unknown trail with TrailNotFoundException', async () => {
    await expect(east.send(new GetTrailCommand({ Name: 'nothing-here' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(
      east.send(new GetTrailCommand({ Name: `arn:aws:cloudtrail:us-east-1:${account}:trail/nothing-here` })),
    ).rejects.toBeInstanceOf(TrailNotFoundException);
  });

  it('answers an invalid name with InvalidTrailNameException', async () => {
    await expect(east.send(new GetTrailCommand({ Name: 'my--namespace' }))).rejects.toBeInstanceOf(InvalidTrailNameException);
  });

  it.each([
    'arn:aws:cloudtrail:us-east-1:12345:trail/audit',
    'arn:aws:cloudtrail:us-east-1:123456789012:bucket/audit',
    'arn:aws:s3:::audit-logs',
    'arn:aws:cloudtrail:not-a-region:123456789012:trail/audit',
    'arn:aws-cn:cloudtrail:us-east-1:123456789012:trail/audit',
  ])('answers the malformed ARN %s with CloudTrailARNInvalidException', async (arn) => {
    await expect(east.send(new GetTrailCommand({ Name: arn }))).rejects.toBeInstanceOf(CloudTrailARNInvalidException);
  });
});
