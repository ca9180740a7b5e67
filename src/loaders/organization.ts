import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import type { OrganizationAccount, OrganizationAccounts } from '../aws/organization.js';
import { createLoaders, type Loaders, type SharedLoaderState } from './index.js';

/** What a request reads one member account with: its CloudTrail calls and its own DataLoaders. */
export interface AccountReads {
  accountId: string;
  cloudTrail: CloudTrailApi;
  loaders: Loaders;
}

/**
 * The organization view of one request: the member accounts, and per account a CloudTrailApi view
 * (the request's budget, rate limit and call counts, the account's credentials, a bound on calls in
 * flight per account-Region) with loaders of its own, so that batching and de-duplication never mix
 * two accounts' answers. Created per request; the accounts and their credentials live for the process.
 */
export class OrganizationReads {
  private readonly byAccount = new Map<string, AccountReads>();

  constructor(
    readonly accounts: OrganizationAccounts,
    private readonly cloudTrail: CloudTrailApi,
    private readonly shared: SharedLoaderState,
  ) {}

  /** Every account: configured, then discovered (Organizations ListAccounts, cached). */
  list(): Promise<OrganizationAccount[]> {
    return this.accounts.accounts();
  }

  /** The reads of a known account; undefined for an account the gateway does not read. */
  forAccount(accountId: string): AccountReads | undefined {
    const known = this.byAccount.get(accountId);
    if (known) return known;
    const clients = this.accounts.clients(accountId);
    if (!clients) return undefined;
    const cloudTrail = this.cloudTrail.forAccount({
      accountId,
      clients,
      gate: (region) => this.accounts.gate(accountId, region),
    });
    const reads = { accountId, cloudTrail, loaders: createLoaders(cloudTrail, this.shared) };
    this.byAccount.set(accountId, reads);
    return reads;
  }
}
