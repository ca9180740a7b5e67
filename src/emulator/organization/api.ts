import type { Account, DescribeOrganizationResponse, ListAccountsResponse } from '@aws-sdk/client-organizations';
import { CloudTrailError } from '../errors.js';
import { page } from '../paging.js';
import type { CallerIdentity } from '../sts/identity.js';
import { accountEmail, type AccountDirectory, type OrganizationView } from './directory.js';

/**
 * A minimal AWS Organizations on the emulator's port, over its own wire protocol: JSON 1.1 with
 * `X-Amz-Target: AWSOrganizationsV20161128.<Operation>` (SigV4 service `organizations`), for
 * DescribeOrganization and ListAccounts, so the SDK's OrganizationsClient works by endpoint.
 */

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';

/** An Organizations error; `reason` is InvalidInputException's Reason member. */
export class OrganizationsError extends CloudTrailError {
  constructor(
    type: string,
    message: string,
    readonly reason?: string,
  ) {
    super(type, message);
  }
}

/** Organizations' MaxResults (the SDK model's range for ListAccounts): 1-20; without it, pages of 20. */
export const LIST_ACCOUNTS_MAX_RESULTS = 20;

export interface OrganizationsContext {
  caller: CallerIdentity;
  directory: AccountDirectory;
  /** When the accounts joined the organization (the emulator holds no history: its start). */
  joinedAt: Date;
}

type OrganizationsOperation = (input: Record<string, unknown>, ctx: OrganizationsContext) => object;

function organizationOf(ctx: OrganizationsContext): OrganizationView {
  const org = ctx.directory.organizationOf(ctx.caller.accountId);
  // AWS: "Your account isn't a member of an organization."
  if (!org) {
    throw new OrganizationsError(
      'AWSOrganizationsNotInUseException',
      "Your account is not a member of an organization. To make this request, you must use the credentials of an account that belongs to an organization.",
    );
  }
  return org;
}

/** Any member may describe its organization; the answer names the management account. */
const DescribeOrganization: OrganizationsOperation = (_input, ctx): DescribeOrganizationResponse => {
  const org = organizationOf(ctx);
  return {
    Organization: {
      Id: org.id,
      Arn: org.arn,
      // Organization trails need all features (CloudTrail: OrganizationNotInAllFeaturesModeException otherwise).
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
      MasterAccountId: org.managementAccountId,
      MasterAccountEmail: org.managementAccountEmail,
      AvailablePolicyTypes: [],
    },
  };
};

function maxResultsOf(input: Record<string, unknown>): number {
  const value = input.MaxResults;
  if (value === undefined || value === null) return LIST_ACCOUNTS_MAX_RESULTS;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new OrganizationsError('InvalidInputException', 'MaxResults must be an integer.', 'INVALID_INPUT');
  }
  if (value < 1) throw new OrganizationsError('InvalidInputException', 'MaxResults must be at least 1.', 'MIN_VALUE_EXCEEDED');
  if (value > LIST_ACCOUNTS_MAX_RESULTS) {
    throw new OrganizationsError('InvalidInputException', `MaxResults must be at most ${LIST_ACCOUNTS_MAX_RESULTS}.`, 'MAX_VALUE_EXCEEDED');
  }
  return value;
}

/**
 * AWS: "This operation can be called only from the organization's management account or by a
 * member account that is a delegated administrator"; others get AccessDeniedException.
 */
const ListAccounts: OrganizationsOperation = (input, ctx): ListAccountsResponse => {
  const org = organizationOf(ctx);
  const { accountId } = ctx.caller;
  if (!ctx.directory.isManagementAccount(accountId) && !ctx.directory.isDelegatedAdministrator(accountId)) {
    throw new OrganizationsError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  const maxResults = maxResultsOf(input);
  const token = input.NextToken;
  if (token !== undefined && token !== null && typeof token !== 'string') {
    throw new OrganizationsError('InvalidInputException', 'NextToken must be a string.', 'INVALID_NEXT_TOKEN');
  }
  const accounts: Account[] = org.accounts.map((account) => ({
    Id: account.id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${account.id}`,
    Email: accountEmail(account),
    Name: account.name,
    // AWS lists members in every state; Status is the deprecated field State replaces (same values here).
    Status: account.state ?? 'ACTIVE',
    State: account.state ?? 'ACTIVE',
    JoinedMethod: account.id === org.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: ctx.joinedAt,
  }));
  let result;
  try {
    // A token is bound to the request's other parameters (MaxResults may change between pages, as AWS allows).
    result = page('ListAccounts', {}, accounts, token ?? undefined, maxResults);
  } catch (err) {
    if (err instanceof CloudTrailError) throw new OrganizationsError('InvalidInputException', err.message, 'INVALID_NEXT_TOKEN');
    throw err;
  }
  return { Accounts: result.items, NextToken: result.nextToken };
};

export const organizationsOperations: Record<string, OrganizationsOperation> = { DescribeOrganization, ListAccounts };

/** The operation an Organizations X-Amz-Target names, or undefined when it names another service. */
export function organizationsOperation(target: string): string | undefined {
  return target.startsWith(ORGANIZATIONS_TARGET_PREFIX) ? target.slice(ORGANIZATIONS_TARGET_PREFIX.length) : undefined;
}
