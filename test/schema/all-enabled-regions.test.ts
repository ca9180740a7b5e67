import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { AccountsConfig } from '../../src/emulator/organization/accounts.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';
import { ACCOUNT } from '../helpers/trails.js';

/**
 * `"regions": "all-enabled"`: the Regions of an account are those AWS Account Management
 * ListRegions lists as ENABLED or ENABLED_BY_DEFAULT, asked with the account's own role, through
 * the real AccountClient, STS and CloudTrail clients against the emulator; an account whose Regions
 * cannot be listed is a failed shard with the AWS error, beside the others' answers.
 */

const MEMBER = '222222222222';
const AUDIT = '333333333333';
const LOCKED = '555555555555';

/** AWS: the Regions launched before March 20, 2019, enabled in every account. */
const ENABLED_BY_DEFAULT = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
  'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];
/** The member enabled Europe (Milan); Middle East (Bahrain) is still ENABLING, so not read. */
const MEMBER_REGIONS = [...ENABLED_BY_DEFAULT, 'eu-south-1'].sort();

const organization: AccountsConfig = {
  // The gateway's test key is not listed: it acts as a user of the default account, the management account.
  strictAccessKeys: false,
  organization: { managementAccountId: ACCOUNT },
  accounts: [
    { id: ACCOUNT, name: 'Management' },
    { id: MEMBER, name: 'Member', roles: [{ name: 'Reader' }], optInRegions: { 'eu-south-1': 'ENABLED', 'me-south-1': 'ENABLING' } },
    { id: AUDIT, name: 'Audit', roles: [{ name: 'Reader' }] },
    // No role the gateway may assume: AssumeRole answers AccessDenied.
    { id: LOCKED, name: 'Locked', roles: [] },
  ],
};

let t: OrganizationTestGateway;
let calls: EmulatorCallCounts;
let listRegionsRequests = 0;

beforeAll(async () => {
  t = await startOrganizationGateway(
    { roleName: 'Reader', regions: 'all-enabled', accounts: [{ id: MEMBER }, { id: AUDIT, regions: ['us-east-1', 'eu-west-1'] }, { id: LOCKED }] },
    { emulator: { organization } },
  );
  calls = countEmulatorCalls(t.emulator);
  // Counts the ListRegions requests the emulator receives, where it applies their fault rules.
  const faults = t.emulator.faults;
  const checkNamed = faults.checkNamed.bind(faults);
  faults.checkNamed = (operation) => {
    if (operation === 'ListRegions') listRegionsRequests += 1;
    checkNamed(operation);
  };
});
afterAll(async () => {
  calls.stop();
  await t.close();
});

const STORES = `query($scope: OrganizationScope!) {
  eventDataStores(first: 50, scope: $scope) {
    edges { node { arn } }
    failedShards { accountId region code message retryable }
  }
}`;

interface StoresAnswer {
  eventDataStores: { edges: unknown[]; failedShards: { accountId: string; region: string; code: string; message: string; retryable: boolean }[] };
}

const ACCOUNTS = `query($verify: Boolean) {
  accounts(verify: $verify) {
    edges { node { number regions allEnabledRegions regionsFailure { accountId region code retryable } } }
  }
}`;

interface AccountsAnswer {
  accounts: { edges: { node: { number: string; regions: string[]; allEnabledRegions: boolean; regionsFailure: { code: string; region: string } | null } }[] };
}

describe('"regions": "all-enabled" in ORG_ACCOUNTS', () => {
  it('is accepted at the top, per account and for discovery; another word is refused naming the setting', () => {
    const settings = loadConfig({
      ORG_ACCOUNTS: JSON.stringify({
        regions: 'all-enabled',
        roleName: 'Reader',
        accounts: [{ id: MEMBER }, { id: AUDIT, regions: ['us-east-1'] }],
        discovery: { roleNamePattern: 'Reader', regions: 'all-enabled' },
      }),
    }).organization;
    expect(settings?.accounts.map((a) => a.regions)).toEqual(['all-enabled', ['us-east-1']]);
    expect(settings?.discovery?.regions).toBe('all-enabled');
    expect(() => loadConfig({ ORG_ACCOUNTS: JSON.stringify({ roleName: 'Reader', accounts: [{ id: MEMBER, regions: 'all' }] }) })).toThrow(
      /ORG_ACCOUNTS accounts\[0\]\.regions: .*"all-enabled"/,
    );
  });

  it('a failing ListRegions is a failed shard with the Account API\'s error, and the next query asks again', async () => {
    t.emulator.faults.set({ failures: [{ operation: 'ListRegions', errorType: 'AccessDeniedException', message: 'not authorized to perform account:ListRegions', times: 1 }] });
    calls.reset();
    const failing = await t.query<StoresAnswer>(STORES, { scope: { accounts: [MEMBER, AUDIT] } });
    expect(failing.errors).toBeUndefined();
    expect(failing.data?.eventDataStores.failedShards).toEqual([
      { accountId: MEMBER, region: 'all-enabled', code: 'AccessDeniedException', message: expect.stringContaining('account:ListRegions'), retryable: false },
    ]);
    // The account listed by Region answered in each of its Regions.
    expect(calls.of('ListEventDataStores')).toBe(2);
    const accounts = await t.query<AccountsAnswer>(ACCOUNTS);
    expect(accounts.data?.accounts.edges[0]?.node).toEqual({
      number: MEMBER,
      regions: [],
      allEnabledRegions: true,
      regionsFailure: { accountId: MEMBER, region: 'all-enabled', code: 'AccessDeniedException', retryable: false },
    });

    t.emulator.faults.set({});
    calls.reset();
    const before = listRegionsRequests;
    const answered = await t.query<StoresAnswer>(STORES, { scope: { accounts: [MEMBER, AUDIT] } });
    expect(answered.data?.eventDataStores.failedShards).toEqual([]);
    expect(listRegionsRequests - before).toBeGreaterThan(0);
    expect(calls.of('ListEventDataStores')).toBe(MEMBER_REGIONS.length + 2);
  });

  it('reads each Region the account has enabled, as ListRegions lists it, and keeps the list: no ListRegions on the next query', async () => {
    const before = listRegionsRequests;
    calls.reset();
    const res = await t.query<StoresAnswer>(STORES, { scope: { accounts: [MEMBER], regions: ['eu-south-1', 'me-south-1', 'af-south-1'] } });
    expect(res.errors).toBeUndefined();
    // Only eu-south-1 is both asked for and enabled: one call, there.
    expect(calls.of('ListEventDataStores')).toBe(1);
    expect(listRegionsRequests).toBe(before);
    const listed = await t.query<AccountsAnswer>(ACCOUNTS);
    expect(listed.data?.accounts.edges.map((e) => e.node)).toEqual([
      { number: MEMBER, regions: MEMBER_REGIONS, allEnabledRegions: true, regionsFailure: null },
      { number: AUDIT, regions: ['us-east-1', 'eu-west-1'], allEnabledRegions: false, regionsFailure: null },
      { number: LOCKED, regions: [], allEnabledRegions: true, regionsFailure: null },
    ]);
  });

  it('an account whose role cannot be assumed is a failed shard with STS\'s error; verify shows it on the account', async () => {
    const res = await t.query<StoresAnswer>(STORES, { scope: {} });
    expect(res.errors).toBeUndefined();
    expect(res.data?.eventDataStores.failedShards).toEqual([
      { accountId: LOCKED, region: 'all-enabled', code: 'AccessDenied', message: expect.stringContaining(LOCKED), retryable: false },
    ]);
    const verified = await t.query<AccountsAnswer>(ACCOUNTS, { verify: true });
    expect(verified.data?.accounts.edges[2]?.node).toMatchObject({ number: LOCKED, regions: [], regionsFailure: { code: 'AccessDenied', region: 'all-enabled' } });
  });

  it('insightEvents and trails report the unlisted account per shard too, while the others answer', async () => {
    const res = await t.query<{
      insightEvents: { failedShards: { accountId: string; region: string; code: string }[] };
      trails: { failedShards: { accountId: string; region: string; code: string }[] };
    }>(`{
      insightEvents(first: 5, scope: {}) { failedShards { accountId region code } }
      trails(first: 5, scope: {}) { failedShards { accountId region code } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.insightEvents.failedShards).toEqual([{ accountId: LOCKED, region: 'all-enabled', code: 'AccessDenied' }]);
    expect(res.data?.trails.failedShards).toEqual([{ accountId: LOCKED, region: 'all-enabled', code: 'AccessDenied' }]);
  });
});

describe('"regions": "all-enabled" for discovered accounts', () => {
  let discovered: OrganizationTestGateway;
  beforeAll(async () => {
    discovered = await startOrganizationGateway({ discovery: { roleNamePattern: 'Reader', regions: 'all-enabled' } }, { emulator: { organization } });
  });
  afterAll(() => discovered.close());

  it('each ACTIVE member Organizations lists is read in the Regions it has enabled, through the pattern\'s role', async () => {
    const res = await discovered.query<AccountsAnswer>(ACCOUNTS, { verify: true });
    expect(res.errors).toBeUndefined();
    const byNumber = new Map(res.data!.accounts.edges.map((e) => [e.node.number, e.node]));
    expect(byNumber.get(MEMBER)).toEqual({ number: MEMBER, regions: MEMBER_REGIONS, allEnabledRegions: true, regionsFailure: null });
    expect(byNumber.get(AUDIT)).toEqual({ number: AUDIT, regions: ENABLED_BY_DEFAULT, allEnabledRegions: true, regionsFailure: null });
    expect(byNumber.get(LOCKED)?.regionsFailure).toMatchObject({ code: 'AccessDenied', region: 'all-enabled' });
  });
});
