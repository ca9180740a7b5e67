import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  CloudTrailARNInvalidException,
  type CloudTrailClient,
  CreateTrailCommand,
  EventDataStoreARNInvalidException,
  EventDataStoreNotFoundException,
  InactiveEventDataStoreException,
  InvalidParameterException,
  InvalidTagParameterException,
  ListTagsCommand,
  OperationNotPermittedException,
  RemoveTagsCommand,
  ResourceNotFoundException,
  ResourceTypeNotSupportedException,
  TagsLimitExceededException,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { EventDataStoreRecord } from '../../src/emulator/store.js';
import { clientFor, emulatorWithClients } from '../helpers/emulator.js';
import { createTrail, ACCOUNT as account } from '../helpers/trails.js';

let emulator: RunningEmulator;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  ({ emulator, east, west } = await emulatorWithClients());
});
afterAll(() => emulator.close());

let arn: string;
beforeEach(async () => {
  emulator.store.reset();
  arn = await createTrail(east, 'audit');
});

const tagsOf = async (client: CloudTrailClient, id: string) =>
  (await client.send(new ListTagsCommand({ ResourceIdList: [id] }))).ResourceTagList?.[0].TagsList;

/** Event data stores are created by their own operations; these tests need only one to exist in the store. */
function seedEventDataStore(id: string, status: EventDataStoreRecord['status'] = 'ENABLED', target = emulator): string {
  const storeArn = `arn:aws:cloudtrail:us-east-1:${account}:eventdatastore/${id}`;
  const now = new Date();
  target.store.account(account).eventDataStores.set(storeArn, {
    arn: storeArn,
    name: id,
    region: 'us-east-1',
    status,
    advancedEventSelectors: [],
    multiRegionEnabled: false,
    organizationEnabled: false,
    retentionPeriod: 2557,
    terminationProtectionEnabled: true,
    createdTimestamp: now,
    updatedTimestamp: now,
    billingMode: 'EXTENDABLE_RETENTION_PRICING',
    insightSelectors: [],
  });
  return storeArn;
}

describe('AddTags', () => {
  it('CreateTrail stores its TagsList on the new trail', async () => {
    const { TrailARN } = await east.send(
      new CreateTrailCommand({ Name: 'tagged', S3BucketName: 'audit-logs', TagsList: [{ Key: 'team', Value: 'security' }] }),
    );
    expect(await tagsOf(east, TrailARN!)).toEqual([{ Key: 'team', Value: 'security' }]);
  });

  it('adds tags, overwrites the value of an existing key, and keeps a key without a value', async () => {
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team', Value: 'ops' }, { Key: 'env', Value: 'prod' }] }));
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team', Value: 'security' }, { Key: 'audited' }] }));
    expect(await tagsOf(east, arn)).toEqual([{ Key: 'team', Value: 'security' }, { Key: 'env', Value: 'prod' }, { Key: 'audited' }]);
  });

  it('refuses a change that would leave more than 50 tags with TagsLimitExceededException', async () => {
    const first = Array.from({ length: 30 }, (_, i) => ({ Key: `a${i}`, Value: 'v' }));
    const second = Array.from({ length: 21 }, (_, i) => ({ Key: `b${i}`, Value: 'v' }));
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: first }));
    await expect(east.send(new AddTagsCommand({ ResourceId: arn, TagsList: second }))).rejects.toBeInstanceOf(TagsLimitExceededException);
    expect(await tagsOf(east, arn)).toHaveLength(30);
  });

  it('allows exactly 50 tags, counting an overwritten key once', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: fifty }));
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'k0', Value: 'changed' }] }));
    expect(await tagsOf(east, arn)).toHaveLength(50);
  });

  it.each([
    ['a key longer than 128 characters', [{ Key: 'k'.repeat(129), Value: 'v' }]],
    ['a value longer than 256 characters', [{ Key: 'k', Value: 'v'.repeat(257) }]],
    ['an empty key', [{ Key: '', Value: 'v' }]],
    ['a key reserved for AWS', [{ Key: 'aws:createdBy', Value: 'v' }]],
    ['a duplicate key', [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }]],
  ])('refuses %s with InvalidTagParameterException', async (_what, TagsList) => {
    await expect(east.send(new AddTagsCommand({ ResourceId: arn, TagsList }))).rejects.toBeInstanceOf(InvalidTagParameterException);
  });

  it('accepts a key of exactly 128 and a value of exactly 256 characters', async () => {
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] }));
    expect(await tagsOf(east, arn)).toHaveLength(1);
  });

  it('tags an event data store', async () => {
    const storeArn = seedEventDataStore('EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE');
    await east.send(new AddTagsCommand({ ResourceId: storeArn, TagsList: [{ Key: 'team', Value: 'lake' }] }));
    expect(await tagsOf(east, storeArn)).toEqual([{ Key: 'team', Value: 'lake' }]);
  });

  it('answers a store pending deletion with InactiveEventDataStoreException', async () => {
    const storeArn = seedEventDataStore('deleted-store', 'PENDING_DELETION');
    await expect(east.send(new AddTagsCommand({ ResourceId: storeArn, TagsList: [{ Key: 'k' }] }))).rejects.toBeInstanceOf(
      InactiveEventDataStoreException,
    );
  });

  it('tags a multi-Region trail only from its home Region (OperationNotPermittedException elsewhere)', async () => {
    const { TrailARN } = await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await expect(west.send(new AddTagsCommand({ ResourceId: TrailARN, TagsList: [{ Key: 'k' }] }))).rejects.toBeInstanceOf(
      OperationNotPermittedException,
    );
  });

  it('answers unknown and malformed resources with their documented exceptions', async () => {
    const tags = [{ Key: 'k', Value: 'v' }];
    const send = (ResourceId: string) => east.send(new AddTagsCommand({ ResourceId, TagsList: tags }));
    await expect(send(`arn:aws:cloudtrail:us-east-1:${account}:trail/nothing-here`)).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(send(`arn:aws:cloudtrail:us-east-1:${account}:trail/my--trail`)).rejects.toBeInstanceOf(CloudTrailARNInvalidException);
    await expect(send('audit')).rejects.toBeInstanceOf(CloudTrailARNInvalidException);
    await expect(send('arn:aws:s3:::audit-logs')).rejects.toBeInstanceOf(ResourceTypeNotSupportedException);
    await expect(send(`arn:aws:cloudtrail:us-east-1:${account}:eventdatastore/no-such-store`)).rejects.toBeInstanceOf(
      EventDataStoreNotFoundException,
    );
    await expect(send(`arn:aws:cloudtrail:us-east-1:${account}:eventdatastore/bad id!`)).rejects.toBeInstanceOf(
      EventDataStoreARNInvalidException,
    );
  });
});

describe('RemoveTags', () => {
  it('removes the listed keys and ignores keys the resource does not have', async () => {
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team', Value: 'ops' }, { Key: 'env', Value: 'prod' }] }));
    await east.send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team' }, { Key: 'absent' }] }));
    expect(await tagsOf(east, arn)).toEqual([{ Key: 'env', Value: 'prod' }]);
  });

  it('answers an unknown trail with ResourceNotFoundException', async () => {
    await expect(
      east.send(new RemoveTagsCommand({ ResourceId: `arn:aws:cloudtrail:us-east-1:${account}:trail/nothing-here`, TagsList: [{ Key: 'k' }] })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses an invalid key with InvalidTagParameterException', async () => {
    await expect(east.send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: '' }] }))).rejects.toBeInstanceOf(
      InvalidTagParameterException,
    );
  });
});

describe('ListTags', () => {
  it('answers one ResourceTag per ARN in request order, with an empty list for an untagged resource', async () => {
    const { TrailARN: other } = await east.send(new CreateTrailCommand({ Name: 'other', S3BucketName: 'audit-logs' }));
    await east.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team', Value: 'ops' }] }));
    const out = await east.send(new ListTagsCommand({ ResourceIdList: [other!, arn] }));
    expect(out.ResourceTagList).toEqual([
      { ResourceId: other, TagsList: [] },
      { ResourceId: arn, TagsList: [{ Key: 'team', Value: 'ops' }] },
    ]);
  });

  it('reads the tags of a multi-Region trail from any Region', async () => {
    const { TrailARN } = await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await east.send(new AddTagsCommand({ ResourceId: TrailARN, TagsList: [{ Key: 'scope', Value: 'all' }] }));
    expect(await tagsOf(west, TrailARN!)).toEqual([{ Key: 'scope', Value: 'all' }]);
  });

  it('does not see a single-Region trail of another Region: ResourceNotFoundException', async () => {
    await expect(west.send(new ListTagsCommand({ ResourceIdList: [arn] }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses more than 20 ARNs with InvalidParameterException', async () => {
    const ids = Array.from({ length: 21 }, () => arn);
    await expect(east.send(new ListTagsCommand({ ResourceIdList: ids }))).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('answers all 20 resources of a full ResourceIdList in one response, with no NextToken, whatever the page size', async () => {
    // AWS: ResourceIdList "has a limit of 20 ARNs"; ListTags' NextToken is "Reserved for future use".
    const small = await startEmulator({ pageSize: 2 });
    try {
      const client = clientFor(small, 'us-east-1');
      const { TrailARN } = await client.send(
        new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', TagsList: [{ Key: 'team', Value: 'ops' }] }),
      );
      const stores = Array.from({ length: 19 }, (_, i) => seedEventDataStore(`store-${String(i).padStart(2, '0')}`, 'ENABLED', small));
      const ids = [...stores, TrailARN!];
      const out = await client.send(new ListTagsCommand({ ResourceIdList: ids }));
      expect(out.ResourceTagList?.map((r) => r.ResourceId)).toEqual(ids);
      expect(out.ResourceTagList?.at(-1)).toEqual({ ResourceId: TrailARN, TagsList: [{ Key: 'team', Value: 'ops' }] });
      expect(out.NextToken).toBeUndefined();
    } finally {
      await small.close();
    }
  });
});
