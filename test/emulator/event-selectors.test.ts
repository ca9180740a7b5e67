import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CloudTrailARNInvalidException,
  type CloudTrailClient,
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  InvalidEventSelectorsException,
  InvalidHomeRegionException,
  InvalidTrailNameException,
  PutEventSelectorsCommand,
  TrailNotFoundException,
  type AdvancedEventSelector,
  type EventSelector,
} from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorWithClients } from '../helpers/emulator.js';
import { createTrail, ACCOUNT as account, trailArn } from '../helpers/trails.js';

let emulator: RunningEmulator;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  ({ emulator, east, west } = await emulatorWithClients());
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.store.reset();
  await createTrail(east, 'audit');
});

const auditArn = trailArn('us-east-1', 'audit');

const s3DataEvents: AdvancedEventSelector = {
  Name: 'S3 data events',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
  ],
};
const managementEvents: AdvancedEventSelector = {
  Name: 'Management events',
  FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
};

const putBasic = (EventSelectors: EventSelector[], client = east, TrailName = 'audit') =>
  client.send(new PutEventSelectorsCommand({ TrailName, EventSelectors }));
const putAdvanced = (AdvancedEventSelectors: AdvancedEventSelector[], client = east, TrailName = 'audit') =>
  client.send(new PutEventSelectorsCommand({ TrailName, AdvancedEventSelectors }));

describe('GetEventSelectors', () => {
  it('reports the AWS default for a new trail: all management events, read and write, no data events', async () => {
    const out = await east.send(new GetEventSelectorsCommand({ TrailName: 'audit' }));
    expect(out.TrailARN).toBe(auditArn);
    expect(out.EventSelectors).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
    ]);
    expect(out.AdvancedEventSelectors).toBeUndefined();
  });

  it('finds the trail by ARN too', async () => {
    const out = await east.send(new GetEventSelectorsCommand({ TrailName: auditArn }));
    expect(out.TrailARN).toBe(auditArn);
  });

  it('answers from another Region for a multi-Region trail, and TrailNotFoundException for a single-Region one', async () => {
    await east.send(new CreateTrailCommand({ Name: 'org-wide', S3BucketName: 'logs', IsMultiRegionTrail: true }));
    const out = await west.send(new GetEventSelectorsCommand({ TrailName: 'org-wide' }));
    expect(out.TrailARN).toBe(`arn:aws:cloudtrail:us-east-1:${account}:trail/org-wide`);
    await expect(west.send(new GetEventSelectorsCommand({ TrailName: 'audit' }))).rejects.toBeInstanceOf(TrailNotFoundException);
  });

  it('refuses an invalid trail name with InvalidTrailNameException and a malformed ARN with CloudTrailARNInvalidException', async () => {
    await expect(east.send(new GetEventSelectorsCommand({ TrailName: 'my--trail' }))).rejects.toBeInstanceOf(InvalidTrailNameException);
    await expect(east.send(new GetEventSelectorsCommand({ TrailName: 'arn:aws:cloudtrail:nowhere' }))).rejects.toBeInstanceOf(
      CloudTrailARNInvalidException,
    );
  });
});

describe('PutEventSelectors with basic selectors', () => {
  it('stores the selectors with defaults filled in and marks the trail as having custom selectors', async () => {
    const out = await putBasic([
      { ReadWriteType: 'WriteOnly' },
      { IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::invoices/'] }] },
    ]);
    const expected = [
      { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: false,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::invoices/'] }],
        ExcludeManagementEventSources: [],
      },
    ];
    expect(out).toMatchObject({ TrailARN: auditArn, EventSelectors: expected });
    expect((await east.send(new GetEventSelectorsCommand({ TrailName: 'audit' }))).EventSelectors).toEqual(expected);
    expect((await east.send(new GetTrailCommand({ Name: 'audit' }))).Trail?.HasCustomEventSelectors).toBe(true);
  });

  it('accepts 5 selectors and refuses 6 (AWS: at most five event selectors per trail)', async () => {
    await putBasic(Array.from({ length: 5 }, () => ({ ReadWriteType: 'All' as const })));
    await expect(putBasic(Array.from({ length: 6 }, () => ({ ReadWriteType: 'All' as const })))).rejects.toBeInstanceOf(
      InvalidEventSelectorsException,
    );
  });

  it('refuses an empty list of selectors', async () => {
    await expect(putBasic([])).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it('accepts 250 data resources across selectors and refuses 251', async () => {
    const arns = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${from + i}/`);
    await putBasic([
      { DataResources: [{ Type: 'AWS::S3::Object', Values: arns(200) }] },
      { DataResources: [{ Type: 'AWS::S3::Object', Values: arns(50, 200) }] },
    ]);
    await expect(
      putBasic([
        { DataResources: [{ Type: 'AWS::S3::Object', Values: arns(200) }] },
        { DataResources: [{ Type: 'AWS::S3::Object', Values: arns(51, 200) }] },
      ]),
    ).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it('refuses a ReadWriteType outside All, ReadOnly and WriteOnly', async () => {
    await expect(putBasic([{ ReadWriteType: 'read-only' as 'ReadOnly' }])).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it('refuses data resource types that need advanced selectors, and values of another service', async () => {
    await expect(
      putBasic([{ DataResources: [{ Type: 'AWS::SNS::Topic', Values: ['arn:aws:sns:us-east-1:123456789012:alerts'] }] }]),
    ).rejects.toBeInstanceOf(InvalidEventSelectorsException);
    await expect(
      putBasic([{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:s3:::bucket/'] }] }]),
    ).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it('accepts excluding KMS and RDS Data API events but no other source', async () => {
    await putBasic([{ ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }]);
    await expect(putBasic([{ ExcludeManagementEventSources: ['s3.amazonaws.com'] }])).rejects.toBeInstanceOf(
      InvalidEventSelectorsException,
    );
  });
});

describe('PutEventSelectors with advanced selectors', () => {
  it('replaces basic selectors, and basic selectors replace advanced ones', async () => {
    await putBasic([{ ReadWriteType: 'ReadOnly' }]);
    const advanced = await putAdvanced([managementEvents, s3DataEvents]);
    expect(advanced.AdvancedEventSelectors).toEqual([managementEvents, s3DataEvents]);
    expect(advanced.EventSelectors).toBeUndefined();
    const afterAdvanced = await east.send(new GetEventSelectorsCommand({ TrailName: 'audit' }));
    expect(afterAdvanced).toMatchObject({ AdvancedEventSelectors: [managementEvents, s3DataEvents] });
    expect(afterAdvanced.EventSelectors).toBeUndefined();

    await putBasic([{ ReadWriteType: 'WriteOnly' }]);
    const afterBasic = await east.send(new GetEventSelectorsCommand({ TrailName: 'audit' }));
    expect(afterBasic.AdvancedEventSelectors).toBeUndefined();
    expect(afterBasic.EventSelectors?.[0]?.ReadWriteType).toBe('WriteOnly');
  });

  it('refuses basic and advanced selectors in one request', async () => {
    await expect(
      east.send(new PutEventSelectorsCommand({ TrailName: 'audit', EventSelectors: [{}], AdvancedEventSelectors: [managementEvents] })),
    ).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it('refuses a request with neither kind of selector', async () => {
    await expect(east.send(new PutEventSelectorsCommand({ TrailName: 'audit' }))).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it('accepts 500 condition values and refuses 501', async () => {
    // One eventCategory value plus one resources.type value, plus ARN prefixes to reach the total.
    const withArns = (n: number): AdvancedEventSelector => ({
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        { Field: 'resources.ARN', StartsWith: Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${i}/`) },
      ],
    });
    await putAdvanced([withArns(498)]);
    await expect(putAdvanced([withArns(499)])).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });

  it.each([
    ['no eventCategory condition', [{ FieldSelectors: [{ Field: 'readOnly', Equals: ['true'] }] }]],
    ['eventCategory with an operator other than Equals', [{ FieldSelectors: [{ Field: 'eventCategory', StartsWith: ['Manage'] }] }]],
    ['an event category only event data stores have', [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }]],
    ['a data selector without resources.type', [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }]],
    [
      'readOnly with a value other than true or false',
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['yes'] }] }],
    ],
    [
      'a field management events on trails cannot filter on',
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventName', Equals: ['RunInstances'] }] }],
    ],
    ['an unknown field', [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'colour', Equals: ['red'] }] }]],
    ['a field selector without an operator', [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource' }] }]],
    ['a selector without field selectors', [{ FieldSelectors: [] }]],
  ])('refuses %s with InvalidEventSelectorsException', async (_why, selectors) => {
    await expect(putAdvanced(selectors as AdvancedEventSelector[])).rejects.toBeInstanceOf(InvalidEventSelectorsException);
  });
});

describe('PutEventSelectors and the trail', () => {
  it('must be called from the trail home Region: InvalidHomeRegionException elsewhere', async () => {
    await east.send(new CreateTrailCommand({ Name: 'org-wide', S3BucketName: 'logs', IsMultiRegionTrail: true }));
    await expect(putBasic([{ ReadWriteType: 'All' }], west, 'org-wide')).rejects.toBeInstanceOf(InvalidHomeRegionException);
  });

  it('answers an unknown trail with TrailNotFoundException and an invalid name with InvalidTrailNameException', async () => {
    await expect(putBasic([{}], east, 'missing')).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(putBasic([{}], east, '-bad-')).rejects.toBeInstanceOf(InvalidTrailNameException);
  });
});
