import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { AuditUnavailableError, type AuditOutcome, type MutationAttempt } from '../audit/mutation-audit.js';
import { AwsCallBudgetExceededError } from '../aws/cloudtrail-api.js';
import { CloudTrailServiceException, isRetryable, wasRejectedBeforeCall } from '../aws/exceptions.js';
import type { GatewayContext } from './context.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * The audit of the selector mutations (src/audit/mutation-audit.ts): every attempt ends in one
 * outcome record, whether scope-auth refused it, the gateway refused its input, AWS refused it or
 * it succeeded; a put is made only after its intent record is written.
 */

/** How an attempt that threw ended, for its outcome record. */
function outcomeOf(error: unknown): AuditOutcome {
  if (error instanceof AuditUnavailableError) {
    return { status: 'refused', reason: 'audit-unavailable', code: error.code, message: error.message };
  }
  if (error instanceof CloudTrailServiceException) {
    if (wasRejectedBeforeCall(error)) return { status: 'refused', reason: 'validation', code: error.name, message: error.message };
    return { status: 'failed', code: error.name, message: error.message, retryable: isRetryable(error) };
  }
  if (error instanceof GraphQLError) {
    return { status: 'refused', reason: 'validation', code: String(error.extensions.code ?? GatewayErrorCode.BAD_USER_INPUT), message: error.message };
  }
  if (error instanceof AwsCallBudgetExceededError) return { status: 'failed', code: error.code, message: error.message };
  return { status: 'failed', code: GatewayErrorCode.INTERNAL_SERVER_ERROR, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/**
 * Runs a selector mutation under audit: `run` records the target and the state before, awaits
 * `attempt.intent()` right before the put, and records the put's answer with `attempt.after`.
 */
export async function auditedMutation<T>(
  ctx: GatewayContext,
  operation: string,
  awsOperation: string,
  input: unknown,
  run: (attempt: MutationAttempt) => Promise<T>,
): Promise<T> {
  const attempt = ctx.audit.begin(operation, awsOperation, input);
  let result: T;
  try {
    result = await run(attempt);
  } catch (error) {
    const requestId = error instanceof CloudTrailServiceException ? error.$metadata?.requestId : undefined;
    await attempt.outcome(outcomeOf(error), requestId);
    if (error instanceof AuditUnavailableError) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, auditId: attempt.auditId } });
    }
    throw error;
  }
  await attempt.outcome({ status: 'succeeded' });
  return result;
}

/**
 * A selector mutation's scope: selectors:write, checked before its resolver; a refusal is recorded
 * (and awaited) before the caller gets its UNAUTHENTICATED or FORBIDDEN error.
 */
export function selectorsWriteScope(awsOperation: string) {
  return {
    authScopes: { 'selectors:write': true } as const,
    unauthorizedResolver: async (
      _root: unknown,
      args: { input: unknown },
      ctx: GatewayContext,
      info: GraphQLResolveInfo,
      error: Error,
    ): Promise<never> => {
      const code = error instanceof GraphQLError ? String(error.extensions.code) : GatewayErrorCode.FORBIDDEN;
      await ctx.audit
        .begin(info.fieldName, awsOperation, args.input)
        .outcome({ status: 'refused', reason: code === GatewayErrorCode.UNAUTHENTICATED ? 'unauthenticated' : 'forbidden', code, message: error.message });
      throw error;
    },
  };
}
