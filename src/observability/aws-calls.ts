import { context, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { ClientInstrumentation } from '../aws/clients.js';
import type { AwsCallOutcome, GatewayMetrics } from './metrics.js';

/**
 * AWS call metrics and spans as SDK middleware on each client, so every call is seen however it is
 * made (the per-request CloudTrailApi, readiness checks, a role session's clients) without wrapping
 * call sites. `initialize` is the outermost step: the call's whole time, SDK retries included, and
 * its final outcome. A second middleware inside the retry loop (`finalizeRequest`, low priority)
 * sees each attempt, so throttles the SDK retried away still count.
 */

export interface AwsCallObservers {
  metrics?: GatewayMetrics;
  /** Spans are made only with a tracer: tracing costs nothing when it is off. */
  tracer?: Tracer;
}

interface SdkError {
  name?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $retryable?: { throttling?: boolean };
}

/** AWS codes that mean "too many requests" (CloudTrail answers ThrottlingException). */
const THROTTLING_CODES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
/** An exception name used as a label: AWS's codes are short words; anything else is not a label. */
const EXCEPTION_LABEL = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

function isThrottling(error: SdkError): boolean {
  return (typeof error.name === 'string' && THROTTLING_CODES.has(error.name)) || error.$retryable?.throttling === true;
}

/** How a failed call ended: throttled, another AWS answer, cancelled, or no answer at all. */
export function awsCallOutcome(error: unknown): { outcome: AwsCallOutcome; exception: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const name = typeof e.name === 'string' && EXCEPTION_LABEL.test(e.name) ? e.name : 'other';
  // The SDK rejects with an AbortError when the call's signal fires (timeout, deadline, client gone).
  if (name === 'AbortError' || name === 'TimeoutError') return { outcome: 'aborted', exception: name };
  if (isThrottling(e)) return { outcome: 'throttled', exception: name };
  // A modelled or unmodelled error CloudTrail answered: the SDK put the answer's status on it.
  if (e.$fault !== undefined && e.$metadata?.httpStatusCode !== undefined) return { outcome: 'aws_error', exception: name };
  return { outcome: 'transport_error', exception: name };
}

const OBSERVE_CALL = 'gatewayAwsCallObservation';
const COUNT_THROTTLED_ATTEMPTS = 'gatewayThrottledAttempts';

export function observeAwsCalls({ metrics, tracer }: AwsCallObservers): ClientInstrumentation {
  return (stack, region) => {
    stack.add(
      (next, handlerContext) => async (args) => {
        const operation = (handlerContext.commandName ?? 'Unknown').replace(/Command$/, '');
        const started = performance.now();
        // The parent is the span active where the call was made: the GraphQL operation's, which
        // @envelop/opentelemetry makes active around execution.
        const span = tracer?.startSpan(
          `CloudTrail.${operation}`,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'rpc.system': 'aws-api',
              'rpc.service': 'CloudTrail',
              'rpc.method': operation,
              ...(region ? { 'cloud.region': region } : {}),
            },
          },
          context.active(),
        );
        try {
          const result = await next(args);
          metrics?.onAwsCall(operation, 'success', (performance.now() - started) / 1000);
          if (span) {
            const { $metadata } = result.output;
            if ($metadata.requestId) span.setAttribute('aws.request_id', $metadata.requestId);
            if ($metadata.httpStatusCode) span.setAttribute('http.response.status_code', $metadata.httpStatusCode);
            if ($metadata.attempts) span.setAttribute('aws.attempts', $metadata.attempts);
            span.end();
          }
          return result;
        } catch (error) {
          const { outcome, exception } = awsCallOutcome(error);
          metrics?.onAwsCall(operation, outcome, (performance.now() - started) / 1000, exception);
          if (span) {
            const metadata = (error as SdkError).$metadata;
            if (metadata?.requestId) span.setAttribute('aws.request_id', metadata.requestId);
            if (metadata?.httpStatusCode) span.setAttribute('http.response.status_code', metadata.httpStatusCode);
            span.setAttribute('error.type', exception);
            span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome}: ${exception}` });
            span.end();
          }
          throw error;
        }
      },
      { step: 'initialize', name: OBSERVE_CALL, override: true },
    );
    if (metrics) {
      stack.add(
        (next, handlerContext) => async (args) => {
          try {
            return await next(args);
          } catch (error) {
            if (isThrottling(error as SdkError)) metrics.onThrottle((handlerContext.commandName ?? 'Unknown').replace(/Command$/, ''));
            throw error;
          }
        },
        { step: 'finalizeRequest', priority: 'low', name: COUNT_THROTTLED_ATTEMPTS, override: true },
      );
    }
  };
}
