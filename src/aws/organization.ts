import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { OrganizationAccountSettings, OrganizationSettings } from '../organization-config.js';
import { roleNameFor } from '../organization-config.js';
import { partitionOf } from '../rules/region.js';
import { AccountCredentials, type StsConnection } from './account-credentials.js';
import { EnabledRegions } from './account-regions.js';
import { DependentServiceFailure } from './service-failure.js';
import { CloudTrailClients, type ClientInstrumentation } from './clients.js';

/**
 * The member accounts of the organization view: each with its role's credentials (assumed once and
 * shared by its Region clients), its CloudTrail clients, and a bound on the calls in flight per
 * account and Region. CloudTrail's read APIs answer for one account and one Region per call, so a
 * query over the organization is one call per account-Region (a shard) and page.
 */

export type AccountSource = 'CONFIGURED' | 'DISCOVERED';

export interface OrganizationAccount extends OrganizationAccountSettings {
  source: AccountSource;
}

export interface OrganizationConnection {
  /** CloudTrail endpoint of every account (the emulator); absent: AWS's regional endpoints. */
  endpoint?: string;
  defaultRegion?: string;
  /** The gateway's own credentials, which assume the roles and call Organizations. */
  credentials?: AwsCredentialIdentity;
  maxAttempts?: number;
  /** Sockets of each member account's region clients (AWS_MAX_SOCKETS, AWS_KEEP_ALIVE). */
  maxSockets?: number;
  keepAlive?: boolean;
  sts: Omit<StsConnection, 'masterCredentials' | 'maxAttempts'>;
  /** Organizations endpoint for discovery; absent: AWS's. */
  organizationsEndpoint?: string;
  /** Account Management endpoint (ListRegions, for `"regions": "all-enabled"`); absent: AWS's. */
  accountApiEndpoint?: string;
  /** The clock credentials are judged by (tests move it). */
  now?: () => number;
}

/** Discovered accounts are listed again after this long. */
const DISCOVERY_TTL_MS = 5 * 60_000;
/** One ListAccounts walk (its pages and the SDK's retries together). */
const LIST_ACCOUNTS_TIMEOUT_MS = 10_000;

/**
 * The member accounts could not be listed: `code` Organizations' own (`AccessDeniedException`
 * when the gateway's identity is neither the management account nor a delegated administrator,
 * `TooManyRequestsException`, `AWSOrganizationsNotInUseException`).
 */
export class DiscoveryFailure extends DependentServiceFailure {
  constructor(cause: unknown) {
    // AWS: TooManyRequestsException and ConcurrentModificationException say to try again later; ServiceException is AWS's fault.
    super('list the member accounts (Organizations ListAccounts)', cause, ['TooManyRequestsException', 'ConcurrentModificationException', 'ServiceException']);
  }
}

/** A counting semaphore: at most `limit` holders at once, the others queued in order. */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

interface AccountEntry {
  account: OrganizationAccount;
  credentials: AccountCredentials;
  clients: CloudTrailClients;
  /** For an account configured with "all-enabled" Regions: what ListRegions says. */
  enabledRegions?: EnabledRegions;
}

export class OrganizationAccounts {
  private readonly entries = new Map<string, AccountEntry>();
  private readonly gates = new Map<string, ConcurrencyGate>();
  private discovered?: { at: number; accounts: Promise<OrganizationAccount[]> };
  private organizations?: OrganizationsClient;
  private instrumentation?: ClientInstrumentation;
  private readonly throttleListeners: ((operation: string, region: string, accountId: string) => void)[] = [];

  constructor(
    readonly settings: OrganizationSettings,
    private readonly connection: OrganizationConnection,
  ) {
    for (const account of settings.accounts) this.entry({ ...account, source: 'CONFIGURED' });
  }

  /** Every account, configured first (in configuration order), then discovered ones (by id). */
  async accounts(): Promise<OrganizationAccount[]> {
    const configured = this.settings.accounts.map((a) => this.entries.get(a.id)?.account as OrganizationAccount);
    if (!this.settings.discovery) return configured;
    const known = new Set(configured.map((a) => a.id));
    const discovered = (await this.discoveredAccounts()).filter((a) => !known.has(a.id));
    return [...configured, ...discovered];
  }

  /** An account already known (configured, or discovered earlier), without calling anything. */
  account(accountId: string): OrganizationAccount | undefined {
    return this.entries.get(accountId)?.account;
  }

  credentials(accountId: string): AccountCredentials | undefined {
    return this.entries.get(accountId)?.credentials;
  }

  clients(accountId: string): CloudTrailClients | undefined {
    return this.entries.get(accountId)?.clients;
  }

  /**
   * The Regions read in a known account: the configured ones, or for "all-enabled" the Regions
   * the account has enabled (ListRegions with the account's role, kept an hour). Rejects with the
   * AWS failure (EnabledRegionsFailure, or AssumeRoleFailure) when they cannot be listed.
   */
  regionsOf(accountId: string): Promise<string[]> {
    const entry = this.entries.get(accountId);
    if (!entry) return Promise.reject(new Error(`Account ${accountId} is not read by this gateway.`));
    const { regions } = entry.account;
    return Array.isArray(regions) ? Promise.resolve(regions) : (entry.enabledRegions as EnabledRegions).regions();
  }

  /** The "all-enabled" Regions' reader of an account; undefined for an account with listed Regions. */
  enabledRegions(accountId: string): EnabledRegions | undefined {
    return this.entries.get(accountId)?.enabledRegions;
  }

  /** The bound on calls in flight to one account-Region, shared by every request. */
  gate(accountId: string, region: string): ConcurrencyGate {
    const key = `${accountId} ${region}`;
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new ConcurrencyGate(this.settings.maxConcurrencyPerRegion);
      this.gates.set(key, gate);
    }
    return gate;
  }

  /** Member-account clients report their calls like the gateway's own (metrics, spans), those made later too. */
  instrument(instrumentation: ClientInstrumentation): void {
    this.instrumentation = instrumentation;
    for (const entry of this.entries.values()) entry.clients.instrument(instrumentation);
  }

  /**
   * `listener` hears of every ThrottlingException a member account's CloudTrail answers (each
   * attempt), with the account: its quotas are its own, and its throttles slow its own buckets.
   */
  observeThrottles(listener: (operation: string, region: string, accountId: string) => void): void {
    this.throttleListeners.push(listener);
  }

  destroy(): void {
    for (const entry of this.entries.values()) {
      entry.clients.destroy();
      entry.enabledRegions?.destroy();
    }
    this.organizations?.destroy();
  }

  private entry(account: OrganizationAccount): AccountEntry {
    const known = this.entries.get(account.id);
    if (known) return known;
    const { connection } = this;
    const credentials = new AccountCredentials(
      {
        accountId: account.id,
        roleArn: account.roleArn,
        sessionName: account.sessionName,
        durationSeconds: this.settings.sessionSeconds,
        ...(account.externalId ? { externalId: account.externalId } : {}),
      },
      {
        ...connection.sts,
        region: connection.sts.region ?? connection.defaultRegion,
        ...(connection.credentials ? { masterCredentials: connection.credentials } : {}),
        maxAttempts: connection.maxAttempts,
      },
      connection.now,
    );
    const clients = new CloudTrailClients({
      endpoint: connection.endpoint,
      defaultRegion: (Array.isArray(account.regions) ? account.regions[0] : undefined) ?? connection.defaultRegion,
      credentials: credentials.provider,
      maxAttempts: connection.maxAttempts,
      maxSockets: connection.maxSockets,
      keepAlive: connection.keepAlive,
    });
    if (this.instrumentation) clients.instrument(this.instrumentation);
    const enabledRegions = Array.isArray(account.regions)
      ? undefined
      : new EnabledRegions(
          account.id,
          credentials.provider,
          {
            ...(connection.accountApiEndpoint ? { endpoint: connection.accountApiEndpoint } : {}),
            region: connection.defaultRegion,
            maxAttempts: connection.maxAttempts,
          },
          connection.now,
        );
    clients.observeThrottles((operation, region) => {
      for (const listener of this.throttleListeners) listener(operation, region, account.id);
    });
    const entry: AccountEntry = { account, credentials, clients, ...(enabledRegions ? { enabledRegions } : {}) };
    this.entries.set(account.id, entry);
    return entry;
  }

  /**
   * The ACTIVE member accounts Organizations lists (ListAccounts, called by the gateway's own
   * identity in the management or a delegated administrator account), each read through the role
   * the discovery pattern names. A failed listing is not kept: the next query asks again.
   */
  private discoveredAccounts(): Promise<OrganizationAccount[]> {
    const now = Date.now();
    if (this.discovered && now - this.discovered.at < DISCOVERY_TTL_MS) return this.discovered.accounts;
    const accounts = this.listMemberAccounts();
    this.discovered = { at: now, accounts };
    accounts.catch(() => {
      if (this.discovered?.accounts === accounts) this.discovered = undefined;
    });
    return accounts;
  }

  private async listMemberAccounts(): Promise<OrganizationAccount[]> {
    const discovery = this.settings.discovery;
    if (!discovery) return [];
    const { connection } = this;
    this.organizations ??= new OrganizationsClient({
      // Organizations is a global service with its endpoint in us-east-1 (aws partition).
      region: connection.defaultRegion ?? 'us-east-1',
      ...(connection.organizationsEndpoint ? { endpoint: connection.organizationsEndpoint } : {}),
      ...(connection.credentials ? { credentials: connection.credentials } : {}),
      maxAttempts: connection.maxAttempts ?? 3,
    });
    const partition = partitionOf(connection.defaultRegion ?? 'us-east-1');
    const found: OrganizationAccount[] = [];
    const abortSignal = AbortSignal.timeout(LIST_ACCOUNTS_TIMEOUT_MS);
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.organizations.send(new ListAccountsCommand({ NextToken: token }), { abortSignal });
      } catch (cause) {
        throw new DiscoveryFailure(cause);
      }
      for (const member of page.Accounts ?? []) {
        // AWS: State replaces the deprecated Status; an account being closed or suspended answers no calls.
        const active = member.State !== undefined ? member.State === 'ACTIVE' : member.Status === 'ACTIVE';
        if (!member.Id || !active) continue;
        const roleName = roleNameFor(discovery.roleNamePattern, { id: member.Id, name: member.Name });
        found.push(
          this.entry({
            id: member.Id,
            ...(member.Name ? { name: member.Name } : {}),
            roleArn: `arn:${partition}:iam::${member.Id}:role/${roleName}`,
            ...(discovery.externalId ? { externalId: discovery.externalId } : {}),
            sessionName: discovery.sessionName,
            regions: discovery.regions,
            source: 'DISCOVERED',
          }).account,
        );
      }
      token = page.NextToken;
    } while (token !== undefined);
    return found.sort((a, b) => a.id.localeCompare(b.id));
  }
}
