import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CloudTrailARNInvalidException,
  type CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailCommand,
  InvalidHomeRegionException,
  InvalidKmsKeyIdException,
  InvalidS3PrefixException,
  InvalidSnsTopicNameException,
  ListTagsCommand,
  ListTrailsCommand,
  ResourceNotFoundException,
  UpdateTrailCommand,
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
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, emulatorWithClients } from '../helpers/emulator.js';
import { ACCOUNT as account } from '../helpers/trails.js';

let emulator: RunningEmulator;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  ({ emulator, east, west } = await emulatorWithClients());
});
afterAll(() => emulator.close());
beforeEach(() => emulator.store.reset());


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

describe('UpdateTrail', () => {
  it('changes only the settings given and returns the updated trail', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', S3KeyPrefix: 'ct' }));
    const out = await east.send(
      new UpdateTrailCommand({ Name: 'audit', S3BucketName: 'new-logs', EnableLogFileValidation: true }),
    );
    expect(out).toMatchObject({ Name: 'audit', S3BucketName: 'new-logs', S3KeyPrefix: 'ct', LogFileValidationEnabled: true });
    const { Trail } = await east.send(new GetTrailCommand({ Name: 'audit' }));
    expect(Trail).toMatchObject({ S3BucketName: 'new-logs', S3KeyPrefix: 'ct', LogFileValidationEnabled: true });
  });

  it('clears the S3 key prefix when given an empty string', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', S3KeyPrefix: 'ct' }));
    await east.send(new UpdateTrailCommand({ Name: 'audit', S3KeyPrefix: '' }));
    const { Trail } = await east.send(new GetTrailCommand({ Name: 'audit' }));
    expect(Trail?.S3KeyPrefix).toBeUndefined();
  });

  it('turns a trail multi-Region, so that other Regions see its shadow', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await east.send(new UpdateTrailCommand({ Name: 'audit', IsMultiRegionTrail: true }));
    const { Trail } = await west.send(new GetTrailCommand({ Name: 'audit' }));
    expect(Trail).toMatchObject({ IsMultiRegionTrail: true, HomeRegion: 'us-east-1' });
  });

  it('refuses to turn a trail multi-Region when another Region has a trail of that name', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await west.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await expect(east.send(new UpdateTrailCommand({ Name: 'audit', IsMultiRegionTrail: true }))).rejects.toBeInstanceOf(
      InvalidParameterCombinationException,
    );
  });

  it('refuses an update from a Region other than the home Region with InvalidHomeRegionException', async () => {
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await expect(west.send(new UpdateTrailCommand({ Name: 'everywhere', S3BucketName: 'other-logs' }))).rejects.toBeInstanceOf(
      InvalidHomeRegionException,
    );
    await expect(
      west.send(
        new UpdateTrailCommand({ Name: `arn:aws:cloudtrail:us-east-1:${account}:trail/everywhere`, S3BucketName: 'other-logs' }),
      ),
    ).rejects.toBeInstanceOf(InvalidHomeRegionException);
  });

  it('answers an unknown trail with TrailNotFoundException', async () => {
    await expect(east.send(new UpdateTrailCommand({ Name: 'nothing-here', S3BucketName: 'audit-logs' }))).rejects.toBeInstanceOf(
      TrailNotFoundException,
    );
  });

  it.each([
    ['S3BucketName', { S3BucketName: 'Bad_Bucket' }, InvalidS3BucketNameException],
    ['S3KeyPrefix', { S3KeyPrefix: 'p'.repeat(201) }, InvalidS3PrefixException],
    ['SnsTopicName', { SnsTopicName: 'no spaces allowed' }, InvalidSnsTopicNameException],
    ['KmsKeyId', { KmsKeyId: 'not-a-key' }, InvalidKmsKeyIdException],
  ])('refuses an invalid %s with its documented exception', async (_member, change, exception) => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await expect(east.send(new UpdateTrailCommand({ Name: 'audit', ...change }))).rejects.toBeInstanceOf(exception);
  });
});

describe('DeleteTrail', () => {
  it('deletes the trail and its tags', async () => {
    const { TrailARN } = await east.send(
      new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', TagsList: [{ Key: 'team', Value: 'security' }] }),
    );
    await east.send(new DeleteTrailCommand({ Name: 'audit' }));
    await expect(east.send(new GetTrailCommand({ Name: 'audit' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(east.send(new ListTagsCommand({ ResourceIdList: [TrailARN!] }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    // The name is free again.
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    const tags = await east.send(new ListTagsCommand({ ResourceIdList: [TrailARN!] }));
    expect(tags.ResourceTagList?.[0].TagsList).toEqual([]);
  });

  it('deletes by ARN', async () => {
    const { TrailARN } = await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await east.send(new DeleteTrailCommand({ Name: TrailARN }));
    await expect(east.send(new GetTrailCommand({ Name: TrailARN }))).rejects.toBeInstanceOf(TrailNotFoundException);
  });

  it('refuses to delete a multi-Region trail from another Region with InvalidHomeRegionException', async () => {
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await expect(west.send(new DeleteTrailCommand({ Name: 'everywhere' }))).rejects.toBeInstanceOf(InvalidHomeRegionException);
  });

  it('answers an unknown trail with TrailNotFoundException, a bad name with InvalidTrailNameException', async () => {
    await expect(east.send(new DeleteTrailCommand({ Name: 'nothing-here' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(east.send(new DeleteTrailCommand({ Name: 'a' }))).rejects.toBeInstanceOf(InvalidTrailNameException);
    await expect(east.send(new DeleteTrailCommand({ Name: 'arn:aws:cloudtrail:us-east-1:1:trail/x' }))).rejects.toBeInstanceOf(
      CloudTrailARNInvalidException,
    );
  });
});

describe('DescribeTrails', () => {
  beforeEach(async () => {
    await east.send(new CreateTrailCommand({ Name: 'east-only', S3BucketName: 'audit-logs' }));
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await west.send(new CreateTrailCommand({ Name: 'west-only', S3BucketName: 'audit-logs' }));
  });
  const names = (list: { Name?: string }[] | undefined) => (list ?? []).map((t) => t.Name).sort();

  it('lists the Region\'s trails and, by default, shadows of multi-Region trails homed elsewhere', async () => {
    expect(names((await east.send(new DescribeTrailsCommand({}))).trailList)).toEqual(['east-only', 'everywhere']);
    const west_ = await west.send(new DescribeTrailsCommand({}));
    expect(names(west_.trailList)).toEqual(['everywhere', 'west-only']);
    expect(west_.trailList?.find((t) => t.Name === 'everywhere')?.HomeRegion).toBe('us-east-1');
  });

  it('leaves shadow trails out when includeShadowTrails is false', async () => {
    const out = await west.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(names(out.trailList)).toEqual(['west-only']);
  });

  it('matches names only against trails homed in the current Region, and finds other Regions by ARN', async () => {
    const byName = await west.send(new DescribeTrailsCommand({ trailNameList: ['east-only', 'west-only'] }));
    expect(names(byName.trailList)).toEqual(['west-only']);
    const byArn = await west.send(
      new DescribeTrailsCommand({ trailNameList: [`arn:aws:cloudtrail:us-east-1:${account}:trail/east-only`] }),
    );
    expect(names(byArn.trailList)).toEqual(['east-only']);
  });

  it('leaves unknown names out instead of failing', async () => {
    const out = await east.send(new DescribeTrailsCommand({ trailNameList: ['east-only', 'nothing-here'] }));
    expect(names(out.trailList)).toEqual(['east-only']);
  });

  it('refuses an invalid name with InvalidTrailNameException and a malformed ARN with CloudTrailARNInvalidException', async () => {
    await expect(east.send(new DescribeTrailsCommand({ trailNameList: ['my--namespace'] }))).rejects.toBeInstanceOf(
      InvalidTrailNameException,
    );
    await expect(east.send(new DescribeTrailsCommand({ trailNameList: ['arn:aws:cloudtrail:us-east-1:x:trail/a'] }))).rejects.toBeInstanceOf(
      CloudTrailARNInvalidException,
    );
  });
});

describe('ListTrails', () => {
  const info = (region: string, name: string) => ({ Name: name, HomeRegion: region, TrailARN: `arn:aws:cloudtrail:${region}:${account}:trail/${name}` });

  it('lists a single-Region trail homed in us-east-1 to a client in eu-west-1, with its HomeRegion', async () => {
    await east.send(new CreateTrailCommand({ Name: 'east-only', S3BucketName: 'audit-logs' }));
    const eu = clientFor(emulator, 'eu-west-1');
    const out = await eu.send(new ListTrailsCommand({}));
    expect(out.Trails).toEqual([info('us-east-1', 'east-only')]);
    expect(out.NextToken).toBeUndefined();
  });

  it('lists every trail of the account in every Region, each once and in the same order (by ARN)', async () => {
    await west.send(new CreateTrailCommand({ Name: 'west-only', S3BucketName: 'audit-logs' }));
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await east.send(new CreateTrailCommand({ Name: 'east-only', S3BucketName: 'audit-logs' }));
    // AWS: "Lists trails that are in the current account"; a multi-Region trail is one trail, not one per Region.
    const expected = [info('us-east-1', 'east-only'), info('us-east-1', 'everywhere'), info('us-west-2', 'west-only')];
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']) {
      const out = await clientFor(emulator, region).send(new ListTrailsCommand({}));
      expect(out.Trails, `listed in ${region}`).toEqual(expected);
    }
  });

  it('leaves out trails created through another partition, which AWS holds as another account', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    const china = clientFor(emulator, 'cn-north-1');
    await china.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    expect((await west.send(new ListTrailsCommand({}))).Trails).toEqual([info('us-east-1', 'audit')]);
    expect((await china.send(new ListTrailsCommand({}))).Trails?.map((t) => t.TrailARN)).toEqual([
      `arn:aws-cn:cloudtrail:cn-north-1:${account}:trail/audit`,
    ]);
  });

  it('pages with NextToken at the emulator page size, every trail of every Region exactly once', async () => {
    const small = await startEmulator({ pageSize: 2 });
    try {
      const created: string[] = [];
      for (const [region, name] of [['eu-west-1', 'a-1'], ['us-east-1', 'a-2'], ['eu-west-1', 'a-3'], ['us-west-2', 'a-4'], ['us-east-1', 'a-5']]) {
        const { TrailARN } = await clientFor(small, region).send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-logs' }));
        created.push(TrailARN!);
      }
      const client = clientFor(small, 'ap-southeast-2');
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await client.send(new ListTrailsCommand({ NextToken: token }));
        expect(out.Trails!.length).toBeLessThanOrEqual(2);
        seen.push(...out.Trails!.map((t) => t.TrailARN!));
        token = out.NextToken;
        pages++;
      } while (token);
      // Five trails in pages of two.
      expect(pages).toBe(3);
      expect(seen).toEqual([...created].sort());
    } finally {
      await small.close();
    }
  });
});

describe('HasCustomEventSelectors and HasInsightSelectors', () => {
  const trailRecord = () => emulator.store.account(account).trails.get(`arn:aws:cloudtrail:us-east-1:${account}:trail/audit`)!;

  it('are false for a new trail, whose one selector logs all management events', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    expect(trailRecord().eventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }]);
    const { Trail } = await east.send(new GetTrailCommand({ Name: 'audit' }));
    expect(Trail).toMatchObject({ HasCustomEventSelectors: false, HasInsightSelectors: false });
  });

  it.each([
    ['read-only management events', { eventSelectors: [{ ReadWriteType: 'ReadOnly' as const, IncludeManagementEvents: true, DataResources: [] }] }],
    [
      'a data resource',
      {
        eventSelectors: [
          { ReadWriteType: 'All' as const, IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] },
        ],
      },
    ],
    ['advanced selectors', { eventSelectors: undefined, advancedEventSelectors: [{ Name: 'm', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }],
  ])('HasCustomEventSelectors is true with %s', async (_what, change) => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    Object.assign(trailRecord(), change);
    const { Trail } = await east.send(new GetTrailCommand({ Name: 'audit' }));
    expect(Trail?.HasCustomEventSelectors).toBe(true);
  });

  it('HasInsightSelectors is true when the trail has an Insights type', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    trailRecord().insightSelectors = [{ InsightType: 'ApiCallRateInsight' }];
    const { Trail } = await east.send(new GetTrailCommand({ Name: 'audit' }));
    expect(Trail?.HasInsightSelectors).toBe(true);
  });
});
