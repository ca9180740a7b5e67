import { readFile } from 'node:fs/promises';
import { OPT_IN_REGIONS, OPT_IN_STATES, type RegionOptStatus } from './regions.js';

/**
 * The accounts the emulator holds and the organization they form, as a JSON-friendly configuration
 * (`--organization <file.json>`, `EmulatorOptions.organization`) and the directory built from it.
 *
 * AWS decides a request's account from its credentials: a long-term access key belongs to an IAM
 * user of one account, and a session key to the account of the role it was issued for. The
 * emulator has no IAM, so the configuration says which long-term keys belong to which account, and
 * which roles each account has (who may assume them, with which external id).
 */

export interface RoleConfig {
  /** The role name (the last part of `arn:aws:iam::<account>:role/<name>`). */
  name: string;
  /** When set, AssumeRole must send exactly this ExternalId (the role's trust policy condition). */
  externalId?: string;
  /**
   * Accounts whose principals may assume the role (the trust policy's principals). Absent: every
   * account the emulator holds.
   */
  trustedAccountIds?: string[];
}

export interface AccessKeyConfig {
  accessKeyId: string;
  /** When set, requests signed with this key must carry a valid SigV4 signature made with it. */
  secretAccessKey?: string;
  /** The IAM user the key belongs to, as CloudTrail records it. @default emulator-user */
  userName?: string;
}

export interface AccountConfig {
  /** 12 digits. */
  id: string;
  name: string;
  /** @default `<name>@example.com` */
  email?: string;
  accessKeys?: AccessKeyConfig[];
  /** Absent: any role name of the account may be assumed (the emulator's behaviour before roles). */
  roles?: RoleConfig[];
  /** An account that belongs to no organization (Organizations answers AWSOrganizationsNotInUseException). */
  standalone?: boolean;
  /** Regions the demo seed fills for this account. */
  regions?: string[];
  /**
   * The account's opt-in Regions (AWS: Regions launched after March 20, 2019) it has enabled, or is
   * enabling or disabling; the others are DISABLED. Account Management's ListRegions answers from
   * this; Regions enabled by default need no entry and cannot be disabled.
   */
  optInRegions?: Record<string, Exclude<RegionOptStatus, 'ENABLED_BY_DEFAULT'>>;
  /** The account's state in its organization (Organizations' Account `State`, listed by ListAccounts). @default ACTIVE */
  state?: MemberAccountState;
}

/** Organizations' AccountState values of an account still in the organization. */
export type MemberAccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
const MEMBER_ACCOUNT_STATES: readonly MemberAccountState[] = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'];

export interface OrganizationConfig {
  /** `o-` and 10-32 lower-case letters or digits. @default derived from the management account */
  id?: string;
  managementAccountId: string;
  /** Member accounts registered as delegated administrators (they may call ListAccounts). */
  delegatedAdministratorIds?: string[];
}

export interface AccountsConfig {
  accounts: AccountConfig[];
  /** Absent: no account is in an organization. */
  organization?: OrganizationConfig;
  /**
   * Refuse long-term keys no account lists (UnrecognizedClientException for CloudTrail and
   * Organizations, InvalidClientTokenId for STS), as AWS refuses keys it never issued.
   * @default false: any unlisted key acts as a user of the default account.
   */
  strictAccessKeys?: boolean;
}

export class AccountsConfigError extends Error {}

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** AWS: access key ids are 16-128 characters of `\w`. */
const ACCESS_KEY_ID = /^\w{16,128}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function fail(message: string): never {
  throw new AccountsConfigError(message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function optionalText(owner: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = owner[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(`${where}.${key} must be a non-empty string`);
  return value;
}

function listOf(owner: Record<string, unknown>, key: string, where: string): unknown[] | undefined {
  const value = owner[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(`${where}.${key} must be a list`);
  return value;
}

function accountIds(owner: Record<string, unknown>, key: string, where: string): string[] | undefined {
  return listOf(owner, key, where)?.map((id, k) => {
    if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) fail(`${where}.${key}[${k}] must be a 12-digit account id`);
    return id;
  });
}

function parseRole(value: unknown, where: string): RoleConfig {
  if (!isObject(value)) fail(`${where} must be an object`);
  const name = optionalText(value, 'name', where);
  if (name === undefined || !ROLE_NAME.test(name)) fail(`${where}.name must be an IAM role name ([\\w+=,.@-], 1-64 characters)`);
  return { name, externalId: optionalText(value, 'externalId', where), trustedAccountIds: accountIds(value, 'trustedAccountIds', where) };
}

function parseAccessKey(value: unknown, where: string): AccessKeyConfig {
  if (!isObject(value)) fail(`${where} must be an object`);
  const accessKeyId = optionalText(value, 'accessKeyId', where);
  if (accessKeyId === undefined || !ACCESS_KEY_ID.test(accessKeyId)) fail(`${where}.accessKeyId must be 16-128 letters, digits or _`);
  // The emulator tells its own session keys by the ASIA prefix.
  if (accessKeyId.startsWith('ASIA')) fail(`${where}.accessKeyId must not start with ASIA, the prefix of temporary keys`);
  return { accessKeyId, secretAccessKey: optionalText(value, 'secretAccessKey', where), userName: optionalText(value, 'userName', where) };
}

function parseAccount(value: unknown, where: string): AccountConfig {
  if (!isObject(value)) fail(`${where} must be an object`);
  const id = optionalText(value, 'id', where);
  if (id === undefined || !ACCOUNT_ID.test(id)) fail(`${where}.id must be a 12-digit account id`);
  const name = optionalText(value, 'name', where) ?? fail(`${where}.name is required`);
  const standalone = value.standalone;
  if (standalone !== undefined && typeof standalone !== 'boolean') fail(`${where}.standalone must be true or false`);
  const regions = listOf(value, 'regions', where)?.map((r, k) => {
    if (typeof r !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) fail(`${where}.regions[${k}] must be a Region name`);
    return r;
  });
  const optIn = value.optInRegions;
  if (optIn !== undefined && !isObject(optIn)) fail(`${where}.optInRegions must be an object of Region: state`);
  const optInRegions = optIn === undefined ? undefined : (optIn as Record<string, unknown>);
  for (const [region, state] of Object.entries(optInRegions ?? {})) {
    if (!OPT_IN_REGIONS.includes(region)) fail(`${where}.optInRegions.${region} is not an opt-in Region (${OPT_IN_REGIONS.join(', ')})`);
    if (typeof state !== 'string' || !(OPT_IN_STATES as readonly string[]).includes(state)) {
      fail(`${where}.optInRegions.${region} must be one of ${OPT_IN_STATES.join(', ')}`);
    }
  }
  const state = value.state;
  if (state !== undefined && (typeof state !== 'string' || !(MEMBER_ACCOUNT_STATES as readonly string[]).includes(state))) {
    fail(`${where}.state must be one of ${MEMBER_ACCOUNT_STATES.join(', ')}`);
  }
  return {
    id,
    name,
    ...(optInRegions ? { optInRegions: optInRegions as AccountConfig['optInRegions'] } : {}),
    ...(state !== undefined ? { state: state as MemberAccountState } : {}),
    email: optionalText(value, 'email', where),
    accessKeys: listOf(value, 'accessKeys', where)?.map((k, i) => parseAccessKey(k, `${where}.accessKeys[${i}]`)),
    roles: listOf(value, 'roles', where)?.map((r, i) => parseRole(r, `${where}.roles[${i}]`)),
    standalone,
    regions,
  };
}

/** Validates a configuration read from JSON; throws AccountsConfigError naming the first problem. */
export function parseAccountsConfig(value: unknown): AccountsConfig {
  if (!isObject(value)) fail('the organization configuration must be a JSON object');
  const accounts = (listOf(value, 'accounts', 'configuration') ?? fail('configuration.accounts is required')).map((a, k) =>
    parseAccount(a, `accounts[${k}]`),
  );
  let organization: OrganizationConfig | undefined;
  if (value.organization !== undefined) {
    const org = value.organization;
    if (!isObject(org)) fail('organization must be an object');
    const id = optionalText(org, 'id', 'organization');
    if (id !== undefined && !ORGANIZATION_ID.test(id)) fail('organization.id must be o- and 10-32 lower-case letters or digits');
    const managementAccountId = optionalText(org, 'managementAccountId', 'organization');
    if (managementAccountId === undefined || !ACCOUNT_ID.test(managementAccountId)) fail('organization.managementAccountId must be a 12-digit account id');
    organization = { id, managementAccountId, delegatedAdministratorIds: accountIds(org, 'delegatedAdministratorIds', 'organization') };
  }
  const strict = value.strictAccessKeys;
  if (strict !== undefined && typeof strict !== 'boolean') fail('strictAccessKeys must be true or false');
  const config: AccountsConfig = { accounts, organization, strictAccessKeys: strict };
  checkConsistency(config);
  return config;
}

function checkConsistency(config: AccountsConfig): void {
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const account of config.accounts) {
    if (ids.has(account.id)) fail(`account ${account.id} is listed twice`);
    ids.add(account.id);
    for (const key of account.accessKeys ?? []) {
      if (keys.has(key.accessKeyId)) fail(`access key ${key.accessKeyId} is listed twice`);
      keys.add(key.accessKeyId);
    }
  }
  const org = config.organization;
  if (!org) return;
  const management = config.accounts.find((a) => a.id === org.managementAccountId);
  if (!management) fail(`organization.managementAccountId ${org.managementAccountId} is not among the accounts`);
  if (management.standalone) fail(`the management account ${org.managementAccountId} cannot be standalone`);
  for (const id of org.delegatedAdministratorIds ?? []) {
    const account = config.accounts.find((a) => a.id === id);
    if (!account || account.standalone) fail(`delegated administrator ${id} is not a member account`);
    // AWS (RegisterOrganizationDelegatedAdmin): CannotDelegateManagementAccountException.
    if (id === org.managementAccountId) fail('the management account cannot be its own delegated administrator');
  }
}

/** Reads and validates a configuration file (`--organization`, `EMULATOR_ORGANIZATION_FILE`). */
export async function readAccountsConfigFile(path: string): Promise<AccountsConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AccountsConfigError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AccountsConfigError(`${path} is not JSON: ${(err as Error).message}`);
  }
  try {
    return parseAccountsConfig(json);
  } catch (err) {
    if (err instanceof AccountsConfigError) throw new AccountsConfigError(`${path}: ${err.message}`);
    throw err;
  }
}
