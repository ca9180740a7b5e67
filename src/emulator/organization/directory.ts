import { createHash } from 'node:crypto';
import type { AccessKeyConfig, AccountConfig, AccountsConfig, RoleConfig } from './accounts.js';

/**
 * What the emulator knows about its accounts: which account a long-term key belongs to, which roles
 * an account has, and who is in the organization. Built once from an AccountsConfig; without one,
 * the emulator holds a single standalone account whose every role may be assumed, and every
 * long-term key belongs to it (its behaviour before it held several accounts).
 */

export interface OrganizationView {
  id: string;
  arn: string;
  managementAccountId: string;
  managementAccountEmail: string;
  /** Members in the order configured, the management account included. */
  accounts: AccountConfig[];
  delegatedAdministratorIds: readonly string[];
}

/** The partition every account of the emulator lives in. */
const PARTITION = 'aws';

export function organizationIdFor(managementAccountId: string): string {
  return `o-${createHash('sha256').update(managementAccountId).digest('hex').slice(0, 10)}`;
}

export function accountEmail(account: AccountConfig): string {
  return account.email ?? `${account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`;
}

export class AccountDirectory {
  private readonly byId = new Map<string, AccountConfig>();
  private readonly keys = new Map<string, { accountId: string; key: AccessKeyConfig }>();
  readonly organization?: OrganizationView;
  readonly strictAccessKeys: boolean;

  constructor(
    /** The account of unsigned requests, of unlisted keys (unless strict), and of logs naming no held account. */
    readonly defaultAccountId: string,
    config?: AccountsConfig,
  ) {
    const accounts = config?.accounts ?? [];
    for (const account of accounts) {
      this.byId.set(account.id, account);
      for (const key of account.accessKeys ?? []) this.keys.set(key.accessKeyId, { accountId: account.id, key });
    }
    if (!this.byId.has(defaultAccountId)) {
      if (config) throw new Error(`The default account ${defaultAccountId} is not among the configured accounts.`);
      this.byId.set(defaultAccountId, { id: defaultAccountId, name: 'emulator', standalone: true });
    }
    this.strictAccessKeys = config?.strictAccessKeys ?? false;
    const org = config?.organization;
    if (org) {
      const id = org.id ?? organizationIdFor(org.managementAccountId);
      const management = this.byId.get(org.managementAccountId) as AccountConfig;
      this.organization = {
        id,
        arn: `arn:${PARTITION}:organizations::${org.managementAccountId}:organization/${id}`,
        managementAccountId: org.managementAccountId,
        managementAccountEmail: accountEmail(management),
        accounts: accounts.filter((a) => !a.standalone),
        delegatedAdministratorIds: org.delegatedAdministratorIds ?? [],
      };
    }
  }

  /** Whether the emulator holds this account (ingest places events of held accounts there). */
  holds(accountId: string): boolean {
    return this.byId.has(accountId);
  }

  account(accountId: string): AccountConfig | undefined {
    return this.byId.get(accountId);
  }

  /** How many accounts the emulator holds. */
  get size(): number {
    return this.byId.size;
  }

  get accounts(): AccountConfig[] {
    return [...this.byId.values()];
  }

  /** The configured long-term key, or undefined for a key no account lists. */
  accessKey(accessKeyId: string): { accountId: string; key: AccessKeyConfig } | undefined {
    return this.keys.get(accessKeyId);
  }

  /** The organization the account belongs to; undefined for a standalone account. */
  organizationOf(accountId: string): OrganizationView | undefined {
    const org = this.organization;
    if (!org) return undefined;
    return org.accounts.some((a) => a.id === accountId) ? org : undefined;
  }

  /** The management account of the account's organization, when the account is a member of one (not its management account). */
  managementAccountOf(accountId: string): string | undefined {
    const org = this.organizationOf(accountId);
    return org && org.managementAccountId !== accountId ? org.managementAccountId : undefined;
  }

  isManagementAccount(accountId: string): boolean {
    return this.organization?.managementAccountId === accountId;
  }

  isDelegatedAdministrator(accountId: string): boolean {
    return this.organizationOf(accountId)?.delegatedAdministratorIds.includes(accountId) ?? false;
  }

  /**
   * The role an AssumeRole names: `'any'` when the account lists no roles (every role name is
   * accepted), the role when listed, undefined when the account is not held or has no such role.
   */
  role(accountId: string, roleName: string): RoleConfig | 'any' | undefined {
    const account = this.byId.get(accountId);
    if (!account) return undefined;
    if (account.roles === undefined) return 'any';
    return account.roles.find((r) => r.name === roleName);
  }
}
