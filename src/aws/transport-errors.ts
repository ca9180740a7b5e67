import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import type { ResponseMetadata } from '@smithy/types';
import { RequestAbortedError } from './call-refusals.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * The gateway's codes for a CloudTrail call that got no answer CloudTrail could have written:
 * - AWS_UNAVAILABLE: the endpoint could not be reached, or answered 5xx with a body that is not
 *   CloudTrail's (a proxy's or load balancer's error page);
 * - AWS_TRANSPORT_ERROR: the connection broke (reset, closed mid-answer) or the answer was garbled;
 * - AWS_TIMEOUT: no answer within AWS_CALL_TIMEOUT_MS, or before the request's deadline.
 */
export type AwsTransportFailure =
  | typeof GatewayErrorCode.AWS_UNAVAILABLE
  | typeof GatewayErrorCode.AWS_TRANSPORT_ERROR
  | typeof GatewayErrorCode.AWS_TIMEOUT;

/**
 * A failure to talk to CloudTrail, as a CloudTrailServiceException so that it reaches clients the
 * way CloudTrail's own errors do: the `UnmodelledAwsError` member of a result union, or a GraphQL
 * error with the AwsError fields on other fields. Server-side (`$fault: 'server'`), so retryable.
 * `outcomeUnknown` is true when a change may have been sent and its answer was lost: CloudTrail may
 * or may not have applied it.
 */
export class AwsTransportError extends CloudTrailServiceException {
  constructor(
    code: AwsTransportFailure,
    message: string,
    readonly outcomeUnknown: boolean,
    $metadata: ResponseMetadata = {},
  ) {
    super({ name: code, $fault: 'server', message, $metadata });
    Object.setPrototypeOf(this, AwsTransportError.prototype);
  }
}

/** Network errors raised before a request reaches the endpoint: nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Network errors of a connection that was up: the request may have been sent. */
const CONNECTION_BROKEN = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export interface CallInterruption {
  operation: string;
  /** The operation changes something (Put*, Create*, ...): an unknown outcome matters. */
  changes: boolean;
  /** The client went away. */
  clientGone: boolean;
  /** How long the call was allowed, for the timeout message. */
  timeoutMs: number;
}

interface SdkFailure {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: ResponseMetadata;
}

/**
 * What a failed `CloudTrailClient.send` means for the client. CloudTrail's own errors pass
 * unchanged; an abort is the client leaving (RequestAbortedError) or a timeout; network and
 * deserialization failures become AwsTransportError. Anything else (credential chain errors, bugs)
 * is returned as is, for the unexpected-error path.
 */
export function classifyCallFailure(error: unknown, call: CallInterruption): unknown {
  if (error instanceof CloudTrailServiceException || error === null || typeof error !== 'object') return error;
  const { name, code, message, $metadata } = error as SdkFailure;
  const status = $metadata?.httpStatusCode;
  const text = typeof message === 'string' ? message : '';
  if (name === 'AbortError') {
    if (call.clientGone) return new RequestAbortedError();
    return new AwsTransportError(
      GatewayErrorCode.AWS_TIMEOUT,
      `CloudTrail did not answer ${call.operation} within ${call.timeoutMs} ms.${call.changes ? ' The change may or may not have been applied.' : ''}`,
      call.changes,
    );
  }
  if (typeof code === 'string' && NOT_CONNECTED.has(code)) {
    // Nothing was sent on this attempt; an earlier attempt of the SDK's retries may have been.
    const earlierAttempts = ($metadata?.attempts ?? 1) > 1;
    return new AwsTransportError(
      GatewayErrorCode.AWS_UNAVAILABLE,
      `CloudTrail could not be reached for ${call.operation} (${code}).`,
      call.changes && earlierAttempts,
      $metadata,
    );
  }
  const unreadable = name === 'SyntaxError' || text.includes('Deserialization error');
  if (unreadable && status !== undefined && status >= 500) {
    return new AwsTransportError(
      GatewayErrorCode.AWS_UNAVAILABLE,
      `CloudTrail's endpoint answered ${call.operation} with HTTP ${status} and a body that is not CloudTrail's (an error page from a proxy or load balancer).`,
      call.changes,
      $metadata,
    );
  }
  const broken = typeof code === 'string' && CONNECTION_BROKEN.has(code);
  if (unreadable || broken || name === 'TimeoutError') {
    return new AwsTransportError(
      GatewayErrorCode.AWS_TRANSPORT_ERROR,
      `The connection to CloudTrail failed during ${call.operation} (${broken ? code : 'unreadable answer'}).${call.changes ? ' The change may or may not have been applied.' : ''}`,
      call.changes,
      $metadata,
    );
  }
  return error;
}
