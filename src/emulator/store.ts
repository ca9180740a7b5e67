import type {
  AdvancedEventSelector,
  EventSelector,
  InsightSelector,
  Tag,
} from '@aws-sdk/client-cloudtrail';
import { EventLog } from './events/event-log.js';

/**
 * In-memory state of the emulator: one AccountStore per account. Trails and event data stores are
 * keyed by ARN (the ARN carries the home region); region-scoped operations filter by region.
 *
 * Node runs each request handler to completion without awaiting inside it, so every operation
 * sees and leaves a consistent store even under concurrent requests.
 *
 * The emulator only borrows the SDK's *types* for the shapes it stores; it imports no gateway code.
 */

export interface TrailRecord {
  name: string;
  arn: string;
  homeRegion: string;
  accountId: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicName?: string;
  snsTopicARN?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  logFileValidationEnabled: boolean;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  kmsKeyId?: string;
  /** AWS: true unless set false (CloudTrail then suppresses events about its own deliveries). */
  recursiveLogging?: boolean;
  /** Exactly one of the two is set: AWS keeps basic or advanced selectors, never both. */
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
  /** Empty when Insights is off. */
  insightSelectors: InsightSelector[];
  isLogging: boolean;
  startLoggingTime?: Date;
  stopLoggingTime?: Date;
  createdAt: Date;
}

export type EventDataStoreStatus =
  | 'CREATED'
  | 'ENABLED'
  | 'PENDING_DELETION'
  | 'STARTING_INGESTION'
  | 'STOPPING_INGESTION'
  | 'STOPPED_INGESTION';

export interface EventDataStoreRecord {
  arn: string;
  name: string;
  region: string;
  status: EventDataStoreStatus;
  advancedEventSelectors: AdvancedEventSelector[];
  multiRegionEnabled: boolean;
  organizationEnabled: boolean;
  retentionPeriod: number;
  terminationProtectionEnabled: boolean;
  createdTimestamp: Date;
  updatedTimestamp: Date;
  kmsKeyId?: string;
  billingMode: 'EXTENDABLE_RETENTION_PRICING' | 'FIXED_RETENTION_PRICING';
  /** The status DeleteEventDataStore left (ENABLED or STOPPED_INGESTION), which RestoreEventDataStore brings back. */
  statusBeforeDeletion?: EventDataStoreStatus;
  /** Insights set on this store when it is the source of management events. */
  insightSelectors: InsightSelector[];
  /** ARN of the store that receives this store's Insights events, when this store is a source. */
  insightsDestination?: string;
}

/**
 * One CloudTrail event as found in a delivered log file. Only the fields the emulator computes
 * with are typed; `raw` is the whole record as delivered, for LookupEvents' CloudTrailEvent. The
 * store keeps events compactly (see EventLog) and builds these records when they are read.
 */
export interface CloudTrailEventRecord {
  eventID: string;
  eventTime: Date;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  eventCategory: string;
  eventType?: string;
  readOnly?: boolean;
  errorCode?: string;
  username?: string;
  userIdentityArn?: string;
  userAgent?: string;
  accessKeyId?: string;
  resources: { resourceType?: string; resourceName?: string }[];
  raw: Record<string, unknown>;
}

export class AccountStore {
  readonly trails = new Map<string, TrailRecord>();
  readonly eventDataStores = new Map<string, EventDataStoreRecord>();
  /** Tags by resource ARN (trails and event data stores). */
  readonly tags = new Map<string, Tag[]>();
  /**
   * Ingested events, readable by eventID like a Map: the same event delivered twice is kept once.
   * `events.add(record)` stores one more event (e.g. a call the emulator received).
   */
  readonly events: EventLog;

  constructor(
    readonly accountId: string,
    maxEvents = Infinity,
  ) {
    this.events = new EventLog(maxEvents);
  }
}

export interface EmulatorStoreOptions {
  /** At most this many events per account; ingest stops there (`--max-events`). */
  maxEvents?: number;
}

export class EmulatorStore {
  private readonly accounts = new Map<string, AccountStore>();

  constructor(readonly options: EmulatorStoreOptions = {}) {}

  account(accountId: string): AccountStore {
    let store = this.accounts.get(accountId);
    if (!store) {
      store = new AccountStore(accountId, this.options.maxEvents);
      this.accounts.set(accountId, store);
    }
    return store;
  }

  reset(): void {
    this.accounts.clear();
  }
}
