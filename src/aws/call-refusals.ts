import type { GraphQLErrorExtensions } from 'graphql';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * Calls the gateway refuses to make for a request. Not CloudTrail errors (CloudTrail never saw the
 * call): each carries its own `code` and the extensions a client acts on, and reaches the client as
 * a GraphQL error on the field that needed the call.
 */
export abstract class AwsCallRefusedError extends Error {
  abstract readonly code: GatewayErrorCode;
  /** What the client sees in `extensions`, `code` included. */
  abstract extensions(): GraphQLErrorExtensions;
}

/** The per-caller rate of CloudTrail calls is spent; `retryAfterSeconds` says when it refills. */
export class RateLimitedError extends AwsCallRefusedError {
  override readonly name = 'RateLimitedError';
  readonly code = GatewayErrorCode.RATE_LIMITED;

  constructor(
    readonly limit: number,
    readonly windowSeconds: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `This caller made more than ${limit} CloudTrail calls in ${windowSeconds} s, the gateway's limit per caller. Retry after ${retryAfterSeconds} s.`,
    );
  }

  extensions(): GraphQLErrorExtensions {
    return { code: this.code, retryable: true, retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** The request ran past REQUEST_DEADLINE_MS before this call could start. */
export class RequestDeadlineExceededError extends AwsCallRefusedError {
  override readonly name = 'RequestDeadlineExceededError';
  readonly code = GatewayErrorCode.REQUEST_DEADLINE_EXCEEDED;

  constructor(readonly deadlineMs: number) {
    super(`The request ran past its ${deadlineMs} ms deadline; the remaining CloudTrail calls were not made. Ask for less, or retry.`);
  }

  extensions(): GraphQLErrorExtensions {
    return { code: this.code, retryable: true, deadlineMs: this.deadlineMs };
  }
}

/** The client went away: the calls it would have needed are not made. Nobody reads this error. */
export class RequestAbortedError extends AwsCallRefusedError {
  override readonly name = 'RequestAbortedError';
  readonly code = GatewayErrorCode.REQUEST_ABORTED;

  constructor() {
    super('The client closed the request; its remaining CloudTrail calls were cancelled.');
  }

  extensions(): GraphQLErrorExtensions {
    return { code: this.code };
  }
}

/**
 * The call would have to queue for CloudTrail's request-rate quota (per account, Region and
 * operation class, shared by the gateway's replicas) past the request's deadline or the longest
 * queueing allowed. Not sent, so never throttled by AWS: retry after `retryAfterSeconds`.
 */
export class AwsQuotaExhaustedError extends AwsCallRefusedError {
  override readonly name = 'AwsQuotaExhaustedError';
  readonly code = GatewayErrorCode.AWS_QUOTA_EXHAUSTED;

  constructor(
    readonly operation: string,
    readonly operationClass: string,
    readonly region: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `CloudTrail's request-rate quota for ${operation} in ${region} is spent for now (the gateway queues calls rather than let AWS throttle them, and this one would have waited past the request's deadline). Retry after ${retryAfterSeconds} s.`,
    );
  }

  extensions(): GraphQLErrorExtensions {
    return { code: this.code, retryable: true, retryAfterSeconds: this.retryAfterSeconds, operation: this.operation, region: this.region };
  }
}
