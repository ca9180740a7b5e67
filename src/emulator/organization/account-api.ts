import type { ListRegionsResponse } from '@aws-sdk/client-account';
import { CloudTrailError } from '../errors.js';
import { page } from '../paging.js';
import type { CallerIdentity } from '../sts/identity.js';
import type { AccountDirectory } from './directory.js';
import { regionsOfAccount, type RegionOptStatus } from './regions.js';

/**
 * A minimal AWS Account Management API on the emulator's port, over its own wire protocol:
 * REST-JSON (`POST /listRegions` with a JSON body, SigV4 service `account`; errors as the HTTP
 * status, `x-amzn-ErrorType` and `{"message"}`), so the SDK's AccountClient works by endpoint.
 * ListRegions answers from the Regions the caller's account has (src/emulator/organization/regions.ts).
 */

/** An Account Management error; ValidationException carries `reason` (fieldValidationFailed, ...). */
export class AccountApiError extends CloudTrailError {
  constructor(
    type: string,
    message: string,
    statusCode: number,
    readonly reason?: string,
  ) {
    super(type, message, statusCode);
  }
}

const validation = (message: string) => new AccountApiError('ValidationException', message, 400, 'fieldValidationFailed');

/** AWS (ListRegions): MaxResults "Valid Range: Minimum value of 1. Maximum value of 50." Without it, pages of 20. */
export const LIST_REGIONS_MAX_RESULTS = 50;
export const LIST_REGIONS_DEFAULT_PAGE = 20;

const STATUSES: readonly RegionOptStatus[] = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'];

export interface AccountApiContext {
  caller: CallerIdentity;
  directory: AccountDirectory;
}

interface AccountApiOperation {
  (input: Record<string, unknown>, ctx: AccountApiContext): object;
  /** The name fault rules use (`ListRegions`). */
  operationName: string;
}

/** The HTTP status of each Account Management error (the SDK model's `httpError` traits). */
export const ACCOUNT_API_ERROR_STATUS: Record<string, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ResourceUnavailableException: 424,
  TooManyRequestsException: 429,
  ValidationException: 400,
};

/**
 * The account an operation acts on. AWS: without AccountId, "the Amazon Web Services account of the
 * identity used to call the operation"; with it, the caller must be the organization's management
 * account or a delegated administrator, the account a member of the same organization, and "the
 * management account can't specify its own AccountId".
 */
function targetAccount(input: Record<string, unknown>, ctx: AccountApiContext): string {
  const { accountId } = ctx.caller;
  const requested = input.AccountId;
  if (requested === undefined || requested === null) return accountId;
  if (typeof requested !== 'string' || !/^\d{12}$/.test(requested)) throw validation('AccountId must be a 12-digit account id.');
  const { directory } = ctx;
  const administers = directory.isManagementAccount(accountId) || directory.isDelegatedAdministrator(accountId);
  const org = directory.organizationOf(accountId);
  if (!administers || !org || !org.accounts.some((a) => a.id === requested)) {
    throw new AccountApiError('AccessDeniedException', `User is not authorized to access account ${requested}.`, 403);
  }
  if (requested === accountId && directory.isManagementAccount(accountId)) {
    throw validation("The management account can't specify its own AccountId; call without AccountId.");
  }
  return requested;
}

function statusFilter(input: Record<string, unknown>): Set<RegionOptStatus> | undefined {
  const value = input.RegionOptStatusContains;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validation('RegionOptStatusContains must be a list.');
  for (const status of value) {
    if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
      throw validation(`RegionOptStatusContains holds "${String(status)}"; valid values are ${STATUSES.join(', ')}.`);
    }
  }
  return new Set(value as RegionOptStatus[]);
}

const ListRegions = (input: Record<string, unknown>, ctx: AccountApiContext): ListRegionsResponse => {
  const accountId = targetAccount(input, ctx);
  const filter = statusFilter(input);
  const max = input.MaxResults;
  if (max !== undefined && max !== null && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > LIST_REGIONS_MAX_RESULTS)) {
    throw validation(`MaxResults must be an integer from 1 to ${LIST_REGIONS_MAX_RESULTS}.`);
  }
  const token = input.NextToken;
  if (token !== undefined && token !== null && typeof token !== 'string') throw validation('NextToken must be a string.');
  const account = ctx.directory.account(accountId) ?? { id: accountId, name: accountId };
  const regions = regionsOfAccount(account).filter((r) => filter === undefined || filter.has(r.RegionOptStatus));
  let result;
  try {
    // A token is bound to the account and the filter it was issued for.
    result = page('ListRegions', { accountId, filter: filter ? [...filter].sort() : null }, regions, token ?? undefined, (max as number | undefined) ?? LIST_REGIONS_DEFAULT_PAGE);
  } catch (err) {
    if (err instanceof CloudTrailError) throw validation(err.message);
    throw err;
  }
  return { Regions: result.items, ...(result.nextToken ? { NextToken: result.nextToken } : {}) };
};

/** Operations by their REST path (the SDK's `http` trait: `POST /listRegions`). */
const operationsByPath: Record<string, AccountApiOperation> = { '/listRegions': Object.assign(ListRegions, { operationName: 'ListRegions' }) };

/** The Account Management operation a request names, or undefined when it is not one. */
export function accountApiOperation(method: string | undefined, path: string): AccountApiOperation | undefined {
  return method === 'POST' && Object.hasOwn(operationsByPath, path) ? operationsByPath[path] : undefined;
}
