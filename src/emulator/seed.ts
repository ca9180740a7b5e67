import type { AdvancedEventSelector } from '@aws-sdk/client-cloudtrail';
import type { Clock } from './clock.js';
import type { EmulatorStore } from './store.js';
import { operations } from './operations/index.js';
import type { OperationContext, OperationInput } from './operations/types.js';

/**
 * Demo data for `npm start` and `--seed demo`: trails in us-east-1 and eu-west-1 (one of them
 * multi-Region) with default, basic and advanced event selectors, every kind of Insights set-up,
 * tags, logging on and off, and a CloudTrail Lake source/destination pair with Insights.
 *
 * Seeding calls the emulator's own operation handlers, so the demo obeys the same rules as any
 * client. Event data store IDs are derived from the call sequence, so the demo's ARNs are the same
 * on every run (see `newEventDataStoreId`).
 */

export type SeedName = 'demo';
export const SEED_NAMES: readonly SeedName[] = ['demo'];

export interface SeedTarget {
  store: EmulatorStore;
  accountId: string;
  clock: Clock;
  /** The organization the account manages, if any: its multi-Region trail is then an organization trail. */
  organization?: { managementAccountId: string };
}

/** How long before "now" the demo resources were created and their logging started. */
const CREATED_DAYS_AGO = 30;
/** How long before "now" the stopped demo trail stopped logging. */
const STOPPED_DAYS_AGO = 2;
const DAY_MS = 86_400_000;

export interface SeedSummary {
  trails: string[];
  eventDataStores: string[];
}

export function seed(name: SeedName, target: SeedTarget): SeedSummary {
  switch (name) {
    case 'demo':
      return seedDemo(target);
  }
}

export function seedDemo(target: SeedTarget): SeedSummary {
  const now = target.clock.now().getTime();
  const at = (daysAgo: number): Clock => ({ now: () => new Date(now - daysAgo * DAY_MS) });
  const contextIn = (region: string, clock: Clock = at(CREATED_DAYS_AGO)): OperationContext => ({
    store: target.store.account(target.accountId),
    accountId: target.accountId,
    region,
    clock,
    pageSize: 50,
    organization: target.organization,
  });
  const call = (operation: string, ctx: OperationContext, input: OperationInput) => {
    const handler = operations[operation];
    if (!handler) throw new Error(`The demo seed needs the ${operation} operation, which the emulator does not implement.`);
    return handler(input, ctx) as Record<string, unknown>;
  };

  const east = contextIn('us-east-1');
  const eu = contextIn('eu-west-1');
  const bucket = `demo-cloudtrail-logs-${target.accountId}`;
  const trails: string[] = [];
  const createTrail = (ctx: OperationContext, input: OperationInput) => {
    const out = call('CreateTrail', ctx, { S3BucketName: bucket, ...input });
    trails.push(out.TrailARN as string);
    return out;
  };

  // Multi-Region trail with the default selectors (all management events) and both Insights types;
  // in the management account of an organization, an organization trail that every member sees.
  createTrail(east, {
    Name: 'management-events',
    IsMultiRegionTrail: true,
    IsOrganizationTrail: target.organization?.managementAccountId === target.accountId,
    EnableLogFileValidation: true,
    TagsList: [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'security' },
    ],
  });
  call('PutInsightSelectors', east, {
    TrailName: 'management-events',
    InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
  });
  call('StartLogging', east, { Name: 'management-events' });

  // Basic selectors: write management events plus S3 and Lambda data events; call-rate Insights
  // on management and data events.
  createTrail(east, {
    Name: 'data-events-s3-lambda',
    S3KeyPrefix: 'data-events',
    TagsList: [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'payments' },
    ],
  });
  call('PutEventSelectors', east, {
    TrailName: 'data-events-s3-lambda',
    EventSelectors: [
      {
        ReadWriteType: 'WriteOnly',
        IncludeManagementEvents: true,
        DataResources: [
          { Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::demo-invoices/', 'arn:aws:s3:::demo-uploads/reports/'] },
          { Type: 'AWS::Lambda::Function', Values: [`arn:aws:lambda:us-east-1:${target.accountId}:function:process-orders`] },
        ],
      },
    ],
  });
  call('PutInsightSelectors', east, {
    TrailName: 'data-events-s3-lambda',
    InsightSelectors: [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Management', 'Data'] }],
  });
  call('StartLogging', east, { Name: 'data-events-s3-lambda' });

  // Default selectors, no Insights, never started (CreateTrail does not start logging).
  createTrail(east, { Name: 'sandbox', TagsList: [{ Key: 'env', Value: 'dev' }] });

  // Advanced selectors in eu-west-1: management events without KMS, DynamoDB writes; error-rate Insights.
  const euAdvanced: AdvancedEventSelector[] = [
    {
      Name: 'Management events except KMS',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Management'] },
        { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
      ],
    },
    {
      Name: 'DynamoDB writes',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
        { Field: 'readOnly', Equals: ['false'] },
      ],
    },
  ];
  createTrail(eu, { Name: 'eu-audit', TagsList: [{ Key: 'env', Value: 'prod' }, { Key: 'data-residency', Value: 'eu' }] });
  call('PutEventSelectors', eu, { TrailName: 'eu-audit', AdvancedEventSelectors: euAdvanced });
  call('PutInsightSelectors', eu, { TrailName: 'eu-audit', InsightSelectors: [{ InsightType: 'ApiErrorRateInsight' }] });
  call('StartLogging', eu, { Name: 'eu-audit' });

  // Read-only management events in eu-west-1, Insights off, logging stopped two days ago.
  createTrail(eu, { Name: 'eu-read-only', TagsList: [{ Key: 'env', Value: 'staging' }] });
  call('PutEventSelectors', eu, { TrailName: 'eu-read-only', EventSelectors: [{ ReadWriteType: 'ReadOnly' }] });
  call('StartLogging', eu, { Name: 'eu-read-only' });
  call('StopLogging', contextIn('eu-west-1', at(STOPPED_DAYS_AGO)), { Name: 'eu-read-only' });

  // CloudTrail Lake: a source of management events that sends Insights to a destination store,
  // and a stopped store of S3 data events.
  const eventDataStores: string[] = [];
  const createStore = (input: OperationInput) => {
    const out = call('CreateEventDataStore', east, { RetentionPeriod: 90, TerminationProtectionEnabled: false, ...input });
    eventDataStores.push(out.EventDataStoreArn as string);
    return out.EventDataStoreArn as string;
  };
  const source = createStore({ Name: 'demo-management-lake', TagsList: [{ Key: 'team', Value: 'security' }] });
  const destination = createStore({
    Name: 'demo-insights-lake',
    AdvancedEventSelectors: [{ Name: 'Insights events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }],
  });
  call('PutInsightSelectors', east, {
    EventDataStore: source,
    InsightsDestination: destination,
    InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
  });
  createStore({
    Name: 'demo-s3-data-lake',
    MultiRegionEnabled: false,
    StartIngestion: false,
    AdvancedEventSelectors: [
      {
        Name: 'S3 object events',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        ],
      },
    ],
  });

  return { trails, eventDataStores };
}
