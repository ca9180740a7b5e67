import type { AccountCredentialsStatus } from '../aws/account-credentials.js';
import { isRetryable } from '../aws/exceptions.js';
import type { OrganizationAccount } from '../aws/organization.js';
import { builder } from './builder.js';
import { resolveNextTokenConnection } from './connections.js';
import { ALL_ENABLED_REGIONS } from '../organization-config.js';
import { FailedShardRef } from './organization-scope.js';
import { failedShardOf } from './shard-connection.js';
import type { GatewayContext } from './context.js';
import { brandedAsNode } from './global-ids.js';

/**
 * The member accounts of the organization view (ORG_ACCOUNTS / ORG_ACCOUNTS_FILE, and accounts
 * discovered with Organizations ListAccounts): who they are, the role the gateway assumes in each,
 * the Regions it reads there, and whether that role's credentials are in hand.
 */

export const AccountRef = builder.objectRef<OrganizationAccount>('Account');

const AccountSourceEnum = builder.enumType('AccountSource', {
  description: 'How the gateway knows an account.',
  values: {
    CONFIGURED: { value: 'CONFIGURED', description: 'Listed in ORG_ACCOUNTS (or ORG_ACCOUNTS_FILE).' },
    DISCOVERED: { value: 'DISCOVERED', description: 'Found with AWS Organizations ListAccounts (an ACTIVE member account).' },
  } as const,
});

const AccountCredentialsStateEnum = builder.enumType('AccountCredentialsState', {
  description: "Whether the gateway holds credentials of an account's role.",
  values: {
    NOT_ASSUMED: { value: 'NOT_ASSUMED', description: 'The role has not been assumed yet: nothing was read from this account so far.' },
    VALID: { value: 'VALID', description: 'Credentials are in hand and unexpired; they are renewed minutes before they expire.' },
    EXPIRED: { value: 'EXPIRED', description: 'The last credentials expired and nothing has needed new ones since; the next read assumes the role again.' },
    FAILED: {
      value: 'FAILED',
      description: 'The last AssumeRole failed (see `errorCode`): reads of this account fail with that error until it succeeds. STS is asked again at most every 30 seconds.',
    },
  } as const,
});

const AccountCredentialsRef = builder.objectRef<AccountCredentialsStatus>('AccountCredentials').implement({
  description: "The state of the credentials of an account's role, as the gateway holds them (no STS call is made to answer this).",
  fields: (t) => ({
    state: t.field({ type: AccountCredentialsStateEnum, description: 'Whether credentials are in hand.', resolve: (s) => s.state }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current (or last) credentials expire; null before the role was first assumed.',
      resolve: (s) => s.expiresAt ?? null,
    }),
    assumedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the role was last assumed successfully.',
      resolve: (s) => s.assumedAt ?? null,
    }),
    errorCode: t.string({
      nullable: true,
      description: "STS's error code of the last failed AssumeRole (`AccessDenied`: the role does not exist or its trust policy does not trust the gateway), while `state` is FAILED.",
      resolve: (s) => s.failure?.name ?? null,
    }),
    errorMessage: t.string({ nullable: true, description: 'What STS said, while `state` is FAILED.', resolve: (s) => s.failure?.message ?? null }),
    retryable: t.boolean({
      nullable: true,
      description: 'Whether the failure may pass by itself (throttling, an STS outage), while `state` is FAILED.',
      resolve: (s) => (s.failure ? isRetryable(s.failure) : null),
    }),
  }),
});

function credentialsStatus(account: OrganizationAccount, ctx: GatewayContext): AccountCredentialsStatus {
  return ctx.organization?.accounts.credentials(account.id)?.status() ?? { state: 'NOT_ASSUMED', assumeRoleCalls: 0 };
}

/** Accounts by id for `node(id:)`: the configured ones, and discovered ones (listing them if needed). */
async function loadAccounts(ids: readonly string[], ctx: GatewayContext): Promise<(OrganizationAccount | null)[]> {
  const organization = ctx.organization;
  if (!organization) return ids.map(() => null);
  const unknown = ids.some((id) => organization.accounts.account(id) === undefined);
  const all = unknown ? await organization.list() : [];
  return ids.map((id) => organization.accounts.account(id) ?? all.find((a) => a.id === id) ?? null);
}

builder.node(AccountRef, {
  authScopes: { 'cloudtrail:read': true },
  description:
    'An AWS account the gateway reads through a role it assumes there (the organization view). Objects read from it carry its id (`accountId`, the `number` of this account), and `scope: { accounts: [...] }` arguments take it.',
  id: { resolve: (account) => account.id },
  loadMany: async (ids, ctx) => (await loadAccounts(ids, ctx)).map((account) => brandedAsNode(AccountRef.name, account)),
  fields: (t) => ({
    // Not `accountId`: a field may not repeat its type's name (the schema lint), and AWS calls it the account number too.
    number: t.string({ description: 'The 12-digit account id (account number), as objects read from the account give it in `accountId`.', resolve: (a) => a.id }),
    name: t.string({
      nullable: true,
      description: 'The name configured for the account, or the one AWS Organizations gives it; null when neither exists.',
      resolve: (a) => a.name ?? null,
    }),
    roleArn: t.string({ description: 'The IAM role the gateway assumes in the account (STS AssumeRole).', resolve: (a) => a.roleArn }),
    regions: t.stringList({
      description:
        'The Regions the gateway reads in this account, in order. For an account configured with `"regions": "all-enabled"` (`allEnabledRegions`): the Regions AWS lists as enabled there (Account Management ListRegions, with the account\'s role; kept an hour), by Region code, and empty until they were first listed (a `scope` read, or `accounts(verify: true)`, lists them).',
      resolve: (a, _args, ctx) => (Array.isArray(a.regions) ? a.regions : (ctx.organization?.accounts.enabledRegions(a.id)?.known() ?? [])),
    }),
    allEnabledRegions: t.boolean({
      description: 'Whether the account is read in every Region it has enabled (`"regions": "all-enabled"`), as AWS lists them, rather than in configured Regions.',
      resolve: (a) => !Array.isArray(a.regions),
    }),
    regionsFailure: t.field({
      type: FailedShardRef,
      nullable: true,
      description:
        'For `allEnabledRegions`: why the last ListRegions failed (`AccessDeniedException` when the role lacks account:ListRegions, or STS\'s error when the role could not be assumed), with `region` `all-enabled`, until a listing succeeds; scope reads of the account report the same in `failedShards`. Null otherwise.',
      resolve: (a, _args, ctx) => {
        const failure = ctx.organization?.accounts.enabledRegions(a.id)?.failure();
        return failure ? failedShardOf({ accountId: a.id, region: ALL_ENABLED_REGIONS }, failure) : null;
      },
    }),
    source: t.field({ type: AccountSourceEnum, description: 'Configured, or discovered through AWS Organizations.', resolve: (a) => a.source }),
    credentials: t.field({
      type: AccountCredentialsRef,
      description: "The state of the role's credentials (read from the gateway's cache; `accounts(verify: true)` assumes the roles first).",
      resolve: (account, _args, ctx) => credentialsStatus(account, ctx),
    }),
  }),
});

builder.queryField('accounts', (t) =>
  t.connection(
    {
      type: AccountRef,
      authScopes: { 'cloudtrail:read': true },
      nullable: true,
      description:
        'The AWS accounts of the organization view: those configured in ORG_ACCOUNTS (in that order), then those discovered with Organizations ListAccounts (by id; one ListAccounts walk, kept 5 minutes). Empty when no accounts are configured: the gateway then reads its own account only. With `verify: true` the role of every account on the page is assumed first (one STS AssumeRole per account whose credentials are not already in hand), so `credentials` says whether each role works. Null (with an error) when the discovery listing fails.',
      args: {
        verify: t.arg.boolean({
          description:
            'Assume the role of each account on the page before answering, so `credentials.state` is VALID or FAILED, and list the Regions of `allEnabledRegions` accounts. Default false: no AWS call.',
        }),
      },
      edgesNullable: { list: false, items: false },
      resolve: async (_root, args, ctx) => {
        const organization = ctx.organization;
        return resolveNextTokenConnection<OrganizationAccount>({
          args,
          connection: 'accounts',
          boundTo: { verify: args.verify ?? false },
          // One "page": the list is in memory, and the cursor's index is the position in it.
          fetchPage: async () => ({ items: organization ? await organization.list() : [] }),
          toNodes: async (accounts) => {
            if (args.verify && organization) {
              // A failure is the account's state, shown in `credentials`, not the field's error.
              await Promise.all(
                accounts.map(async (a) => {
                  await organization.accounts.credentials(a.id)?.credentials().catch(() => undefined);
                  // "all-enabled" accounts: their Regions too (a failure shows in `regionsFailure`).
                  if (!Array.isArray(a.regions)) await organization.accounts.regionsOf(a.id).catch(() => undefined);
                }),
              );
            }
            return accounts;
          },
        });
      },
    },
    { name: 'AccountConnection', description: 'A page of the accounts of the organization view.' },
    { name: 'AccountEdge', description: 'An account and the cursor that resumes the list after it.' },
  ),
);
