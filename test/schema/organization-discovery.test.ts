import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountConfig, AccountsConfig } from '../../src/emulator/organization/accounts.js';
import { startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';
import { ACCOUNT } from '../helpers/trails.js';

/**
 * Member accounts discovered with AWS Organizations ListAccounts (`discovery` in ORG_ACCOUNTS),
 * through yoga, the real OrganizationsClient, STS and CloudTrail clients, and the emulator's
 * Organizations endpoint: ACTIVE members appear with their names and the role the pattern names,
 * others do not; every ListAccounts page is read; a failing ListAccounts is a typed error, asked
 * again on the next query; a configured account wins over its discovered duplicate.
 */

/** 24 ACTIVE members (more than one ListAccounts page of 20 with the management account), 2 suspended or closing. */
const ACTIVE = Array.from({ length: 24 }, (_, k) => ({ id: String(200000000000 + k), name: `Team ${String(k).padStart(2, '0')}` }));
const SUSPENDED = { id: '290000000001', name: 'Old Team' };
const CLOSING = { id: '290000000002', name: 'Closing Team' };
/** Configured too, with its own name, role and Regions. */
const CONFIGURED = ACTIVE[3]!;

/** Discovered accounts are read through `Reader-{accountName}`: the emulator's roles are exactly those. */
const roleOf = (name: string) => `Reader-${name.replace(/[^\w+=,.@-]/g, '-')}`;

const organization: AccountsConfig = {
  strictAccessKeys: false,
  organization: { managementAccountId: ACCOUNT },
  accounts: [
    { id: ACCOUNT, name: 'Management', roles: [{ name: roleOf('Management') }] },
    ...ACTIVE.map((a): AccountConfig => ({ ...a, roles: [{ name: roleOf(a.name) }, { name: 'Custom' }] })),
    { ...SUSPENDED, state: 'SUSPENDED', roles: [{ name: roleOf(SUSPENDED.name) }] },
    { ...CLOSING, state: 'PENDING_CLOSURE', roles: [{ name: roleOf(CLOSING.name) }] },
  ],
};

const settings = {
  regions: ['us-east-1'],
  accounts: [{ id: CONFIGURED.id, name: 'configured-name', roleArn: `arn:aws:iam::${CONFIGURED.id}:role/Custom`, regions: ['eu-west-1'] }],
  discovery: { roleNamePattern: 'Reader-{accountName}' },
};

let t: OrganizationTestGateway;
let listAccountsRequests = 0;

beforeAll(async () => {
  t = await startOrganizationGateway(settings, { emulator: { organization } });
  const faults = t.emulator.faults;
  const checkNamed = faults.checkNamed.bind(faults);
  // Counts the ListAccounts requests the emulator receives, where it applies their fault rules.
  faults.checkNamed = (operation) => {
    if (operation === 'ListAccounts') listAccountsRequests += 1;
    checkNamed(operation);
  };
});
afterAll(() => t.close());

const ACCOUNTS = `query($verify: Boolean) {
  accounts(first: 100, verify: $verify) {
    edges { node { number name roleArn regions source credentials { state errorCode } } }
  }
}`;

interface AccountNode {
  number: string;
  name: string | null;
  roleArn: string;
  regions: string[];
  source: string;
  credentials: { state: string; errorCode: string | null };
}
interface AccountsAnswer {
  accounts: { edges: { node: AccountNode }[] } | null;
}

describe('discovery through Organizations ListAccounts', () => {
  it('a failing ListAccounts is a typed error on the field (not masked), and the next query lists again', async () => {
    t.emulator.faults.set({ failures: [{ operation: 'ListAccounts', errorType: 'TooManyRequestsException', message: 'AWS Organizations can\'t complete your request because another request is already in progress', times: 2 }] });
    const before = listAccountsRequests;
    const failing = await t.query<AccountsAnswer>(ACCOUNTS);
    expect(failing.data?.accounts).toBeNull();
    expect(failing.errors?.[0]?.extensions).toMatchObject({ code: 'TooManyRequestsException', retryable: true });
    expect(failing.errors?.[0]?.message).toContain('ListAccounts');
    // A scope read fails the same way, typed, before any CloudTrail call.
    const scoped = await t.query<{ trails: unknown }>(`{ trails(first: 1, scope: {}) { edges { node { arn } } } }`);
    expect(scoped.errors?.[0]?.extensions).toMatchObject({ code: 'TooManyRequestsException', retryable: true });
    expect(listAccountsRequests - before).toBe(2);

    const listed = await t.query<AccountsAnswer>(ACCOUNTS);
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.accounts?.edges.length).toBeGreaterThan(0);
  });

  it('reads every ListAccounts page: each ACTIVE member once, by id, with its name and the role the pattern names', async () => {
    const res = await t.query<AccountsAnswer>(ACCOUNTS);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.accounts!.edges.map((e) => e.node);
    const discovered = [{ id: ACCOUNT, name: 'Management' }, ...ACTIVE.filter((a) => a.id !== CONFIGURED.id)].sort((a, b) => a.id.localeCompare(b.id));
    expect(nodes.slice(1)).toEqual(
      discovered.map((a) => ({
        number: a.id,
        name: a.name,
        roleArn: `arn:aws:iam::${a.id}:role/${roleOf(a.name)}`,
        regions: ['us-east-1'],
        source: 'DISCOVERED',
        credentials: { state: 'NOT_ASSUMED', errorCode: null },
      })),
    );
  });

  it('leaves out suspended and closing members', async () => {
    const numbers = (await t.query<AccountsAnswer>(ACCOUNTS)).data!.accounts!.edges.map((e) => e.node.number);
    expect(numbers).not.toContain(SUSPENDED.id);
    expect(numbers).not.toContain(CLOSING.id);
  });

  it('a configured account wins over its discovered duplicate: listed once, first, with its own name, role and Regions', async () => {
    const nodes = (await t.query<AccountsAnswer>(ACCOUNTS)).data!.accounts!.edges.map((e) => e.node);
    expect(nodes.filter((n) => n.number === CONFIGURED.id)).toEqual([
      {
        number: CONFIGURED.id,
        name: 'configured-name',
        roleArn: `arn:aws:iam::${CONFIGURED.id}:role/Custom`,
        regions: ['eu-west-1'],
        source: 'CONFIGURED',
        credentials: expect.any(Object),
      },
    ]);
    expect(nodes[0]?.number).toBe(CONFIGURED.id);
  });

  it('the role the pattern names is the one assumed: verify assumes each, and a scope read reaches every discovered account', async () => {
    const verified = (await t.query<AccountsAnswer>(ACCOUNTS, { verify: true })).data!.accounts!.edges.map((e) => e.node);
    // The emulator's accounts have no other role than Reader-<name> (and Custom): each VALID credential proves the name.
    expect(verified.map((n) => [n.number, n.credentials.state])).toEqual(verified.map((n) => [n.number, 'VALID']));
    const res = await t.query<{ eventDataStores: { failedShards: unknown[] } }>(`{ eventDataStores(first: 5, scope: {}) { failedShards { accountId code } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.eventDataStores.failedShards).toEqual([]);
  });

  it('the listing is kept between queries: one ListAccounts walk (two pages) for several queries', async () => {
    const before = listAccountsRequests;
    await t.query<AccountsAnswer>(ACCOUNTS);
    await t.query<AccountsAnswer>(ACCOUNTS);
    expect(listAccountsRequests).toBe(before);
  });
});

describe('discovery: paging', () => {
  let fresh: OrganizationTestGateway;
  let requests = 0;
  beforeAll(async () => {
    fresh = await startOrganizationGateway(settings, { emulator: { organization } });
    const faults = fresh.emulator.faults;
    const checkNamed = faults.checkNamed.bind(faults);
    faults.checkNamed = (operation) => {
      if (operation === 'ListAccounts') requests += 1;
      checkNamed(operation);
    };
  });
  afterAll(() => fresh.close());

  it('follows NextToken: 27 accounts in the organization are two pages of 20, two ListAccounts calls', async () => {
    const res = await fresh.query<AccountsAnswer>(ACCOUNTS);
    expect(res.errors).toBeUndefined();
    expect(requests).toBe(2);
    // 1 management + 24 active; the configured duplicate is listed once.
    expect(res.data?.accounts?.edges.length).toBe(25);
    expect(res.data?.accounts?.edges.map((e) => e.node.number)).toContain(ACTIVE[23]!.id);
  });
});
