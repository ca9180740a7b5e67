import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from '../helpers/gateway.js';
import { startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';
import { ACCOUNT } from '../helpers/trails.js';

/** `accounts` and the `Account` type, through yoga over the emulator (its STS assumes the roles). */

const FOREIGN = '999999999999';
let t: OrganizationTestGateway;

beforeAll(async () => {
  t = await startOrganizationGateway({
    regions: ['us-east-1', 'eu-west-1'],
    roleName: 'CloudTrailInsightsReader',
    accounts: [
      { id: ACCOUNT, name: 'security' },
      { id: FOREIGN, name: 'elsewhere', regions: ['ap-south-1'] },
    ],
  });
});
afterAll(() => t.close());

const ACCOUNTS = `query($first: Int, $after: String, $verify: Boolean) {
  accounts(first: $first, after: $after, verify: $verify) {
    edges { cursor node { id number name roleArn regions source credentials { state expiresAt errorCode retryable } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface AccountsAnswer {
  accounts: {
    edges: { cursor: string; node: { id: string; number: string; credentials: { state: string; expiresAt: string | null; errorCode: string | null } } & Record<string, unknown> }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('accounts', () => {
  it('lists the configured accounts in order with their roles and Regions, without assuming any role', async () => {
    const res = await t.query<AccountsAnswer>(ACCOUNTS);
    expect(res.errors).toBeUndefined();
    expect(res.data?.accounts.edges.map((e) => e.node)).toEqual([
      {
        id: expect.any(String),
        number: ACCOUNT,
        name: 'security',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/CloudTrailInsightsReader`,
        regions: ['us-east-1', 'eu-west-1'],
        source: 'CONFIGURED',
        credentials: { state: 'NOT_ASSUMED', expiresAt: null, errorCode: null, retryable: null },
      },
      {
        id: expect.any(String),
        number: FOREIGN,
        name: 'elsewhere',
        roleArn: `arn:aws:iam::${FOREIGN}:role/CloudTrailInsightsReader`,
        regions: ['ap-south-1'],
        source: 'CONFIGURED',
        credentials: { state: 'NOT_ASSUMED', expiresAt: null, errorCode: null, retryable: null },
      },
    ]);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('with verify: true assumes each role and shows which work', async () => {
    const res = await t.query<AccountsAnswer>(ACCOUNTS, { verify: true });
    const states = res.data?.accounts.edges.map((e) => e.node.credentials);
    expect(states?.[0]).toMatchObject({ state: 'VALID', errorCode: null });
    expect(Date.parse(states?.[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(states?.[1]).toMatchObject({ state: 'FAILED', errorCode: 'AccessDenied', retryable: false });
  });

  it('pages with first and after, and refuses a cursor of other arguments', async () => {
    const first = await t.query<AccountsAnswer>(ACCOUNTS, { first: 1 });
    expect(first.data?.accounts.edges.map((e) => e.node.number)).toEqual([ACCOUNT]);
    expect(first.data?.accounts.pageInfo.hasNextPage).toBe(true);
    const second = await t.query<AccountsAnswer>(ACCOUNTS, { first: 1, after: first.data?.accounts.pageInfo.endCursor });
    expect(second.data?.accounts.edges.map((e) => e.node.number)).toEqual([FOREIGN]);
    expect(second.data?.accounts.pageInfo.hasNextPage).toBe(false);
    const mixed = await t.query(ACCOUNTS, { first: 1, after: first.data?.accounts.pageInfo.endCursor, verify: true });
    expect(mixed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('an Account is a node: node(id:) fetches it again', async () => {
    const list = await t.query<AccountsAnswer>(ACCOUNTS);
    const id = list.data?.accounts.edges[1]?.node.id;
    const res = await t.query<{ node: { number: string } }>('query($id: ID!) { node(id: $id) { ... on Account { number } } }', { id });
    expect(res.data?.node).toEqual({ number: FOREIGN });
  });
});

describe('accounts without an organization view', () => {
  it('is empty, and costs nothing', async () => {
    const plain = await startTestGateway();
    try {
      const res = await plain.query<AccountsAnswer>(ACCOUNTS);
      expect(res.data?.accounts).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    } finally {
      await plain.close();
    }
  });
});
