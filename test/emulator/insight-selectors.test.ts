import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CloudTrailARNInvalidException,
  type CloudTrailClient,
  CreateEventDataStoreCommand,
  CreateTrailCommand,
  DeleteEventDataStoreCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  InsightNotEnabledException,
  InvalidHomeRegionException,
  InvalidInsightSelectorsException,
  InvalidParameterCombinationException,
  InvalidParameterException,
  InvalidTrailNameException,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  TrailNotFoundException,
  UpdateEventDataStoreCommand,
  type AdvancedEventSelector,
  type InsightSelector,
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
const callRate: InsightSelector = { InsightType: 'ApiCallRateInsight' };
const errorRate: InsightSelector = { InsightType: 'ApiErrorRateInsight' };
const managementOnly = { EventCategories: ['Management' as const] };

const putOnTrail = (InsightSelectors: InsightSelector[], client = east, TrailName = 'audit') =>
  client.send(new PutInsightSelectorsCommand({ TrailName, InsightSelectors }));
const hasInsightSelectors = async (name = 'audit') => (await east.send(new GetTrailCommand({ Name: name }))).Trail?.HasInsightSelectors;

const insightEvents: AdvancedEventSelector[] = [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }];
const readManagementEvents: AdvancedEventSelector[] = [
  { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] },
];

async function store(name: string, AdvancedEventSelectors?: AdvancedEventSelector[]) {
  const out = await east.send(new CreateEventDataStoreCommand({ Name: name, AdvancedEventSelectors, TerminationProtectionEnabled: false }));
  return out.EventDataStoreArn!;
}

describe('PutInsightSelectors on a trail', () => {
  it('enables Insights, spells out the Management category, and sets HasInsightSelectors', async () => {
    expect(await hasInsightSelectors()).toBe(false);
    const out = await putOnTrail([callRate, errorRate]);
    const expected = [
      { InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] },
      { InsightType: 'ApiErrorRateInsight', EventCategories: ['Management'] },
    ];
    expect(out).toMatchObject({ TrailARN: auditArn, InsightSelectors: expected });
    expect((await east.send(new GetInsightSelectorsCommand({ TrailName: 'audit' }))).InsightSelectors).toEqual(expected);
    expect(await hasInsightSelectors()).toBe(true);
  });

  it('turns Insights off with an empty list, after which GetInsightSelectors raises InsightNotEnabledException', async () => {
    await putOnTrail([callRate]);
    const out = await putOnTrail([]);
    expect(out.InsightSelectors).toEqual([]);
    expect(await hasInsightSelectors()).toBe(false);
    await expect(east.send(new GetInsightSelectorsCommand({ TrailName: 'audit' }))).rejects.toBeInstanceOf(InsightNotEnabledException);
  });

  it('replaces the event categories with the ones given (Data only turns management Insights off)', async () => {
    await east.send(
      new PutEventSelectorsCommand({
        TrailName: 'audit',
        EventSelectors: [{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }],
      }),
    );
    await putOnTrail([{ ...callRate, EventCategories: ['Management', 'Data'] }]);
    await putOnTrail([{ ...callRate, EventCategories: ['Data'] }]);
    const out = await east.send(new GetInsightSelectorsCommand({ TrailName: 'audit' }));
    expect(out.InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight', EventCategories: ['Data'] }]);
  });

  it('refuses ApiCallRateInsight when the trail logs no write management events', async () => {
    await east.send(new PutEventSelectorsCommand({ TrailName: 'audit', EventSelectors: [{ ReadWriteType: 'ReadOnly' }] }));
    await expect(putOnTrail([callRate])).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
    // AWS: API error rate Insights need read or write management events; read-only is enough.
    await expect(putOnTrail([errorRate])).resolves.toBeDefined();
  });

  it('refuses ApiErrorRateInsight when the trail logs no management events', async () => {
    await east.send(
      new PutEventSelectorsCommand({
        TrailName: 'audit',
        AdvancedEventSelectors: [
          { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
        ],
      }),
    );
    await expect(putOnTrail([{ ...errorRate, ...managementOnly }])).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
  });

  it('refuses the Data category when the trail logs no data events, and accepts it when advanced selectors log them', async () => {
    await expect(putOnTrail([{ ...errorRate, EventCategories: ['Data'] }])).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
    await east.send(
      new PutEventSelectorsCommand({
        TrailName: 'audit',
        AdvancedEventSelectors: [
          { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] },
        ],
      }),
    );
    await expect(putOnTrail([{ ...errorRate, EventCategories: ['Data'] }])).resolves.toBeDefined();
  });

  it.each([
    ['an unknown InsightType', [{ InsightType: 'ApiLatencyInsight' }]],
    ['a selector without InsightType', [{ EventCategories: ['Management'] }]],
    ['the same InsightType twice', [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiCallRateInsight' }]],
    ['an unknown event category', [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Network'] }]],
    ['an empty list of event categories', [{ InsightType: 'ApiCallRateInsight', EventCategories: [] }]],
  ])('refuses %s with InvalidInsightSelectorsException', async (_why, selectors) => {
    await expect(putOnTrail(selectors as InsightSelector[])).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
  });

  it('must be called from the trail home Region', async () => {
    await east.send(new CreateTrailCommand({ Name: 'org-wide', S3BucketName: 'logs', IsMultiRegionTrail: true }));
    await expect(putOnTrail([callRate], west, 'org-wide')).rejects.toBeInstanceOf(InvalidHomeRegionException);
  });

  it('answers an unknown trail with TrailNotFoundException and a bad name with InvalidTrailNameException', async () => {
    await expect(putOnTrail([callRate], east, 'missing')).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(putOnTrail([callRate], east, '192.168.5.4')).rejects.toBeInstanceOf(InvalidTrailNameException);
  });
});

describe('PutInsightSelectors parameter combinations', () => {
  it('refuses TrailName with EventDataStore', async () => {
    await expect(
      east.send(new PutInsightSelectorsCommand({ TrailName: 'audit', EventDataStore: 'some-store-id', InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('refuses TrailName with InsightsDestination', async () => {
    await expect(
      east.send(new PutInsightSelectorsCommand({ TrailName: 'audit', InsightsDestination: 'some-store-id', InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('refuses InsightsDestination without EventDataStore', async () => {
    await expect(
      east.send(new PutInsightSelectorsCommand({ InsightsDestination: 'some-store-id', InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('refuses enabling Insights on an event data store without InsightsDestination', async () => {
    await expect(
      east.send(new PutInsightSelectorsCommand({ EventDataStore: 'some-store-id', InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('refuses a request naming neither a trail nor an event data store', async () => {
    await expect(east.send(new PutInsightSelectorsCommand({ InsightSelectors: [callRate] }))).rejects.toBeInstanceOf(
      InvalidParameterCombinationException,
    );
  });
});

describe('GetInsightSelectors', () => {
  it('answers from any Region that sees a multi-Region trail', async () => {
    await east.send(new CreateTrailCommand({ Name: 'org-wide', S3BucketName: 'logs', IsMultiRegionTrail: true }));
    await putOnTrail([callRate], east, 'org-wide');
    const out = await west.send(new GetInsightSelectorsCommand({ TrailName: 'org-wide' }));
    expect(out.TrailARN).toBe(`arn:aws:cloudtrail:us-east-1:${account}:trail/org-wide`);
  });

  it('refuses TrailName with EventDataStore, and neither', async () => {
    await expect(east.send(new GetInsightSelectorsCommand({ TrailName: 'audit', EventDataStore: 'some-store-id' }))).rejects.toBeInstanceOf(
      InvalidParameterCombinationException,
    );
    await expect(east.send(new GetInsightSelectorsCommand({}))).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });
});

describe('Insights on event data stores', () => {
  it('enables Insights from a source to a destination and reports both ARNs', async () => {
    const source = await store('management');
    const destination = await store('insights', insightEvents);
    const idOfDestination = destination.slice(destination.lastIndexOf('/') + 1);
    const put = await east.send(
      new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: idOfDestination, InsightSelectors: [callRate, errorRate] }),
    );
    expect(put).toMatchObject({ EventDataStoreArn: source, InsightsDestination: destination });
    expect(put.TrailARN).toBeUndefined();
    const got = await east.send(new GetInsightSelectorsCommand({ EventDataStore: source }));
    expect(got).toEqual(
      expect.objectContaining({
        EventDataStoreArn: source,
        InsightsDestination: destination,
        InsightSelectors: [
          { InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] },
          { InsightType: 'ApiErrorRateInsight', EventCategories: ['Management'] },
        ],
      }),
    );
  });

  it('turns Insights off with an empty list', async () => {
    const source = await store('management');
    const destination = await store('insights', insightEvents);
    await east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: destination, InsightSelectors: [callRate] }));
    await east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightSelectors: [] }));
    await expect(east.send(new GetInsightSelectorsCommand({ EventDataStore: source }))).rejects.toBeInstanceOf(InsightNotEnabledException);
  });

  it('refuses the Data category on event data stores', async () => {
    const source = await store('management');
    const destination = await store('insights', insightEvents);
    await expect(
      east.send(
        new PutInsightSelectorsCommand({
          EventDataStore: source,
          InsightsDestination: destination,
          InsightSelectors: [{ ...callRate, EventCategories: ['Data'] }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
  });

  it('refuses a destination that does not log Insights events', async () => {
    const source = await store('management');
    const other = await store('other-management');
    await expect(
      east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: other, InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
  });

  it('refuses ApiCallRateInsight on a source that logs only read management events', async () => {
    const source = await store('reads', readManagementEvents);
    const destination = await store('insights', insightEvents);
    await expect(
      east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: destination, InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
    await expect(
      east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: destination, InsightSelectors: [errorRate] })),
    ).resolves.toBeDefined();
  });

  it('refuses selector updates on the source that would break its Insights', async () => {
    const source = await store('management');
    const destination = await store('insights', insightEvents);
    await east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: destination, InsightSelectors: [callRate] }));
    await expect(
      east.send(new UpdateEventDataStoreCommand({ EventDataStore: source, AdvancedEventSelectors: readManagementEvents })),
    ).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
  });

  it('refuses selector updates on the destination that would stop it logging Insights events', async () => {
    const source = await store('management');
    const destination = await store('insights', insightEvents);
    await east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: destination, InsightSelectors: [callRate] }));
    await expect(
      east.send(new UpdateEventDataStoreCommand({ EventDataStore: destination, AdvancedEventSelectors: readManagementEvents })),
    ).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
  });

  it('refuses a destination pending deletion', async () => {
    const source = await store('management');
    const destination = await store('insights', insightEvents);
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: destination }));
    await expect(
      east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: destination, InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidInsightSelectorsException);
  });

  it('refuses a source pending deletion with InvalidParameterException', async () => {
    const source = await store('management');
    const destination = await store('insights', insightEvents);
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: source }));
    await expect(
      east.send(new PutInsightSelectorsCommand({ EventDataStore: source, InsightsDestination: destination, InsightSelectors: [callRate] })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('answers an event data store that does not exist, or a malformed ARN, with CloudTrailARNInvalidException', async () => {
    await expect(
      east.send(new GetInsightSelectorsCommand({ EventDataStore: '00000000-0000-4000-8000-000000000000' })),
    ).rejects.toBeInstanceOf(CloudTrailARNInvalidException);
    await expect(
      east.send(new GetInsightSelectorsCommand({ EventDataStore: `arn:aws:cloudtrail:us-east-1:${account}:trail/audit` })),
    ).rejects.toBeInstanceOf(CloudTrailARNInvalidException);
  });

  it('answers GetInsightSelectors on a store without Insights with InsightNotEnabledException', async () => {
    const source = await store('management');
    await expect(east.send(new GetInsightSelectorsCommand({ EventDataStore: source }))).rejects.toBeInstanceOf(InsightNotEnabledException);
  });
});
