import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Credentials for one member account: its role, assumed with STS AssumeRole, kept until shortly
 * before they expire and shared by every Region's client of the account (each SDK client would
 * otherwise assume the role for itself). A failed assumption is remembered for a short while, so
 * an account whose role is missing or whose trust policy refuses the gateway costs one AssumeRole
 * per FAILURE_RETRY_MS, not one per query.
 */

export interface AssumedRoleSettings {
  accountId: string;
  roleArn: string;
  externalId?: string;
  sessionName: string;
  durationSeconds: number;
}

/** Where and with what the gateway calls STS. */
export interface StsConnection {
  /** Absent: the SDK's regional STS endpoint. */
  endpoint?: string;
  region?: string;
  /** The gateway's own credentials (static ones for an emulator); absent: the SDK's default chain. */
  masterCredentials?: AwsCredentialIdentity;
  maxAttempts?: number;
}

/**
 * Credentials are renewed this long before they expire: more than the SDK clients' own margin (they
 * ask their provider again 5 minutes before expiry, @smithy/core's memoizeIdentityProvider), so
 * that when a client asks, the renewed credentials are what it gets.
 */
export const REFRESH_MARGIN_MS = 6 * 60_000;
/** How long a failed AssumeRole is answered from memory before STS is asked again. */
export const FAILURE_RETRY_MS = 30_000;

export type AccountCredentialsState = 'NOT_ASSUMED' | 'VALID' | 'EXPIRED' | 'FAILED';

export interface AccountCredentialsStatus {
  state: AccountCredentialsState;
  /** When the current (or last) credentials expire. */
  expiresAt?: Date;
  /** When the role was last assumed successfully. */
  assumedAt?: Date;
  /** AssumeRole calls made for this account since the gateway started. */
  assumeRoleCalls: number;
  /** The last failure, while the state is FAILED. */
  failure?: AssumeRoleFailure;
}

interface StsFailure {
  name?: unknown;
  message?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

/** STS errors whose documentation says to try again later; server faults too. */
const STS_RETRYABLE = new Set(['Throttling', 'ThrottlingException', 'IDPCommunicationError', 'RequestExpired']);

/**
 * The role of an account could not be assumed. Shaped as a CloudTrail service exception so it
 * reaches clients as every other AWS failure does (extensions `code`, `retryable`), with STS's own
 * error code (`AccessDenied`, `RegionDisabledException`, ...) and the account in the message.
 */
export class AssumeRoleFailure extends CloudTrailServiceException {
  readonly retryable: boolean;

  constructor(
    readonly accountId: string,
    readonly roleArn: string,
    cause: unknown,
  ) {
    const failure = (typeof cause === 'object' && cause !== null ? cause : {}) as StsFailure;
    const code = typeof failure.name === 'string' && failure.name !== 'Error' ? failure.name : 'AssumeRoleFailed';
    const detail = typeof failure.message === 'string' ? failure.message : String(cause);
    const retryable = failure.$fault === 'server' || Boolean(failure.$retryable) || STS_RETRYABLE.has(code);
    super({
      name: code,
      $fault: retryable ? 'server' : 'client',
      message: `The gateway could not assume ${roleArn} in account ${accountId}: ${detail}`,
      $metadata: failure.$metadata ?? {},
    });
    Object.setPrototypeOf(this, AssumeRoleFailure.prototype);
    this.retryable = retryable;
  }
}

export class AccountCredentials {
  private current?: AwsCredentialIdentity;
  private inFlight?: Promise<AwsCredentialIdentity>;
  private failure?: { error: AssumeRoleFailure; at: number };
  private assumedAt?: Date;
  private calls = 0;
  private readonly assumeRole: AwsCredentialIdentityProvider;

  constructor(
    readonly settings: AssumedRoleSettings,
    sts: StsConnection,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.assumeRole = fromTemporaryCredentials({
      params: {
        RoleArn: settings.roleArn,
        RoleSessionName: settings.sessionName,
        DurationSeconds: settings.durationSeconds,
        ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
      },
      ...(sts.masterCredentials ? { masterCredentials: sts.masterCredentials } : {}),
      clientConfig: {
        ...(sts.region ? { region: sts.region } : {}),
        ...(sts.endpoint ? { endpoint: sts.endpoint } : {}),
        maxAttempts: sts.maxAttempts ?? 3,
      },
    });
  }

  /** The provider given to the account's SDK clients. */
  readonly provider: AwsCredentialIdentityProvider = () => this.credentials();

  /** Valid credentials: the cached ones, or the role assumed again (one AssumeRole for concurrent callers). */
  credentials(): Promise<AwsCredentialIdentity> {
    const now = this.now();
    const current = this.current;
    if (current && (current.expiration === undefined || current.expiration.getTime() - now > REFRESH_MARGIN_MS)) {
      return Promise.resolve(current);
    }
    if (this.inFlight) return this.inFlight;
    if (this.failure && now - this.failure.at < FAILURE_RETRY_MS) return Promise.reject(this.failure.error);
    this.inFlight = this.assume().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async assume(): Promise<AwsCredentialIdentity> {
    this.calls += 1;
    try {
      const credentials = await this.assumeRole();
      this.current = credentials;
      this.assumedAt = new Date(this.now());
      this.failure = undefined;
      return credentials;
    } catch (cause) {
      const error = new AssumeRoleFailure(this.settings.accountId, this.settings.roleArn, cause);
      this.failure = { error, at: this.now() };
      throw error;
    }
  }

  status(): AccountCredentialsStatus {
    const expiresAt = this.current?.expiration;
    const base = {
      assumeRoleCalls: this.calls,
      ...(expiresAt ? { expiresAt } : {}),
      ...(this.assumedAt ? { assumedAt: this.assumedAt } : {}),
    };
    if (this.failure) return { ...base, state: 'FAILED', failure: this.failure.error };
    if (!this.current) return { ...base, state: 'NOT_ASSUMED' };
    if (expiresAt && expiresAt.getTime() <= this.now()) return { ...base, state: 'EXPIRED' };
    return { ...base, state: 'VALID' };
  }

  /** Forgets a remembered failure, so the next use asks STS again (an operator fixed the role). */
  forgetFailure(): void {
    this.failure = undefined;
  }
}
