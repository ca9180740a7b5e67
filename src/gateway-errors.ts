import { GraphQLError } from 'graphql';
import { CloudTrailServiceException, isRetryable, wasRejectedBeforeCall } from './aws/exceptions.js';

/**
 * The gateway's own errors, in one place: the codes a client may see in `errors[].extensions.code`
 * besides CloudTrail's (whose codes are AWS exception names, `ThrottlingException`...), what the
 * extensions of an error carry, and the helpers that raise them. A code is written nowhere else
 * as a string: test/gateway-errors.test.ts fails on a bare literal outside this module.
 */

/** The `extensions.code` values the gateway raises itself. */
export const GatewayErrorCode = {
  /** An argument the gateway refuses and AWS has no error for: a cursor, `first`, a global id, a region, an oversized input, an undeclared variable. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The document does not validate against the schema. */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** A depth, cost, alias, directive or token limit refused the document before execution (HTTP 400). */
  QUERY_LIMIT_EXCEEDED: 'QUERY_LIMIT_EXCEEDED',
  /** A request body larger than MAX_REQUEST_BODY_BYTES (HTTP 413), refused from its Content-Length before it is read, or as a chunked body streams past it. */
  REQUEST_ENTITY_TOO_LARGE: 'REQUEST_ENTITY_TOO_LARGE',
  /** A POST whose body is not JSON (HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The request names a persisted operation the manifest does not hold (HTTP 400). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** PERSISTED_OPERATIONS_ONLY: a document was sent instead of a persisted operation's id (HTTP 400). */
  PERSISTED_QUERY_ONLY: 'PERSISTED_QUERY_ONLY',
  /** Neither a document nor a persisted operation's id was sent (HTTP 400). */
  PERSISTED_QUERY_ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
  /** No credentials, and the field needs a scope; or credentials that do not verify (HTTP 401, the whole request). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller lacks a scope the field or type requires (`extensions.requiredScopes`). */
  FORBIDDEN: 'FORBIDDEN',
  /** The keys to check a token could not be fetched (HTTP 503). */
  AUTHENTICATION_UNAVAILABLE: 'AUTHENTICATION_UNAVAILABLE',
  /** The request needed more CloudTrail calls than MAX_AWS_CALLS_PER_REQUEST (`extensions.budget`). */
  AWS_CALL_BUDGET_EXCEEDED: 'AWS_CALL_BUDGET_EXCEEDED',
  /** The caller spent RATE_LIMIT_AWS_CALLS in the current window (`extensions.retryAfterSeconds`). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A call would have queued for CloudTrail's request-rate quota past the deadline or AWS_QUOTA_MAX_WAIT_MS (`extensions.retryAfterSeconds`). */
  AWS_QUOTA_EXHAUSTED: 'AWS_QUOTA_EXHAUSTED',
  /** A call would have started after the request's REQUEST_DEADLINE_MS (`extensions.deadlineMs`). */
  REQUEST_DEADLINE_EXCEEDED: 'REQUEST_DEADLINE_EXCEEDED',
  /** The client went away; its remaining calls were not made. Nobody reads this one. */
  REQUEST_ABORTED: 'REQUEST_ABORTED',
  /** CloudTrail did not answer within AWS_CALL_TIMEOUT_MS, or before the request's deadline. */
  AWS_TIMEOUT: 'AWS_TIMEOUT',
  /** CloudTrail could not be reached, or answered 5xx with a body that is not CloudTrail's. */
  AWS_UNAVAILABLE: 'AWS_UNAVAILABLE',
  /** The connection to CloudTrail broke during a call, or its answer was garbled. */
  AWS_TRANSPORT_ERROR: 'AWS_TRANSPORT_ERROR',
  /** The mutation's intent could not be written to the audit log, so the put was not made (`extensions.auditId`). */
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  /** Live Insights: the process or the caller holds LIVE_INSIGHTS_MAX_SUBSCRIBERS (`..._PER_CALLER`) subscriptions already. */
  SUBSCRIBER_LIMIT_REACHED: 'SUBSCRIBER_LIMIT_REACHED',
  /** Live Insights: the notices after `after` are no longer kept; subscribe without it and read the gap with insightEvents. */
  LIVE_CURSOR_EXPIRED: 'LIVE_CURSOR_EXPIRED',
  /** Live Insights are not served by this gateway (createGateway's `liveInsights: false`). */
  LIVE_INSIGHTS_UNAVAILABLE: 'LIVE_INSIGHTS_UNAVAILABLE',
  /** insightsSummary: an account-Region holds more pages of Insights events in the window than a summary reads. */
  INSIGHTS_SUMMARY_TRUNCATED: 'INSIGHTS_SUMMARY_TRUNCATED',
  /** An unexpected failure, masked; `extensions.requestId` finds it in the server log. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/**
 * What the gateway's errors carry in `extensions`, declared the way graphql-yoga declares its own
 * (`http`, `unexpected`): by augmenting graphql-js's GraphQLErrorExtensions, so that every
 * `new GraphQLError(..., { extensions })` and every read of `error.extensions` is checked.
 */
declare module 'graphql' {
  interface GraphQLErrorExtensions {
    /** A GatewayErrorCode, or the AWS error code of a CloudTrail failure (`ThrottlingException`...). */
    code?: string;
    /** CloudTrail failures and call refusals: whether the same request may succeed later. */
    retryable?: boolean;
    /** CloudTrail failures: true when the gateway refused the input itself, with AWS's error, calling nothing. */
    rejectedBeforeCall?: boolean;
    /** CloudTrail failures: a change was sent and its answer lost; read the resource back before retrying. */
    outcomeUnknown?: boolean;
    /** CloudTrail failures: AWS's request id; null when no call was made. */
    awsRequestId?: string | null;
    /** INTERNAL_SERVER_ERROR: the id the failure was logged with. */
    requestId?: string;
    /** UNAUTHENTICATED and FORBIDDEN: the scopes the refused field or type needs. */
    requiredScopes?: string[];
    /** AWS_CALL_BUDGET_EXCEEDED: MAX_AWS_CALLS_PER_REQUEST. */
    budget?: number;
    /** RATE_LIMITED and AWS_QUOTA_EXHAUSTED: when to retry. */
    retryAfterSeconds?: number;
    /** AWS_QUOTA_EXHAUSTED: the operation and Region whose quota is spent. */
    operation?: string;
    region?: string;
    /** REQUEST_DEADLINE_EXCEEDED: REQUEST_DEADLINE_MS. */
    deadlineMs?: number;
    /** AUDIT_UNAVAILABLE: the id of the attempt's audit records. */
    auditId?: string;
    /** BAD_USER_INPUT on a metric series' summaries: the AWS pages the window could take, and the most allowed. */
    awsPagesNeeded?: number;
    maxAwsPages?: number;
  }
}

/**
 * insightsSummary's refusal to count an account-Region from part of its Insights events. Shaped like
 * CloudTrail's errors (as AwsTransportError is), so it travels the way an AWS failure of the same
 * account-Region does: a `failedShards` entry with its code, or, for the gateway's own account, the
 * field's error with the AwsError extensions. Not retryable (the same window holds the same events),
 * and not `rejectedBeforeCall`: the pages up to the limit were read.
 */
export function insightsSummaryTruncated(message: string): CloudTrailServiceException {
  return new CloudTrailServiceException({ name: GatewayErrorCode.INSIGHTS_SUMMARY_TRUNCATED, $fault: 'client', message, $metadata: {} });
}

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: GatewayErrorCode.BAD_USER_INPUT } });
}

/**
 * For fields without an error union (every connection, nested fields): an AWS failure becomes a
 * GraphQL error the client can act on, with the fields of the `AwsError` interface in its
 * extensions (`code` being the AWS error code, `ThrottlingException`...), instead of being masked as
 * an unexpected error. Connections report failures this way rather than in a union so that they
 * stay plain connection types, which Relay's `@connection` and Apollo's `relayStylePagination`
 * require. Anything else is rethrown as is.
 */
export function awsFailureAsGraphQLError(error: unknown): never {
  if (error instanceof CloudTrailServiceException) {
    throw new GraphQLError(error.message, {
      extensions: {
        code: error.name,
        retryable: isRetryable(error),
        rejectedBeforeCall: wasRejectedBeforeCall(error),
        outcomeUnknown: (error as { outcomeUnknown?: unknown }).outcomeUnknown === true,
        awsRequestId: error.$metadata?.requestId ?? null,
      },
    });
  }
  throw error;
}

/** Runs `load`, turning an AWS failure into a GraphQL error (see awsFailureAsGraphQLError). */
export async function surfacingAwsFailures<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    return awsFailureAsGraphQLError(error);
  }
}
