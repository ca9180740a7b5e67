import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { ingestLogBody } from '../ingest/index.js';
import type { EmulatorStore } from '../store.js';
import type { AccountConfig, AccountsConfig } from './accounts.js';

/**
 * The demo organization of `npm start` and `--seed demo`: the default account as management
 * account and two members, each with long-term demo keys and the roles a gateway assumes. Their
 * activity is generated as CloudTrail records delivered to each account (recipientAccountId), in
 * two Regions, with a burst of writes and one of errors that the organization trail's Insights
 * (ApiCallRateInsight and ApiErrorRateInsight) find. With the sample logs replayed as recent (`npm
 * start`), every account has Insights in every demo Region.
 */

export const DEMO_SECURITY_ACCOUNT_ID = '210987654321';
export const DEMO_WORKLOADS_ACCOUNT_ID = '345678901234';
export const DEMO_REGIONS = ['us-east-1', 'eu-west-1'];
export const WORKLOADS_OPT_IN_REGIONS = { 'eu-south-1': 'ENABLED', 'me-south-1': 'ENABLING' } as const;
/** The role AWS creates in every account the organization creates, trusted by the management account. */
export const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole';
/** A read-only role for the gateway, trusted by every account of the organization. */
export const INSIGHTS_READER_ROLE = 'CloudTrailInsightsReader';

export function demoAccounts(managementAccountId: string): AccountsConfig {
  const memberRoles = [{ name: ORGANIZATION_ACCESS_ROLE, trustedAccountIds: [managementAccountId] }, { name: INSIGHTS_READER_ROLE }];
  const accounts: AccountConfig[] = [
    {
      id: managementAccountId,
      name: 'Management',
      email: 'management@example.com',
      accessKeys: [{ accessKeyId: 'AKIAEMUMANAGEMENT001', secretAccessKey: 'demo-management-secret', userName: 'demo-admin' }],
      regions: DEMO_REGIONS,
    },
    {
      id: DEMO_SECURITY_ACCOUNT_ID,
      name: 'Security',
      email: 'security@example.com',
      accessKeys: [{ accessKeyId: 'AKIAEMUSECURITY00001', secretAccessKey: 'demo-security-secret', userName: 'demo-auditor' }],
      roles: memberRoles,
      regions: DEMO_REGIONS,
    },
    {
      id: DEMO_WORKLOADS_ACCOUNT_ID,
      name: 'Workloads',
      email: 'workloads@example.com',
      accessKeys: [{ accessKeyId: 'AKIAEMUWORKLOADS0001', secretAccessKey: 'demo-workloads-secret', userName: 'demo-developer' }],
      roles: memberRoles,
      regions: DEMO_REGIONS,
      // Workloads enabled Europe (Milan) and is enabling Middle East (Bahrain), so its enabled
      // Regions (Account Management ListRegions) differ from the other accounts'.
      optInRegions: WORKLOADS_OPT_IN_REGIONS,
    },
  ];
  return {
    accounts,
    // The security account administers CloudTrail for the organization, as AWS recommends.
    organization: { managementAccountId, delegatedAdministratorIds: [DEMO_SECURITY_ACCOUNT_ID] },
  };
}

const MINUTE_MS = 60_000;

/** A deterministic event id, so that seeding twice adds nothing. */
function eventId(...parts: (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

interface Burst {
  eventSource: string;
  eventName: string;
  /** Calls per minute before the burst, and during it. */
  baseline: number;
  burst: number;
  errorCode?: string;
}

/** What each member does: a write API with a burst of calls, and one failing in a burst of errors. */
const MEMBER_ACTIVITY: Record<string, Burst[]> = {
  [DEMO_SECURITY_ACCOUNT_ID]: [
    { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', baseline: 1, burst: 30 },
    { eventSource: 'kms.amazonaws.com', eventName: 'ScheduleKeyDeletion', baseline: 0, burst: 15, errorCode: 'AccessDenied' },
  ],
  [DEMO_WORKLOADS_ACCOUNT_ID]: [
    { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', baseline: 2, burst: 40 },
    { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', baseline: 0, burst: 20, errorCode: 'AccessDenied' },
  ],
};

/**
 * The management account's own activity, in the demo Regions but us-east-1, where the sample logs
 * (which the emulator always ingests) already give it Insights.
 */
const MANAGEMENT_ACTIVITY: Burst[] = [
  { eventSource: 'cloudformation.amazonaws.com', eventName: 'UpdateStack', baseline: 1, burst: 25 },
  { eventSource: 'ssm.amazonaws.com', eventName: 'PutParameter', baseline: 0, burst: 12, errorCode: 'AccessDenied' },
];
const SAMPLE_LOGS_REGION = 'us-east-1';

function activityOf(account: AccountConfig, region: string, managementAccountId: string): Burst[] {
  if (account.id !== managementAccountId) return MEMBER_ACTIVITY[account.id] ?? [];
  return region === SAMPLE_LOGS_REGION ? [] : MANAGEMENT_ACTIVITY;
}

/** Three hours of history, then a 4-minute burst that ended 20 minutes before now. */
const HISTORY_MINUTES = 180;
const BURST_MINUTES = 4;
const BURST_ENDS_MINUTES_AGO = 20;

function activityRecords(account: AccountConfig, region: string, activities: Burst[], now: number): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  const userName = account.accessKeys?.[0]?.userName ?? 'demo-user';
  const startMinute = Math.floor(now / MINUTE_MS) - BURST_ENDS_MINUTES_AGO - BURST_MINUTES - HISTORY_MINUTES;
  for (const activity of activities) {
    for (let m = 0; m < HISTORY_MINUTES + BURST_MINUTES; m++) {
      const count = m < HISTORY_MINUTES ? activity.baseline : activity.burst;
      for (let k = 0; k < count; k++) {
        const time = new Date((startMinute + m) * MINUTE_MS + k * 1000);
        records.push({
          eventVersion: '1.09',
          userIdentity: {
            type: 'IAMUser',
            principalId: `AIDA${account.id}`,
            arn: `arn:aws:iam::${account.id}:user/${userName}`,
            accountId: account.id,
            accessKeyId: account.accessKeys?.[0]?.accessKeyId,
            userName,
          },
          eventTime: `${time.toISOString().slice(0, 19)}Z`,
          eventSource: activity.eventSource,
          eventName: activity.eventName,
          awsRegion: region,
          sourceIPAddress: '198.51.100.7',
          userAgent: 'aws-cli/2.15.0',
          ...(activity.errorCode ? { errorCode: activity.errorCode, errorMessage: 'User is not authorized to perform this operation' } : {}),
          requestParameters: null,
          responseElements: null,
          eventID: eventId(account.id, region, activity.eventName, m, k),
          readOnly: false,
          eventType: 'AwsApiCall',
          managementEvent: true,
          recipientAccountId: account.id,
          eventCategory: 'Management',
        });
      }
    }
  }
  return records;
}

/**
 * Delivers each account's demo activity, in each of its Regions, as one log per account and Region
 * (as CloudTrail writes `AWSLogs/<account>/CloudTrail/<region>/...`): ingest places every record in
 * the account its recipientAccountId names.
 */
export function seedDemoActivity(target: { store: EmulatorStore; accountId: string; clock: Clock }, accounts: AccountConfig[]): number {
  const now = target.clock.now().getTime();
  let added = 0;
  for (const account of accounts) {
    for (const region of account.regions ?? []) {
      const records = activityRecords(account, region, activityOf(account, region, target.accountId), now);
      if (records.length === 0) continue;
      const source = `AWSLogs/${account.id}/CloudTrail/${region}/demo.json`;
      added += ingestLogBody(target, JSON.stringify({ Records: records }), source).added;
    }
  }
  return added;
}
