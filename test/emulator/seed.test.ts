import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  InsightNotEnabledException,
  ListEventDataStoresCommand,
  ListTagsCommand,
  ListTrailsCommand,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, emulatorWithClients } from '../helpers/emulator.js';
import { ACCOUNT as account } from '../helpers/trails.js';

const now = new Date('2026-03-01T12:00:00Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000);
const arn = (region: string, name: string) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

let emulator: RunningEmulator;
let east: CloudTrailClient;
let eu: CloudTrailClient;
beforeAll(async () => {
  ({ emulator, east, west: eu } = await emulatorWithClients({ seed: 'demo', now }, 'eu-west-1'));
});
afterAll(() => emulator.close());

const trail = async (client: CloudTrailClient, name: string) => (await client.send(new GetTrailCommand({ Name: name }))).Trail!;
const insightTypes = async (client: CloudTrailClient, name: string) =>
  (await client.send(new GetInsightSelectorsCommand({ TrailName: name }))).InsightSelectors;

describe('the demo seed', () => {
  it('creates trails in us-east-1 and eu-west-1, all five listed from either Region with their home Regions', async () => {
    // AWS ListTrails lists every trail of the account, whatever the Region asked.
    const expected = [
      ['data-events-s3-lambda', 'us-east-1'],
      ['eu-audit', 'eu-west-1'],
      ['eu-read-only', 'eu-west-1'],
      ['management-events', 'us-east-1'],
      ['sandbox', 'us-east-1'],
    ];
    for (const client of [east, eu]) {
      const { Trails } = await client.send(new ListTrailsCommand({}));
      expect(Trails?.map((t) => [t.Name, t.HomeRegion]).sort()).toEqual(expected);
    }
    const { trailList } = await eu.send(new DescribeTrailsCommand({}));
    // The multi-Region trail is also visible in eu-west-1 as a shadow.
    expect(trailList?.map((t) => t.Name).sort()).toEqual(['eu-audit', 'eu-read-only', 'management-events']);
  });

  it('management-events: multi-Region, default selectors, both Insights types on management events, logging', async () => {
    const t = await trail(east, 'management-events');
    expect(t).toMatchObject({ IsMultiRegionTrail: true, HasCustomEventSelectors: false, HasInsightSelectors: true, LogFileValidationEnabled: true });
    expect(await insightTypes(eu, 'management-events')).toEqual([
      { InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] },
      { InsightType: 'ApiErrorRateInsight', EventCategories: ['Management'] },
    ]);
    const status = await east.send(new GetTrailStatusCommand({ Name: 'management-events' }));
    expect(status).toMatchObject({ IsLogging: true, StartLoggingTime: daysBefore(30) });
  });

  it('data-events-s3-lambda: basic selectors with S3 and Lambda data resources, call-rate Insights on management and data events', async () => {
    const selectors = await east.send(new GetEventSelectorsCommand({ TrailName: 'data-events-s3-lambda' }));
    expect(selectors.EventSelectors).toHaveLength(1);
    expect(selectors.EventSelectors?.[0]).toMatchObject({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true });
    expect(selectors.EventSelectors?.[0]?.DataResources?.map((r) => r.Type)).toEqual(['AWS::S3::Object', 'AWS::Lambda::Function']);
    expect(await insightTypes(east, 'data-events-s3-lambda')).toEqual([
      { InsightType: 'ApiCallRateInsight', EventCategories: ['Management', 'Data'] },
    ]);
  });

  it('sandbox: default selectors, no Insights, never started logging', async () => {
    expect(await trail(east, 'sandbox')).toMatchObject({ HasCustomEventSelectors: false, HasInsightSelectors: false });
    await expect(insightTypes(east, 'sandbox')).rejects.toBeInstanceOf(InsightNotEnabledException);
    expect((await east.send(new GetTrailStatusCommand({ Name: 'sandbox' }))).IsLogging).toBe(false);
  });

  it('eu-audit: advanced selectors (management without KMS, DynamoDB writes), error-rate Insights', async () => {
    const selectors = await eu.send(new GetEventSelectorsCommand({ TrailName: 'eu-audit' }));
    expect(selectors.AdvancedEventSelectors?.map((s) => s.Name)).toEqual(['Management events except KMS', 'DynamoDB writes']);
    expect(await insightTypes(eu, 'eu-audit')).toEqual([{ InsightType: 'ApiErrorRateInsight', EventCategories: ['Management'] }]);
  });

  it('eu-read-only: read-only management events, no Insights, logging stopped two days ago', async () => {
    const selectors = await eu.send(new GetEventSelectorsCommand({ TrailName: 'eu-read-only' }));
    expect(selectors.EventSelectors?.[0]?.ReadWriteType).toBe('ReadOnly');
    await expect(insightTypes(eu, 'eu-read-only')).rejects.toBeInstanceOf(InsightNotEnabledException);
    const status = await eu.send(new GetTrailStatusCommand({ Name: 'eu-read-only' }));
    expect(status).toMatchObject({ IsLogging: false, StartLoggingTime: daysBefore(30), StopLoggingTime: daysBefore(2) });
  });

  it('tags the trails', async () => {
    const out = await east.send(
      new ListTagsCommand({ ResourceIdList: [arn('us-east-1', 'management-events'), arn('us-east-1', 'sandbox')] }),
    );
    expect(out.ResourceTagList).toEqual([
      { ResourceId: arn('us-east-1', 'management-events'), TagsList: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'security' }] },
      { ResourceId: arn('us-east-1', 'sandbox'), TagsList: [{ Key: 'env', Value: 'dev' }] },
    ]);
  });

  it('creates a Lake source that sends Insights to a destination, and a stopped S3 data store', async () => {
    const listed = await east.send(new ListEventDataStoresCommand({}));
    expect(listed.EventDataStores?.map((s) => s.Name)).toEqual(['demo-management-lake', 'demo-insights-lake', 'demo-s3-data-lake']);
    const [source, destination, s3] = listed.EventDataStores!.map((s) => s.EventDataStoreArn!);
    const insights = await east.send(new GetInsightSelectorsCommand({ EventDataStore: source }));
    expect(insights).toMatchObject({
      EventDataStoreArn: source,
      InsightsDestination: destination,
      InsightSelectors: [
        { InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] },
        { InsightType: 'ApiErrorRateInsight', EventCategories: ['Management'] },
      ],
    });
    expect((await east.send(new GetEventDataStoreCommand({ EventDataStore: s3 }))).Status).toBe('STOPPED_INGESTION');
  });

  it('gives the event data stores the same ARNs on every run', async () => {
    const again = await startEmulator({ seed: 'demo' });
    try {
      const first = await east.send(new ListEventDataStoresCommand({}));
      const second = await clientFor(again, 'us-east-1').send(new ListEventDataStoresCommand({}));
      expect(second.EventDataStores).toEqual(first.EventDataStores);
    } finally {
      await again.close();
    }
  });
});
