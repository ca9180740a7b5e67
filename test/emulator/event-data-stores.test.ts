import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CloudTrailClient,
  CreateEventDataStoreCommand,
  DeleteEventDataStoreCommand,
  EventDataStoreAlreadyExistsException,
  EventDataStoreARNInvalidException,
  EventDataStoreMaxLimitExceededException,
  EventDataStoreNotFoundException,
  EventDataStoreTerminationProtectedException,
  GetEventDataStoreCommand,
  InactiveEventDataStoreException,
  InvalidEventDataStoreCategoryException,
  InvalidEventDataStoreStatusException,
  InvalidEventSelectorsException,
  InvalidKmsKeyIdException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidTagParameterException,
  KmsException,
  ListEventDataStoresCommand,
  ListTagsCommand,
  OrganizationsNotInUseException,
  RestoreEventDataStoreCommand,
  StartEventDataStoreIngestionCommand,
  StopEventDataStoreIngestionCommand,
  UpdateEventDataStoreCommand,
} from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorWithClients } from '../helpers/emulator.js';
import { ACCOUNT as account } from '../helpers/trails.js';

let emulator: RunningEmulator;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  ({ emulator, east, west } = await emulatorWithClients({ now: new Date('2026-03-01T12:00:00Z') }));
});
afterAll(() => emulator.close());
beforeEach(() => emulator.store.reset());

const EDS_ARN = new RegExp(`^arn:aws:cloudtrail:us-east-1:${account}:eventdatastore/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);
const insightsSelectors = [{ Name: 'Insights events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }];

async function create(name: string, extra: Record<string, unknown> = {}, client = east) {
  const out = await client.send(new CreateEventDataStoreCommand({ Name: name, TerminationProtectionEnabled: false, ...extra }));
  return out.EventDataStoreArn!;
}

const idOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

describe('CreateEventDataStore', () => {
  it('creates a store with the AWS defaults: all management events, multi-Region, 366 days, termination protection', async () => {
    const out = await east.send(new CreateEventDataStoreCommand({ Name: 'lake' }));
    expect(out.EventDataStoreArn).toMatch(EDS_ARN);
    expect(out).toMatchObject({
      Name: 'lake',
      Status: 'CREATED',
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
      MultiRegionEnabled: true,
      OrganizationEnabled: false,
      RetentionPeriod: 366,
      TerminationProtectionEnabled: true,
      BillingMode: 'EXTENDABLE_RETENTION_PRICING',
      CreatedTimestamp: new Date('2026-03-01T12:00:00Z'),
      UpdatedTimestamp: new Date('2026-03-01T12:00:00Z'),
    });
    const got = await east.send(new GetEventDataStoreCommand({ EventDataStore: out.EventDataStoreArn }));
    expect(got.Status).toBe('ENABLED');
  });

  it('defaults the retention to 2557 days with fixed retention pricing', async () => {
    const out = await east.send(new CreateEventDataStoreCommand({ Name: 'fixed', BillingMode: 'FIXED_RETENTION_PRICING' }));
    expect(out.RetentionPeriod).toBe(2557);
  });

  it('keeps the given selectors, tags and KMS key (as a key ARN), and starts stopped when StartIngestion is false', async () => {
    const selectors = [
      {
        Name: 'S3 writes',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
    ];
    const out = await east.send(
      new CreateEventDataStoreCommand({
        Name: 's3-writes',
        AdvancedEventSelectors: selectors,
        TagsList: [{ Key: 'team', Value: 'security' }],
        KmsKeyId: '12345678-1234-1234-1234-123456789012',
        StartIngestion: false,
      }),
    );
    expect(out.AdvancedEventSelectors).toEqual(selectors);
    expect(out.TagsList).toEqual([{ Key: 'team', Value: 'security' }]);
    expect(out.KmsKeyId).toBe(`arn:aws:kms:us-east-1:${account}:key/12345678-1234-1234-1234-123456789012`);
    const got = await east.send(new GetEventDataStoreCommand({ EventDataStore: out.EventDataStoreArn }));
    expect(got.Status).toBe('STOPPED_INGESTION');
    const tags = await east.send(new ListTagsCommand({ ResourceIdList: [out.EventDataStoreArn!] }));
    expect(tags.ResourceTagList?.[0]?.TagsList).toEqual([{ Key: 'team', Value: 'security' }]);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(129)],
    ['a space', 'my lake'],
    ['a slash', 'my/lake'],
  ])('refuses a name with %s with InvalidParameterException', async (_why, name) => {
    await expect(east.send(new CreateEventDataStoreCommand({ Name: name }))).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('accepts names of exactly 3 and 128 characters', async () => {
    await create('abc');
    await create('b'.repeat(128));
  });

  it.each([
    ['below 7 days', 6, 'EXTENDABLE_RETENTION_PRICING'],
    ['above 3653 days', 3654, 'EXTENDABLE_RETENTION_PRICING'],
    ['above 2557 days with fixed pricing', 2558, 'FIXED_RETENTION_PRICING'],
  ] as const)('refuses a retention period %s with InvalidParameterException', async (_why, days, billing) => {
    await expect(
      east.send(new CreateEventDataStoreCommand({ Name: 'lake', RetentionPeriod: days, BillingMode: billing })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('accepts the retention bounds 7 and 3653 days', async () => {
    await create('short', { RetentionPeriod: 7 });
    await create('long', { RetentionPeriod: 3653 });
  });

  it('refuses a second store with the same name in the Region, but not in another Region', async () => {
    await create('lake');
    await expect(create('lake')).rejects.toBeInstanceOf(EventDataStoreAlreadyExistsException);
    await expect(create('lake', {}, west)).resolves.toMatch(/:us-west-2:/);
  });

  it('refuses an 11th store in a Region, counting stores pending deletion', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 10; i++) arns.push(await create(`lake-${i}`));
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: arns[0] }));
    await expect(create('lake-10')).rejects.toBeInstanceOf(EventDataStoreMaxLimitExceededException);
    await expect(create('lake-10', {}, west)).resolves.toBeDefined();
  });

  it('refuses invalid advanced event selectors with InvalidEventSelectorsException', async () => {
    const noCategory = [{ FieldSelectors: [{ Field: 'readOnly', Equals: ['true'] }] }];
    await expect(create('lake', { AdvancedEventSelectors: noCategory })).rejects.toBeInstanceOf(InvalidEventSelectorsException);
    const six = Array.from({ length: 6 }, () => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }));
    await expect(create('lake', { AdvancedEventSelectors: six })).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it('refuses a malformed KMS key with InvalidKmsKeyIdException', async () => {
    await expect(create('lake', { KmsKeyId: 'not a key' })).rejects.toBeInstanceOf(InvalidKmsKeyIdException);
  });

  it('refuses tags with a reserved aws: key with InvalidTagParameterException', async () => {
    await expect(create('lake', { TagsList: [{ Key: 'aws:owner', Value: 'x' }] })).rejects.toBeInstanceOf(InvalidTagParameterException);
  });

  it('refuses an organization event data store: the account is in no organization', async () => {
    await expect(create('lake', { OrganizationEnabled: true })).rejects.toBeInstanceOf(OrganizationsNotInUseException);
  });
});

describe('GetEventDataStore', () => {
  it('finds a store by ARN and by the ID suffix of the ARN', async () => {
    const arn = await create('lake', { RetentionPeriod: 90 });
    const byArn = await east.send(new GetEventDataStoreCommand({ EventDataStore: arn }));
    const byId = await east.send(new GetEventDataStoreCommand({ EventDataStore: idOf(arn) }));
    expect(byArn).toMatchObject({ EventDataStoreArn: arn, Name: 'lake', RetentionPeriod: 90, FederationStatus: 'DISABLED' });
    expect(byId.EventDataStoreArn).toBe(arn);
  });

  it('answers an unknown ID with EventDataStoreNotFoundException', async () => {
    await expect(
      east.send(new GetEventDataStoreCommand({ EventDataStore: '00000000-0000-4000-8000-000000000000' })),
    ).rejects.toBeInstanceOf(EventDataStoreNotFoundException);
  });

  it('does not find a store from another Region', async () => {
    const arn = await create('lake');
    await expect(west.send(new GetEventDataStoreCommand({ EventDataStore: idOf(arn) }))).rejects.toBeInstanceOf(
      EventDataStoreNotFoundException,
    );
  });

  it.each([
    ['an ARN of another resource type', `arn:aws:cloudtrail:us-east-1:${account}:trail/audit`],
    ['an ARN of another account', `arn:aws:cloudtrail:us-east-1:210987654321:eventdatastore/00000000-0000-4000-8000-000000000000`],
    ['a value with characters outside the pattern', 'lake store'],
    ['a value shorter than 3 characters', 'ab'],
  ])('answers %s with EventDataStoreARNInvalidException', async (_why, ref) => {
    await expect(east.send(new GetEventDataStoreCommand({ EventDataStore: ref }))).rejects.toBeInstanceOf(
      EventDataStoreARNInvalidException,
    );
  });
});

describe('ListEventDataStores', () => {
  it('lists the stores of the caller Region with ARN and name only', async () => {
    const a = await create('alpha');
    await create('beta', {}, west);
    const out = await east.send(new ListEventDataStoresCommand({}));
    expect(out.EventDataStores).toEqual([{ EventDataStoreArn: a, Name: 'alpha' }]);
    expect(out.NextToken).toBeUndefined();
  });

  it('pages by MaxResults and walks every store exactly once', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push(await create(`lake-${i}`));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await east.send(new ListEventDataStoresCommand({ MaxResults: 2, NextToken: token }));
      seen.push(...(out.EventDataStores ?? []).map((s) => s.EventDataStoreArn!));
      token = out.NextToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(created);
  });

  it('refuses a NextToken with other parameters than it was issued for', async () => {
    for (let i = 0; i < 3; i++) await create(`lake-${i}`);
    const first = await east.send(new ListEventDataStoresCommand({ MaxResults: 1 }));
    await expect(east.send(new ListEventDataStoresCommand({ MaxResults: 2, NextToken: first.NextToken }))).rejects.toBeInstanceOf(
      InvalidNextTokenException,
    );
  });

  it.each([0, 1001])('refuses MaxResults %s with InvalidMaxResultsException', async (max) => {
    await expect(east.send(new ListEventDataStoresCommand({ MaxResults: max }))).rejects.toBeInstanceOf(InvalidMaxResultsException);
  });
});

describe('UpdateEventDataStore', () => {
  it('changes the given settings only and moves UpdatedTimestamp', async () => {
    const arn = await create('lake', { RetentionPeriod: 90 });
    emulator.store.account(account).eventDataStores.get(arn)!.updatedTimestamp = new Date('2026-01-01T00:00:00Z');
    const out = await east.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, Name: 'lake-renamed', RetentionPeriod: 400 }));
    expect(out).toMatchObject({ Name: 'lake-renamed', RetentionPeriod: 400, MultiRegionEnabled: true, Status: 'ENABLED' });
    expect(out.UpdatedTimestamp).toEqual(new Date('2026-03-01T12:00:00Z'));
  });

  it('needs at least one setting to change', async () => {
    const arn = await create('lake');
    await expect(east.send(new UpdateEventDataStoreCommand({ EventDataStore: arn }))).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('refuses a name another store in the Region has', async () => {
    await create('alpha');
    const beta = await create('beta');
    await expect(east.send(new UpdateEventDataStoreCommand({ EventDataStore: beta, Name: 'alpha' }))).rejects.toBeInstanceOf(
      EventDataStoreAlreadyExistsException,
    );
  });

  it('allows fixed to extendable pricing but not extendable to fixed', async () => {
    const fixed = await create('fixed', { BillingMode: 'FIXED_RETENTION_PRICING' });
    const out = await east.send(new UpdateEventDataStoreCommand({ EventDataStore: fixed, BillingMode: 'EXTENDABLE_RETENTION_PRICING' }));
    expect(out.BillingMode).toBe('EXTENDABLE_RETENTION_PRICING');
    const extendable = await create('extendable');
    await expect(
      east.send(new UpdateEventDataStoreCommand({ EventDataStore: extendable, BillingMode: 'FIXED_RETENTION_PRICING' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('refuses a retention above 2557 days on a fixed-pricing store', async () => {
    const fixed = await create('fixed', { BillingMode: 'FIXED_RETENTION_PRICING' });
    await expect(east.send(new UpdateEventDataStoreCommand({ EventDataStore: fixed, RetentionPeriod: 3000 }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it('refuses to change a KMS key once set', async () => {
    const arn = await create('lake', { KmsKeyId: '12345678-1234-1234-1234-123456789012' });
    await expect(
      east.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, KmsKeyId: '87654321-4321-4321-4321-210987654321' })),
    ).rejects.toBeInstanceOf(KmsException);
  });

  it('refuses to update a store pending deletion with InactiveEventDataStoreException', async () => {
    const arn = await create('lake');
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    await expect(east.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, RetentionPeriod: 30 }))).rejects.toBeInstanceOf(
      InactiveEventDataStoreException,
    );
  });
});

describe('DeleteEventDataStore and RestoreEventDataStore', () => {
  it('moves the store to PENDING_DELETION, where it is still described and listed', async () => {
    const arn = await create('lake');
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: idOf(arn) }));
    const got = await east.send(new GetEventDataStoreCommand({ EventDataStore: arn }));
    expect(got.Status).toBe('PENDING_DELETION');
    const listed = await east.send(new ListEventDataStoresCommand({}));
    expect(listed.EventDataStores?.map((s) => s.EventDataStoreArn)).toEqual([arn]);
  });

  it('refuses to delete a store with termination protection', async () => {
    const out = await east.send(new CreateEventDataStoreCommand({ Name: 'protected' }));
    await expect(east.send(new DeleteEventDataStoreCommand({ EventDataStore: out.EventDataStoreArn }))).rejects.toBeInstanceOf(
      EventDataStoreTerminationProtectedException,
    );
    await east.send(new UpdateEventDataStoreCommand({ EventDataStore: out.EventDataStoreArn, TerminationProtectionEnabled: false }));
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: out.EventDataStoreArn }));
  });

  it('answers a second delete with InactiveEventDataStoreException', async () => {
    const arn = await create('lake');
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    await expect(east.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }))).rejects.toBeInstanceOf(
      InactiveEventDataStoreException,
    );
  });

  it('restores a deleted store to the status it had, stopped ingestion included', async () => {
    const arn = await create('lake', { StartIngestion: false });
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    const restored = await east.send(new RestoreEventDataStoreCommand({ EventDataStore: arn }));
    expect(restored).toMatchObject({ EventDataStoreArn: arn, Name: 'lake', Status: 'STOPPED_INGESTION' });
  });

  it('refuses to restore a store that is not pending deletion', async () => {
    const arn = await create('lake');
    await expect(east.send(new RestoreEventDataStoreCommand({ EventDataStore: arn }))).rejects.toBeInstanceOf(
      InvalidEventDataStoreStatusException,
    );
  });

  it('answers an unknown store with EventDataStoreNotFoundException', async () => {
    await expect(
      east.send(new DeleteEventDataStoreCommand({ EventDataStore: '00000000-0000-4000-8000-000000000000' })),
    ).rejects.toBeInstanceOf(EventDataStoreNotFoundException);
  });
});

describe('StartEventDataStoreIngestion and StopEventDataStoreIngestion', () => {
  it('stops an ENABLED store and starts a STOPPED_INGESTION one', async () => {
    const arn = await create('lake');
    await east.send(new StopEventDataStoreIngestionCommand({ EventDataStore: arn }));
    expect((await east.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).toBe('STOPPED_INGESTION');
    await east.send(new StartEventDataStoreIngestionCommand({ EventDataStore: arn }));
    expect((await east.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).toBe('ENABLED');
  });

  it('refuses to start an ENABLED store or stop a stopped one', async () => {
    const arn = await create('lake');
    await expect(east.send(new StartEventDataStoreIngestionCommand({ EventDataStore: arn }))).rejects.toBeInstanceOf(
      InvalidEventDataStoreStatusException,
    );
    await east.send(new StopEventDataStoreIngestionCommand({ EventDataStore: arn }));
    await expect(east.send(new StopEventDataStoreIngestionCommand({ EventDataStore: arn }))).rejects.toBeInstanceOf(
      InvalidEventDataStoreStatusException,
    );
  });

  it('refuses a store pending deletion', async () => {
    const arn = await create('lake');
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    await expect(east.send(new StopEventDataStoreIngestionCommand({ EventDataStore: arn }))).rejects.toBeInstanceOf(
      InvalidEventDataStoreStatusException,
    );
  });

  it('refuses an Insights event data store with InvalidEventDataStoreCategoryException', async () => {
    const arn = await create('insights', { AdvancedEventSelectors: insightsSelectors });
    await expect(east.send(new StopEventDataStoreIngestionCommand({ EventDataStore: arn }))).rejects.toBeInstanceOf(
      InvalidEventDataStoreCategoryException,
    );
  });
});
