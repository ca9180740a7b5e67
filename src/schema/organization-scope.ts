import { ALL_ENABLED_REGIONS } from '../organization-config.js';
import { isRegionCode } from '../rules/region.js';
import { CloudTrailServiceException } from '../aws/exceptions.js';
import { AwsErrorInterface } from './errors.js';
import { builder } from './builder.js';
import { badUserInput, surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';

/**
 * `scope`: which member accounts and Regions a field reads (the organization view). A field given a
 * scope reads every account-Region of it (a shard) in parallel and merges the answers; without one
 * it reads the gateway's own account, as it always did.
 */

/** One account-Region: CloudTrail's read APIs answer for one of these per call. */
export interface Shard {
  accountId: string;
  region: string;
  /**
   * Set when the shard failed before any read: the account's "all-enabled" Regions could not be
   * listed (its `region` is then `all-enabled`). Reads of it fail with this, so it is reported in
   * `failedShards` like any other failure, and keeps its place in cursors.
   */
  failure?: unknown;
}

export interface OrganizationScopeInput {
  accounts?: readonly string[] | null;
  regions?: readonly string[] | null;
}

export const OrganizationScopeInputRef = builder.inputType('OrganizationScope', {
  description:
    'Member accounts and Regions to read (ORG_ACCOUNTS). Every account-Region of the scope is read in parallel, within a few calls in flight per account-Region, and the answers merged; an account or Region that fails is listed in `failedShards` while the others answer. `{}` is every account in each of its Regions.',
  fields: (t) => ({
    accounts: t.stringList({ description: 'Account ids (`Account.number`) to read. Default: every account of `accounts`.' }),
    regions: t.stringList({
      description: "Regions to read in each account, among that account's Regions (`Account.regions`). Default: each account's Regions.",
    }),
  }),
});

/**
 * The shards of a scope, in order: accounts as listed (by default as `accounts` lists them), each
 * in its Regions' order. Refused before any AWS call when the gateway has no member accounts, an
 * account is unknown, a Region is not a Region code, or the scope has more than ORG_MAX_SHARDS shards.
 */
export async function shardsOf(scope: OrganizationScopeInput, ctx: GatewayContext): Promise<Shard[]> {
  const organization = ctx.organization;
  if (!organization) {
    throw badUserInput('`scope` reads member accounts, and this gateway has none: configure ORG_ACCOUNTS (or ORG_ACCOUNTS_FILE), or leave `scope` out to read its own account.');
  }
  for (const region of scope.regions ?? []) {
    if (!isRegionCode(region)) throw badUserInput(`\`scope.regions\` must hold AWS Region codes such as us-east-1; got "${region.slice(0, 64)}".`);
  }
  for (const id of scope.accounts ?? []) {
    if (!/^\d{12}$/.test(id)) throw badUserInput(`\`scope.accounts\` must hold 12-digit account ids; got "${id.slice(0, 64)}".`);
  }
  // A failed discovery (Organizations ListAccounts) fails the field with Organizations' own code, not masked.
  const all = await surfacingAwsFailures(() => organization.list());
  const byId = new Set(all.map((a) => a.id));
  const wanted = scope.accounts ? [...new Set(scope.accounts)] : all.map((a) => a.id);
  const unknown = wanted.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw badUserInput(`\`scope.accounts\` names accounts the gateway does not read: ${unknown.slice(0, 10).join(', ')}. See \`accounts\`.`);
  const regions = scope.regions ? new Set(scope.regions) : undefined;
  // Accounts of "all-enabled" Regions are asked for them (ListRegions, kept an hour), all at once.
  const perAccount = await Promise.all(
    wanted.map(async (id): Promise<Shard[]> => {
      let accountRegions: string[];
      try {
        accountRegions = await organization.accounts.regionsOf(id);
      } catch (failure) {
        return [{ accountId: id, region: ALL_ENABLED_REGIONS, failure }];
      }
      return accountRegions.filter((r) => regions === undefined || regions.has(r)).map((region) => ({ accountId: id, region }));
    }),
  );
  const shards = perAccount.flat();
  const max = organization.accounts.settings.maxShards;
  if (shards.length > max) {
    throw badUserInput(`This scope is ${shards.length} account-Regions; a query reads at most ${max} (ORG_MAX_SHARDS). Narrow \`scope.accounts\` or \`scope.regions\`.`);
  }
  return shards;
}

/**
 * The failure of one shard, as `failedShards` lists it: plain data (a resolver returning an Error
 * would fail its field), shaped like an AWS service exception (`name`, `message`, `$fault`,
 * `$metadata`) so the `AwsError` fields read it as they read any AWS failure.
 */
export interface FailedShard {
  accountId: string;
  region: string;
  code: string;
  message: string;
  retryable: boolean;
  awsRequestId: string | null;
  name: string;
  $fault: 'client' | 'server';
  $metadata: { requestId?: string };
}

export function failedShard(shard: Pick<Shard, 'accountId' | 'region'>, failure: { code: string; message: string; retryable: boolean; awsRequestId: string | null }): FailedShard {
  return {
    accountId: shard.accountId,
    region: shard.region,
    ...failure,
    name: failure.code,
    // isRetryable reads server faults as retryable.
    $fault: failure.retryable ? 'server' : 'client',
    $metadata: failure.awsRequestId === null ? {} : { requestId: failure.awsRequestId },
  };
}

/**
 * The same failure thrown as an item of a list of results or errors
 * (`insightsMetricSeriesList(scope:)`): the errors plugin places errors by their class.
 */
export class FailedShardError extends CloudTrailServiceException {
  readonly accountId: string;
  readonly region: string;
  readonly code: string;
  readonly retryable: boolean;
  readonly awsRequestId: string | null;

  constructor(failure: FailedShard) {
    super({ name: failure.code, $fault: failure.$fault, message: failure.message, $metadata: failure.$metadata });
    Object.setPrototypeOf(this, FailedShardError.prototype);
    this.accountId = failure.accountId;
    this.region = failure.region;
    this.code = failure.code;
    this.retryable = failure.retryable;
    this.awsRequestId = failure.awsRequestId;
  }
}

function isFailedShard(value: unknown): boolean {
  return value instanceof FailedShardError || (typeof value === 'object' && value !== null && 'accountId' in value && 'region' in value && '$metadata' in value);
}

export const FailedShardRef = builder.objectType(FailedShardError, {
  name: 'FailedShard',
  interfaces: [AwsErrorInterface],
  // `failedShards` lists plain FailedShard data; list items are FailedShardError.
  isTypeOf: isFailedShard,
  description:
    'An account-Region that did not answer: its AWS error (`AccessDenied` when the role cannot be assumed or does not allow the call, `ThrottlingException`, `AWS_UNAVAILABLE`...; `code` may also be the gateway\'s, such as `AWS_TIMEOUT` or `AWS_CALL_BUDGET_EXCEEDED`). The other shards still answered. Retry with the same `after` when `retryable` is true.',
  fields: (t) => ({
    accountId: t.exposeString('accountId', { description: 'The account.' }),
    region: t.exposeString('region', { description: 'The Region (`all-enabled` when the account\'s enabled Regions could not be listed).' }),
    awsRequestId: t.string({ nullable: true, description: "AWS's request id of the failed call, when AWS answered (the same as `requestId`).", resolve: (f) => f.awsRequestId }),
  }),
});

/** A list of plain FailedShard data, as the `FailedShard` type's fields read it. */
export function asFailedShardRefs(failures: readonly FailedShard[]): FailedShardError[] {
  return failures as unknown as FailedShardError[];
}
