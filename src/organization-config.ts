/**
 * The organization view's settings: which member accounts the gateway reads, the role it assumes
 * in each, and the Regions it reads there. Parsed from ORG_ACCOUNTS (JSON) or ORG_ACCOUNTS_FILE
 * (the same JSON in a file) by src/config.ts; a bad value stops start-up with a message naming
 * the setting and the account.
 *
 * {
 *   "regions": ["us-east-1", "eu-west-1"],          // default Regions of every account
 *   "roleName": "CloudTrailInsightsReader",          // the role of accounts without "roleArn"
 *   "externalId": "...", "sessionName": "...",       // defaults of every account (optional)
 *   "accounts": [{ "id": "111111111111", "name": "prod", "roleArn": "arn:aws:iam::111111111111:role/Reader",
 *                  "externalId": "...", "sessionName": "...", "regions": ["us-east-1"] }],
 *   "discovery": { "roleNamePattern": "CloudTrailInsightsReader-{accountName}", "regions": [...] }
 * }
 *
 * Every "regions" may instead be "all-enabled": the Regions AWS says the account has enabled
 * (Account Management ListRegions, asked with the account's own role), read when first needed.
 */
import { isRegionCode } from './rules/region.js';
import { checkExternalId, checkRoleArn, checkRoleSessionName } from './rules/sts.js';

/** The spelling of "every Region the account has enabled" in the configuration. */
export const ALL_ENABLED_REGIONS = 'all-enabled';

/** The Regions read in an account: listed, or every Region enabled there (asked of AWS). */
export type AccountRegions = string[] | typeof ALL_ENABLED_REGIONS;

/** One account the gateway reads, and how it gets credentials there. */
export interface OrganizationAccountSettings {
  /** The 12-digit account id. */
  id: string;
  /** A name to show; discovered accounts take the name Organizations gives them. */
  name?: string;
  /** The role assumed in the account (STS AssumeRole). */
  roleArn: string;
  /** Sent as ExternalId when the role's trust policy asks for one. */
  externalId?: string;
  /** RoleSessionName: what the member account's CloudTrail records the gateway's reads under. */
  sessionName: string;
  /** The Regions read in this account, in order, or every Region enabled in it. */
  regions: AccountRegions;
}

export interface OrganizationDiscoverySettings {
  /**
   * The role name assumed in each discovered account; `{accountId}` and `{accountName}` are
   * replaced by the account's id and name (names are reduced to IAM's role-name characters).
   */
  roleNamePattern: string;
  externalId?: string;
  sessionName: string;
  regions: AccountRegions;
}

export interface OrganizationSettings {
  accounts: OrganizationAccountSettings[];
  /** Member accounts found with Organizations ListAccounts (ACTIVE ones), besides `accounts`. */
  discovery?: OrganizationDiscoverySettings;
  /** AssumeRole's DurationSeconds (900-43200; at most 3600 when the gateway itself runs as a role). */
  sessionSeconds: number;
  /** Calls in flight at once per account and Region, so one query stays within CloudTrail's quotas. */
  maxConcurrencyPerRegion: number;
  /** Account-Regions one query may fan out to. */
  maxShards: number;
}

export const DEFAULT_ROLE_SESSION_NAME = 'cloudtrail-insights-gateway';
/** Most accounts a configuration may list (Organizations' default quota is 10, raisable to thousands). */
export const MAX_CONFIGURED_ACCOUNTS = 5000;

export class OrganizationConfigError extends Error {
  override name = 'OrganizationConfigError';
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function fail(where: string, message: string): never {
  throw new OrganizationConfigError(`${where}: ${message}`);
}

function optionalString(value: Json | undefined, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') fail(where, 'must be a non-empty string');
  return value;
}

function regionList(value: Json | undefined, where: string, fallback: AccountRegions | undefined): AccountRegions {
  if (value === undefined || value === null) {
    if (fallback === undefined || fallback.length === 0) {
      fail(where, `must list the Regions to read, such as ["us-east-1", "eu-west-1"], or be "${ALL_ENABLED_REGIONS}"`);
    }
    return fallback;
  }
  if (value === ALL_ENABLED_REGIONS) return ALL_ENABLED_REGIONS;
  if (!Array.isArray(value) || value.length === 0) {
    fail(where, `must be a non-empty list of Region codes such as ["us-east-1"], or "${ALL_ENABLED_REGIONS}"`);
  }
  const regions: string[] = [];
  for (const region of value) {
    if (typeof region !== 'string' || !isRegionCode(region)) fail(where, `"${String(region)}" is not an AWS Region code such as us-east-1`);
    if (!regions.includes(region)) regions.push(region);
  }
  return regions;
}

function checkedExternalId(value: Json | undefined, where: string): string | undefined {
  const externalId = optionalString(value, where);
  if (externalId !== undefined && checkExternalId(externalId)) fail(where, 'must be 2-1224 letters, digits or +=,.@:/- (STS ExternalId)');
  return externalId;
}

function checkedSessionName(value: Json | undefined, where: string, fallback: string): string {
  const name = optionalString(value, where) ?? fallback;
  if (checkRoleSessionName(name)) fail(where, 'must be 2-64 letters, digits or +=,.@- (STS RoleSessionName)');
  return name;
}

function objectAt(value: Json | undefined, where: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be a JSON object');
  return value;
}

const KNOWN_TOP_KEYS = new Set(['regions', 'roleName', 'externalId', 'sessionName', 'accounts', 'discovery']);
const KNOWN_ACCOUNT_KEYS = new Set(['id', 'name', 'roleArn', 'externalId', 'sessionName', 'regions']);
const KNOWN_DISCOVERY_KEYS = new Set(['roleNamePattern', 'externalId', 'sessionName', 'regions']);

function refuseUnknownKeys(object: Record<string, Json>, known: Set<string>, where: string): void {
  for (const key of Object.keys(object)) if (!known.has(key)) fail(where, `unknown setting "${key}" (known: ${[...known].join(', ')})`);
}

/** An IAM role name: 1-64 characters of letters, digits and +=,.@_- (IAM CreateRole). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The role a discovered account is read through, from the pattern. */
export function roleNameFor(pattern: string, account: { id: string; name?: string }): string {
  const name = (account.name ?? account.id).replace(/[^\w+=,.@-]/g, '-');
  return pattern.replaceAll('{accountId}', account.id).replaceAll('{accountName}', name).slice(0, 64);
}

export interface OrganizationParseOptions {
  /** The setting the text came from, for messages. */
  source: string;
  /** The partition of the gateway's Region, for role ARNs built from role names. */
  partition?: string;
  sessionSeconds: number;
  maxConcurrencyPerRegion: number;
  maxShards: number;
}

/** Parses the organization JSON; throws OrganizationConfigError naming what is wrong and where. */
export function parseOrganizationSettings(text: string, options: OrganizationParseOptions): OrganizationSettings {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (err) {
    fail(options.source, `is not JSON (${(err as Error).message})`);
  }
  const top = objectAt(parsed, options.source);
  refuseUnknownKeys(top, KNOWN_TOP_KEYS, options.source);
  const where = (path: string) => `${options.source} ${path}`;
  const defaultRegions = top.regions === undefined ? undefined : regionList(top.regions, where('regions'), undefined);
  const roleName = optionalString(top.roleName, where('roleName'));
  if (roleName !== undefined && !ROLE_NAME.test(roleName)) fail(where('roleName'), 'must be an IAM role name (1-64 letters, digits or +=,.@_-)');
  const externalId = checkedExternalId(top.externalId, where('externalId'));
  const sessionName = checkedSessionName(top.sessionName, where('sessionName'), DEFAULT_ROLE_SESSION_NAME);
  const partition = options.partition ?? 'aws';

  const accountsJson = top.accounts ?? [];
  if (!Array.isArray(accountsJson)) fail(where('accounts'), 'must be a list of accounts');
  if (accountsJson.length > MAX_CONFIGURED_ACCOUNTS) fail(where('accounts'), `lists ${accountsJson.length} accounts; at most ${MAX_CONFIGURED_ACCOUNTS}`);
  const seen = new Set<string>();
  const accounts = accountsJson.map((entry, index): OrganizationAccountSettings => {
    const at = where(`accounts[${index}]`);
    const account = objectAt(entry, at);
    refuseUnknownKeys(account, KNOWN_ACCOUNT_KEYS, at);
    const id = account.id;
    if (typeof id !== 'string' || !/^\d{12}$/.test(id)) fail(`${at}.id`, `must be a 12-digit account id, got ${JSON.stringify(id ?? null)}`);
    if (seen.has(id)) fail(`${at}.id`, `account ${id} is listed twice`);
    seen.add(id);
    let roleArn = optionalString(account.roleArn, `${at}.roleArn`);
    if (roleArn === undefined) {
      if (roleName === undefined) fail(`${at}.roleArn`, 'is required unless a top-level "roleName" names the role of every account');
      roleArn = `arn:${partition}:iam::${id}:role/${roleName}`;
    }
    if (checkRoleArn(roleArn)) fail(`${at}.roleArn`, `must be an IAM role ARN such as arn:aws:iam::${id}:role/CloudTrailInsightsReader, got "${roleArn}"`);
    if (!roleArn.includes(`::${id}:`)) fail(`${at}.roleArn`, `names a role of another account than ${id}: "${roleArn}"`);
    const name = optionalString(account.name, `${at}.name`);
    const accountExternalId = checkedExternalId(account.externalId, `${at}.externalId`) ?? externalId;
    return {
      id,
      ...(name !== undefined ? { name } : {}),
      roleArn,
      ...(accountExternalId !== undefined ? { externalId: accountExternalId } : {}),
      sessionName: checkedSessionName(account.sessionName, `${at}.sessionName`, sessionName),
      regions: regionList(account.regions, `${at}.regions`, defaultRegions),
    };
  });

  let discovery: OrganizationDiscoverySettings | undefined;
  if (top.discovery !== undefined && top.discovery !== null) {
    const at = where('discovery');
    const d = objectAt(top.discovery, at);
    refuseUnknownKeys(d, KNOWN_DISCOVERY_KEYS, at);
    const pattern = optionalString(d.roleNamePattern, `${at}.roleNamePattern`) ?? roleName;
    if (pattern === undefined) fail(`${at}.roleNamePattern`, 'is required (the role to assume in each discovered account), unless a top-level "roleName" is set');
    if (!ROLE_NAME.test(roleNameFor(pattern, { id: '123456789012', name: 'example' }))) {
      fail(`${at}.roleNamePattern`, 'must give an IAM role name (letters, digits, +=,.@_- and the placeholders {accountId}, {accountName})');
    }
    const discoveryExternalId = checkedExternalId(d.externalId, `${at}.externalId`) ?? externalId;
    discovery = {
      roleNamePattern: pattern,
      ...(discoveryExternalId !== undefined ? { externalId: discoveryExternalId } : {}),
      sessionName: checkedSessionName(d.sessionName, `${at}.sessionName`, sessionName),
      regions: regionList(d.regions, `${at}.regions`, defaultRegions),
    };
  }
  if (accounts.length === 0 && discovery === undefined) fail(options.source, 'lists no "accounts" and has no "discovery": nothing to read');
  return {
    accounts,
    ...(discovery ? { discovery } : {}),
    sessionSeconds: options.sessionSeconds,
    maxConcurrencyPerRegion: options.maxConcurrencyPerRegion,
    maxShards: options.maxShards,
  };
}
