import * as sdk from '@aws-sdk/client-cloudtrail';
import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import { operationExceptions, type CloudTrailOperationName } from './operation-exceptions.generated.js';

/** A constructor of one of the SDK's modelled CloudTrail exceptions. */
export type CloudTrailExceptionClass = new (
  opts: { message: string; $metadata: sdk.CloudTrailServiceException['$metadata'] },
) => CloudTrailServiceException;

function isExceptionClass(value: unknown): value is CloudTrailExceptionClass {
  return typeof value === 'function' && value.prototype instanceof CloudTrailServiceException;
}

/** Every exception class the SDK exports, by its AWS error code (`TrailNotFoundException`, ...). */
export const exceptionClasses: ReadonlyMap<string, CloudTrailExceptionClass> = (() => {
  const classes = new Map<string, CloudTrailExceptionClass>();
  for (const [name, value] of Object.entries(sdk as Record<string, unknown>)) {
    if (isExceptionClass(value)) classes.set(name, value);
  }
  return classes;
})();

/** The names of the exceptions the SDK documents (`@throws`) for an operation. */
export function exceptionNamesFor(operation: CloudTrailOperationName): readonly string[] {
  return operationExceptions[operation];
}

/** The SDK's class for an exception name; fails at schema build if the SDK stopped exporting it. */
export function exceptionClass(name: string): CloudTrailExceptionClass {
  const cls = exceptionClasses.get(name);
  if (!cls) throw new Error(`@aws-sdk/client-cloudtrail documents ${name} but does not export it`);
  return cls;
}

/**
 * Marks exceptions the gateway raised itself. A property rather than a WeakSet: the errors plugin
 * hands resolvers a Proxy of the thrown error, which a WeakSet would not recognise.
 */
const rejectedBeforeCall = Symbol('rejectedBeforeCall');

/**
 * Builds the exception AWS would answer with, for input the gateway rejects before calling AWS,
 * so that clients see the same typed error whether the gateway or AWS caught the problem.
 */
export function localException(type: string, message: string): CloudTrailServiceException {
  const cls = exceptionClasses.get(type);
  const error = cls
    ? new cls({ message, $metadata: {} })
    : new CloudTrailServiceException({ name: type, $fault: 'client', message, $metadata: {} });
  Object.defineProperty(error, rejectedBeforeCall, { value: true });
  return error;
}

export function wasRejectedBeforeCall(error: CloudTrailServiceException): boolean {
  return (error as unknown as Record<symbol, unknown>)[rejectedBeforeCall] === true;
}

/**
 * Exceptions whose AWS documentation says to wait and try again: ThrottlingException (request
 * rate), ConflictException ("wait a few minutes, and then try the operation again") and
 * ConcurrentModificationException ("allow sufficient wait time ... then retry your request").
 */
const RETRY_LATER = new Set(['ThrottlingException', 'ConflictException', 'ConcurrentModificationException']);

/** Whether retrying the same request may succeed: the exceptions above and server faults. */
export function isRetryable(error: CloudTrailServiceException): boolean {
  if (error.$retryable) return true;
  if (error.$fault === 'server') return true;
  return RETRY_LATER.has(error.name);
}

export { CloudTrailServiceException };
export type { CloudTrailOperationName };
