import { memoryAuditSink } from '../../src/audit/audit-sinks.js';
import { OrganizationAccounts } from '../../src/aws/organization.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { parseOrganizationSettings } from '../../src/organization-config.js';
import { createGateway, type GatewayOptions } from '../../src/server.js';
import { testCredentials } from './emulator.js';
import { startEmulatorBackend, type GraphQLResponse, type TestGateway } from './gateway.js';

export interface OrganizationTestGateway extends TestGateway {
  organization: OrganizationAccounts;
}

/**
 * The gateway over a fresh emulator with an organization view: `accounts` is the ORG_ACCOUNTS JSON
 * (parsed as the configuration parses it), each account's role assumed at the emulator's STS with
 * sessions of 900 s, and CloudTrail reached with each account's credentials, all through the real SDK.
 */
export async function startOrganizationGateway(
  accounts: unknown,
  options: {
    emulator?: EmulatorOptions;
    gateway?: Partial<Omit<GatewayOptions, 'clients' | 'organization'>>;
    maxConcurrencyPerRegion?: number;
    /** Where member accounts' CloudTrail calls go, given the emulator's URL (a fault proxy); default the emulator. */
    memberEndpoint?: (emulatorUrl: string) => Promise<string>;
  } = {},
): Promise<OrganizationTestGateway> {
  const backend = await startEmulatorBackend(options.emulator);
  const settings = parseOrganizationSettings(JSON.stringify(accounts), {
    source: 'ORG_ACCOUNTS',
    sessionSeconds: 900,
    maxConcurrencyPerRegion: options.maxConcurrencyPerRegion ?? 4,
    maxShards: 300,
  });
  const organization = new OrganizationAccounts(settings, {
    endpoint: options.memberEndpoint ? await options.memberEndpoint(backend.emulator.url) : backend.emulator.url,
    defaultRegion: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 1,
    sts: { endpoint: backend.emulator.url },
    organizationsEndpoint: backend.emulator.url,
    accountApiEndpoint: backend.emulator.url,
  });
  const gateway = createGateway({
    clients: backend.clients,
    reportAwsCalls: true,
    audit: { sink: memoryAuditSink() },
    ...options.gateway,
    organization,
  });
  return {
    ...backend,
    organization,
    gateway,
    async close() {
      organization.destroy();
      await backend.close();
    },
    async query(query, variables, headers) {
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<never>;
    },
  };
}

/**
 * `count` IAM write calls of `eventName` received by `account` in `region`, one a second, in
 * minute `minute` after 2024-05-01T10:00Z: CloudTrail records for the emulator's ingest.
 */
export function iamWriteCalls(account: string, region: string, eventName: string, minute: number, count: number): Record<string, unknown>[] {
  const hh = String(10 + Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return Array.from({ length: count }, (_, i) => ({
    eventID: `${region}-${eventName}-${minute}-${i}`,
    eventTime: `2024-05-01T${hh}:${mm}:${String(i).padStart(2, '0')}Z`,
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: region,
    readOnly: false,
    recipientAccountId: account,
  }));
}
