import { ListTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OrganizationAccounts } from '../../src/aws/organization.js';
import { parseOrganizationSettings } from '../../src/organization-config.js';
import { startEmulatorBackend, type EmulatorBackend } from '../helpers/gateway.js';
import { testCredentials } from '../helpers/emulator.js';
import { ACCOUNT } from '../helpers/trails.js';

/**
 * Member-account credentials against the emulator's STS, through the real SDK: a role is assumed
 * once per account and shared by the account's Region clients, renewed shortly before it expires,
 * and a role that cannot be assumed is remembered as FAILED with STS's error code.
 */

const ROLE = `arn:aws:iam::${ACCOUNT}:role/CloudTrailInsightsReader`;
/** An account the emulator does not serve: STS refuses to assume a role there. */
const FOREIGN = '999999999999';

let backend: EmulatorBackend;
let organization: OrganizationAccounts;

beforeAll(async () => {
  backend = await startEmulatorBackend();
  const settings = parseOrganizationSettings(
    JSON.stringify({
      regions: ['us-east-1', 'us-west-2'],
      accounts: [
        { id: ACCOUNT, name: 'security', roleArn: ROLE, sessionName: 'insights-gateway' },
        { id: FOREIGN, name: 'elsewhere', roleArn: `arn:aws:iam::${FOREIGN}:role/CloudTrailInsightsReader` },
      ],
    }),
    { source: 'ORG_ACCOUNTS', sessionSeconds: 900, maxConcurrencyPerRegion: 4, maxShards: 100 },
  );
  organization = new OrganizationAccounts(settings, {
    endpoint: backend.emulator.url,
    defaultRegion: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 1,
    sts: { endpoint: backend.emulator.url },
  });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  organization.destroy();
  await backend.close();
});

/** AssumeRole calls as the emulator's own CloudTrail recorded them. */
async function assumeRoleEvents(): Promise<{ roleArn: string; sessionName: string }[]> {
  const out = await backend.sdkClient().send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] }),
  );
  return (out.Events ?? []).map((e) => {
    const record = JSON.parse(e.CloudTrailEvent ?? '{}') as { requestParameters: { roleArn: string; roleSessionName: string } };
    return { roleArn: record.requestParameters.roleArn, sessionName: record.requestParameters.roleSessionName };
  });
}

describe('member-account credentials', () => {
  it('are assumed once for an account and shared by its Region clients, with the configured session name', async () => {
    expect(organization.credentials(ACCOUNT)?.status().state).toBe('NOT_ASSUMED');
    const clients = organization.clients(ACCOUNT)!;
    await Promise.all([
      clients.forRegion('us-east-1').send(new ListTrailsCommand({})),
      clients.forRegion('us-west-2').send(new ListTrailsCommand({})),
      clients.forRegion('us-east-1').send(new ListTrailsCommand({})),
    ]);
    expect(await assumeRoleEvents()).toEqual([{ roleArn: ROLE, sessionName: 'insights-gateway' }]);
    const status = organization.credentials(ACCOUNT)!.status();
    expect(status.state).toBe('VALID');
    expect(status.assumeRoleCalls).toBe(1);
    // DurationSeconds 900 (ORG_SESSION_SECONDS): STS's expiration, 15 minutes after the assumption.
    expect(status.expiresAt!.getTime() - status.assumedAt!.getTime()).toBeGreaterThan(880_000);
    expect(status.expiresAt!.getTime() - status.assumedAt!.getTime()).toBeLessThanOrEqual(900_000);
  });

  it('are renewed, once, when a call comes within minutes of their expiry, and the renewed ones work', async () => {
    const before = organization.credentials(ACCOUNT)!.status();
    // Only Date is faked: the SDK's own credential cache, ours and the emulator's STS all read it,
    // while sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'], now: before.expiresAt!.getTime() - 4 * 60_000 });
    const clients = organization.clients(ACCOUNT)!;
    await Promise.all([
      clients.forRegion('us-east-1').send(new ListTrailsCommand({})),
      clients.forRegion('us-west-2').send(new ListTrailsCommand({})),
    ]);
    const after = organization.credentials(ACCOUNT)!.status();
    expect(after.state).toBe('VALID');
    expect(after.assumeRoleCalls).toBe(2);
    expect(after.expiresAt!.getTime()).toBeGreaterThan(before.expiresAt!.getTime());
    expect(await assumeRoleEvents()).toHaveLength(2);
    // Past the first credentials' expiry, calls still work with the renewed ones and assume nothing more.
    vi.setSystemTime(before.expiresAt!.getTime() + 60_000);
    await clients.forRegion('us-east-1').send(new ListTrailsCommand({}));
    expect(organization.credentials(ACCOUNT)!.status().assumeRoleCalls).toBe(2);
  });

  it('an account whose role cannot be assumed is FAILED with STS\'s error, and STS is not asked again at once', async () => {
    const clients = organization.clients(FOREIGN)!;
    const failure = await clients.forRegion('us-east-1').send(new ListTrailsCommand({})).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'AccessDenied', accountId: FOREIGN, retryable: false });
    await clients.forRegion('us-west-2').send(new ListTrailsCommand({})).catch(() => undefined);
    const status = organization.credentials(FOREIGN)!.status();
    expect(status).toMatchObject({ state: 'FAILED', assumeRoleCalls: 1 });
    expect(status.failure?.message).toContain(FOREIGN);
  });
});
