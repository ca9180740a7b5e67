import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import type { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AssumeRoleFailure } from './account-credentials.js';
import { DependentServiceFailure } from './service-failure.js';

/**
 * The Regions an account has enabled, for accounts configured with `"regions": "all-enabled"`:
 * AWS Account Management ListRegions, asked with the account's own (assumed-role) credentials and
 * filtered to RegionOptStatusContains ENABLED and ENABLED_BY_DEFAULT (AWS: Regions launched before
 * March 20, 2019 are enabled by default; later ones only once the account opts in, and a Region
 * being enabled or disabled answers no reads yet or any more). The answer is kept with the account
 * for an hour (opting in takes minutes to hours at AWS); a failure is not kept: the next query asks again.
 */

/** How long a listed set of Regions is used before ListRegions is asked again. */
export const ENABLED_REGIONS_TTL_MS = 60 * 60_000;
/** One ListRegions walk (its pages and the SDK's retries together). */
const LIST_REGIONS_TIMEOUT_MS = 10_000;

/**
 * The enabled Regions of an account could not be listed: `code` the Account API's own, such as
 * `AccessDeniedException` when the role lacks account:ListRegions.
 */
export class EnabledRegionsFailure extends DependentServiceFailure {
  constructor(
    readonly accountId: string,
    cause: unknown,
  ) {
    // AWS: TooManyRequestsException "was called too frequently"; InternalServerException is a server fault.
    super(`list the enabled Regions of account ${accountId} (Account Management ListRegions)`, cause, ['TooManyRequestsException']);
  }
}

export interface AccountApiConnection {
  /** Absent: AWS's Account Management endpoint (global, in us-east-1 for the aws partition). */
  endpoint?: string;
  region?: string;
  maxAttempts?: number;
}

export class EnabledRegions {
  private listed?: { regions: string[]; at: number };
  private inFlight?: Promise<string[]>;
  private lastFailure?: CloudTrailServiceException;
  private client?: AccountClient;
  private calls = 0;

  constructor(
    private readonly accountId: string,
    private readonly credentials: AwsCredentialIdentityProvider,
    private readonly connection: AccountApiConnection,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The enabled Regions, by Region code: the kept list, or listed again (one walk for concurrent callers). */
  regions(): Promise<string[]> {
    if (this.listed && this.now() - this.listed.at < ENABLED_REGIONS_TTL_MS) return Promise.resolve(this.listed.regions);
    this.inFlight ??= this.list().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The last list, without calling AWS (undefined until one succeeded). */
  known(): string[] | undefined {
    return this.listed?.regions;
  }

  /** The failure of the last listing (STS's, when the role could not be assumed), while none succeeded since. */
  failure(): CloudTrailServiceException | undefined {
    return this.lastFailure;
  }

  /** ListRegions calls made for this account since the gateway started. */
  get listRegionsCalls(): number {
    return this.calls;
  }

  destroy(): void {
    this.client?.destroy();
  }

  private async list(): Promise<string[]> {
    const { connection } = this;
    this.client ??= new AccountClient({
      region: connection.region ?? 'us-east-1',
      ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      credentials: this.credentials,
      maxAttempts: connection.maxAttempts ?? 3,
    });
    const abortSignal = AbortSignal.timeout(LIST_REGIONS_TIMEOUT_MS);
    const regions: string[] = [];
    try {
      let token: string | undefined;
      do {
        this.calls += 1;
        const page = await this.client.send(
          new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken: token }),
          { abortSignal },
        );
        for (const region of page.Regions ?? []) {
          const status = region.RegionOptStatus;
          if (region.RegionName && (status === 'ENABLED' || status === 'ENABLED_BY_DEFAULT')) regions.push(region.RegionName);
        }
        token = page.NextToken;
      } while (token !== undefined);
    } catch (cause) {
      // The role could not be assumed: that is the account's failure, as STS gave it.
      this.lastFailure = cause instanceof AssumeRoleFailure ? cause : new EnabledRegionsFailure(this.accountId, cause);
      throw this.lastFailure;
    }
    this.lastFailure = undefined;
    const sorted = [...new Set(regions)].sort();
    this.listed = { regions: sorted, at: this.now() };
    return sorted;
  }
}
