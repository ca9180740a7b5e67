import {
  CloudTrailServiceException,
  exceptionClass,
  exceptionNamesFor,
  isRetryable,
  wasRejectedBeforeCall,
  type CloudTrailExceptionClass,
  type CloudTrailOperationName,
} from '../aws/exceptions.js';
import { builder } from './builder.js';

/**
 * AWS exceptions as GraphQL types. Each exception class the SDK models becomes an object type of
 * the same name implementing `AwsError`; a field lists the classes its operation documents, and
 * the errors plugin turns a thrown instance into the matching member of the field's result union.
 */
export const AwsErrorInterface = builder.interfaceRef<CloudTrailServiceException>('AwsError').implement({
  description:
    'A failure reported by CloudTrail, or detected by the gateway before calling CloudTrail because CloudTrail would have refused the same input. Query `code` or use the concrete type to decide what to do.',
  fields: (t) => ({
    message: t.string({
      description: 'What went wrong, in CloudTrail\'s words (or the gateway\'s, when it rejected the input first).',
      resolve: (error) => error.message,
    }),
    code: t.string({
      description:
        'The AWS error code, e.g. `TrailNotFoundException`; or, when no answer from CloudTrail could be read, the gateway\'s `AWS_UNAVAILABLE` (unreachable, or an error page instead of CloudTrail\'s answer), `AWS_TRANSPORT_ERROR` (connection broken, garbled answer) or `AWS_TIMEOUT`.',
      resolve: (error) => error.name,
    }),
    requestId: t.string({
      nullable: true,
      description: 'The AWS request id, for AWS support. Null when the gateway rejected the input without calling AWS.',
      resolve: (error) => error.$metadata?.requestId ?? null,
    }),
    retryable: t.boolean({
      description: 'True when the same request may succeed later (throttling, a resource busy with another change, service faults); false for bad input or state.',
      resolve: (error) => isRetryable(error),
    }),
    outcomeUnknown: t.boolean({
      description:
        'True when a change was sent to CloudTrail and its answer was lost (connection broken or timed out after sending): CloudTrail may or may not have applied it. Read the resource back before retrying. Always false for reads and for errors CloudTrail answered.',
      resolve: (error) => (error as { outcomeUnknown?: unknown }).outcomeUnknown === true,
    }),
    rejectedBeforeCall: t.boolean({
      description: 'True when the gateway refused the input itself, with the error AWS would give, and made no AWS call.',
      resolve: (error) => wasRejectedBeforeCall(error),
    }),
  }),
});

const registered = new Set<CloudTrailExceptionClass>();

function describeException(name: string): string {
  return `CloudTrail's ${name}. See the CloudTrail API reference for when it is raised.`;
}

function registerExceptionType(cls: CloudTrailExceptionClass, name: string): void {
  if (registered.has(cls)) return;
  registered.add(cls);
  builder.objectType(cls, {
    name,
    description: describeException(name),
    interfaces: [AwsErrorInterface],
  });
}

/**
 * What a field with a result union says about being null. Its union holds CloudTrail's errors; an
 * error the gateway raises itself (BAD_USER_INPUT, AWS_CALL_BUDGET_EXCEEDED) is a GraphQL error
 * instead, and the field is nullable so that error nulls this field only, not the whole response.
 */
export function nullWhenRefused(example?: string): string {
  if (example === undefined) return "Null, with an error, when the request's AWS call budget is spent.";
  return `Null, with an error, when the arguments are refused before any AWS call (e.g. ${example}) or the request's AWS call budget is spent.`;
}

/**
 * What a connection field says about being null. Connections carry no error union (Relay and
 * Apollo's pagination need the field to return the connection type): a CloudTrail failure on any
 * page, or input CloudTrail would refuse, is a GraphQL error whose extensions hold the `AwsError`
 * fields (`code`, `retryable`, `rejectedBeforeCall`, `outcomeUnknown`, `awsRequestId`).
 */
export function nullWhenAwsFails(example: string): string {
  return `Null, with an error, when the arguments are refused before any AWS call (e.g. ${example}), the request's AWS call budget is spent, or CloudTrail fails on any page; the error's \`extensions\` carry the AWS \`code\` (e.g. \`ThrottlingException\`), \`retryable\`, \`rejectedBeforeCall\`, \`outcomeUnknown\` and \`awsRequestId\`.`;
}

/** Any AWS error the SDK does not model for the operation (AccessDenied, expired credentials, ...). */
builder.objectType(CloudTrailServiceException, {
  name: 'UnmodelledAwsError',
  description:
    'An AWS error the SDK does not model for this operation, such as AccessDeniedException or an expired token, or a failure to get any answer from CloudTrail (`AWS_UNAVAILABLE`, `AWS_TRANSPORT_ERROR`, `AWS_TIMEOUT`, retryable). `code` says which.',
  interfaces: [AwsErrorInterface],
});

/**
 * The error classes for a field that calls `operations`: the exceptions the SDK documents for
 * each, ThrottlingException (any CloudTrail call can be throttled), and the catch-all last (the
 * errors plugin takes the first class an error is an instance of).
 */
export function awsErrorTypes(...operations: CloudTrailOperationName[]): CloudTrailExceptionClass[] {
  const names = new Set(operations.flatMap(exceptionNamesFor));
  names.add('ThrottlingException');
  const classes = [...names].map((name) => {
    const cls = exceptionClass(name);
    registerExceptionType(cls, name);
    return cls;
  });
  return [...classes, CloudTrailServiceException as unknown as CloudTrailExceptionClass];
}
