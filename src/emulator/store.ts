import type {
  AdvancedEventSelector,
  EventSelector,
  InsightSelector,
  Tag,
} from '@aws-sdk/client-cloudtrail';
import { EventLog } from './events/event-log.js';
import type { AccountDirectory } from './organization/directory.js';

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
    /**
     * The organization trails of the account's management account, when the account is a member of
     * an organization: AWS shows them in the member as shadow trails, and logs the member's events
     * (and Insights) under them.
     */
    readonly organizationTrails: () => TrailRecord[] = () => [],
  ) {
    this.events = new EventLog(maxEvents);
  }

  /** The account's own trails, then the organization trails it sees as a member. */
  trailsWithOrganization(): TrailRecord[] {
    const organization = this.organizationTrails();
    return organization.length === 0 ? [...this.trails.values()] : [...this.trails.values(), ...organization];
  }
}

export interface EmulatorStoreOptions {
  /** At most this many events per account; ingest stops there (`--max-events`). */
  maxEvents?: number;
  /** The accounts the emulator holds and their organization; absent: accounts are independent. */
  directory?: AccountDirectory;
}

export class EmulatorStore {
  private readonly accounts = new Map<string, AccountStore>();

  constructor(readonly options: EmulatorStoreOptions = {}) {}

  account(accountId: string): AccountStore {
    let store = this.accounts.get(accountId);
    if (!store) {
      const management = this.options.directory?.managementAccountOf(accountId);
      const organizationTrails =
        management === undefined ? undefined : () => [...this.account(management).trails.values()].filter((t) => t.isOrganizationTrail);
      store = new AccountStore(accountId, this.options.maxEvents, organizationTrails);
      this.accounts.set(accountId, store);
    }
    return store;
  }

  /** Whether ingest has to read each record's account (one account holds every event otherwise). */
  holdsSeveralAccounts(): boolean {
    return (this.options.directory?.size ?? 1) > 1;
  }

  /**
   * The account an ingested event belongs in: AWS delivers each event to the account named by its
   * `recipientAccountId` (the `AWSLogs/<account>/` tree says the same). Events of an account the
   * emulator does not hold go to `fallback` (the default account), so that logs of any account
   * (the bundled samples among them) can be read with the default credentials.
   */
  accountForRecipient(recipientAccountId: unknown, fallback: string): string {
    return typeof recipientAccountId === 'string' && this.options.directory?.holds(recipientAccountId) ? recipientAccountId : fallback;
  }

  reset(): void {
    this.accounts.clear();
  }
}
