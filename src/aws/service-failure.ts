import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';

/**
 * A failure of another AWS service the organization view depends on (Organizations ListAccounts,
 * Account Management ListRegions), shaped as a CloudTrail service exception so it reaches clients
 * as every AWS failure does: `extensions.code` the service's own error code, `retryable`, AWS's
 * request id; in `failedShards` the same. Without this a non-CloudTrail SDK exception would be
 * masked as INTERNAL_SERVER_ERROR.
 */

interface SdkFailure {
  name?: unknown;
  message?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

export class DependentServiceFailure extends CloudTrailServiceException {
  readonly retryable: boolean;

  /**
   * @param what what the gateway was doing, for the message ("list the member accounts (Organizations ListAccounts)")
   * @param retryableCodes the service's error codes its documentation says to retry later
   */
  constructor(what: string, cause: unknown, retryableCodes: readonly string[]) {
    const failure = (typeof cause === 'object' && cause !== null ? cause : {}) as SdkFailure;
    const code = typeof failure.name === 'string' && failure.name !== 'Error' ? failure.name : 'ServiceUnavailable';
    const detail = typeof failure.message === 'string' ? failure.message : String(cause);
    // An abort (the gateway's own timeout) or a network error may pass too.
    const transient = code === 'TimeoutError' || code === 'AbortError' || failure.$metadata?.httpStatusCode === undefined;
    const retryable = failure.$fault === 'server' || Boolean(failure.$retryable) || retryableCodes.includes(code) || transient;
    super({
      name: code,
      $fault: retryable ? 'server' : 'client',
      message: `The gateway could not ${what}: ${detail}`,
      $metadata: failure.$metadata ?? {},
    });
    Object.setPrototypeOf(this, new.target.prototype);
    this.retryable = retryable;
  }
}
