import { readFileSync } from 'node:fs';
import { CloudTrailClients } from '../src/aws/clients.js';
import { OrganizationAccounts } from '../src/aws/organization.js';
import { startEmulator } from '../src/emulator/index.js';
import { ingestLogBody } from '../src/emulator/ingest/index.js';
import { parseOrganizationSettings } from '../src/organization-config.js';
import { createGateway } from '../src/server.js';
import { recordAwsCalls, waveCount, type AwsCallRecorder } from './waves.js';
import { PutInsightSelectorsCommand, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';

/**
 * The organization overview (schema/operations/09-organization-insights-overview.graphql) at 10
 * accounts x 3 Regions: CloudTrail calls and waves (round trips one after the other) under a 50 ms
 * latency fault, against the minimum: one LookupEvents per account-Region page, all in one wave
 * (each account-Region holds fewer than 50 Insights events here, so one page each: 30 calls, 1 wave).
 * One emulator holds the organization; each member is read through its assumed role. The STS calls
 * are counted apart (made once per account, kept until shortly before expiry).
 */

export const ORG_ACCOUNTS = 10;
export const ORG_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const NOW = new Date('2024-05-01T12:00:00Z');

export interface OrganizationWaves {
  shards: number;
  coldCalls: number;
  coldWaves: number;
  warmCalls: number;
  warmWaves: number;
  assumeRoleCalls: number;
  minimumCalls: number;
  minimumWaves: number;
  insights: number;
  failedShards: number;
}

function burst(accountId: string, region: string, eventName: string, minute: number) {
  return Array.from({ length: 12 }, (_, i) => ({
    eventID: `${accountId}-${region}-${eventName}-${i}`,
    eventTime: `2024-05-01T10:${String(minute).padStart(2, '0')}:${String(i).padStart(2, '0')}Z`,
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: region,
    readOnly: false,
    recipientAccountId: accountId,
  }));
}

export async function measureOrganizationWaves(latencyMs = 50): Promise<OrganizationWaves> {
  const accountIds = Array.from({ length: ORG_ACCOUNTS }, (_, i) => String(100000000001 + i * 11111));
  const keyOf = (id: string) => ({ accessKeyId: `AKIABENCH${id}`.slice(0, 20), secretAccessKey: `bench-${id}` });
  // One emulator holding the organization: a management account (the gateway's) and 10 members,
  // each with a long-term key (to set it up) and any role name (the gateway assumes CloudTrailInsightsReader).
  const emulator = await startEmulator({
    now: NOW,
    organization: {
      organization: { managementAccountId: '999999999999' },
      accounts: [{ id: '999999999999', name: 'Management' }, ...accountIds.map((id) => ({ id, name: `member-${id}`, accessKeys: [keyOf(id)] }))],
    },
  });
  const events: object[] = [];
  for (const [n, accountId] of accountIds.entries()) {
    for (const region of ORG_REGIONS) {
      events.push({ eventID: `${accountId}-${region}-quiet`, eventTime: '2024-05-01T10:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'GetUser', awsRegion: region, readOnly: true, recipientAccountId: accountId });
      for (let k = 0; k < 1 + ((n + ORG_REGIONS.indexOf(region)) % 4); k += 1) events.push(...burst(accountId, region, `CreateUser${k}`, 15 + 5 * k));
    }
  }
  ingestLogBody(emulator, JSON.stringify(events));
  for (const accountId of accountIds) {
    const setup = new CloudTrailClients({ endpoint: emulator.url, defaultRegion: 'us-east-1', credentials: keyOf(accountId), maxAttempts: 1 });
    await setup.forRegion('us-east-1').send(new CreateTrailCommand({ Name: 'org-audit', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await setup.forRegion('us-east-1').send(new PutInsightSelectorsCommand({ TrailName: 'org-audit', InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] }));
    setup.destroy();
  }
  emulator.faults.set({ latencyMs: { '*': latencyMs } });
  const settings = parseOrganizationSettings(
    JSON.stringify({ regions: ORG_REGIONS, roleName: 'CloudTrailInsightsReader', accounts: accountIds.map((id) => ({ id })) }),
    { source: 'bench', sessionSeconds: 3600, maxConcurrencyPerRegion: 4, maxShards: 300 },
  );
  const organization = new OrganizationAccounts(settings, {
    endpoint: emulator.url,
    defaultRegion: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    sts: { endpoint: emulator.url },
  });
  const recorders: AwsCallRecorder[] = accountIds.map((id) => recordAwsCalls(organization.clients(id)!));
  const ownClients = new CloudTrailClients({ endpoint: emulator.url, defaultRegion: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  const gateway = createGateway({
    clients: ownClients,
    organization,
    graphiql: false,
    logError: () => {},
    insights: { cache: false, now: () => NOW },
    audit: { sink: { write: async () => {}, description: 'discarded (benchmark)', close: async () => {} } },
  });
  const document = readFileSync('schema/operations/09-organization-insights-overview.graphql', 'utf8');
  const run = async () => {
    for (const r of recorders) r.reset();
    const res = await gateway.fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, variables: { startTime: '2024-05-01T00:00:00Z', endTime: NOW.toISOString() } }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: { insightsSummary: { total: number; failedShards: unknown[] } } };
    if (body.errors?.length) throw new Error(`OrganizationInsightsOverview: ${JSON.stringify(body.errors)}`);
    const spans = recorders.flatMap((r) => r.spans());
    return { calls: spans.length, waves: waveCount(spans), total: body.data?.insightsSummary.total ?? 0, failed: body.data?.insightsSummary.failedShards.length ?? 0 };
  };
  try {
    const cold = await run();
    const warm = await run();
    const assumeRoleCalls = accountIds.reduce((n, id) => n + (organization.credentials(id)?.status().assumeRoleCalls ?? 0), 0);
    const shards = ORG_ACCOUNTS * ORG_REGIONS.length;
    return {
      shards,
      coldCalls: cold.calls,
      coldWaves: cold.waves,
      warmCalls: warm.calls,
      warmWaves: warm.waves,
      assumeRoleCalls,
      minimumCalls: shards,
      minimumWaves: 1,
      insights: cold.total,
      failedShards: cold.failed,
    };
  } finally {
    organization.destroy();
    ownClients.destroy();
    await emulator.close();
  }
}

export function formatOrganizationWaves(r: OrganizationWaves): string {
  return [
    `  ${'request'.padEnd(44)} ${'calls'.padStart(5)} ${'minimum'.padStart(8)} ${'waves'.padStart(6)} ${'minimum'.padStart(8)}`,
    `  ${'first (roles assumed first, not counted)'.padEnd(44)} ${String(r.coldCalls).padStart(5)} ${String(r.minimumCalls).padStart(8)} ${String(r.coldWaves).padStart(6)} ${String(r.minimumWaves).padStart(8)}`,
    `  ${'again (credentials cached)'.padEnd(44)} ${String(r.warmCalls).padStart(5)} ${String(r.minimumCalls).padStart(8)} ${String(r.warmWaves).padStart(6)} ${String(r.minimumWaves).padStart(8)}`,
    `  ${r.insights} Insights counted, ${r.failedShards} failed account-Regions, ${r.assumeRoleCalls} AssumeRole calls for ${ORG_ACCOUNTS} accounts over both requests`,
  ].join('\n');
}
