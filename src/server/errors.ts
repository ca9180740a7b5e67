import { GraphQLError } from 'graphql';
import { createGraphQLError, handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { AwsCallRefusedError } from '../aws/call-refusals.js';
import type { GatewayContext } from '../schema/context.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/** Receives every unexpected failure with the request id the client was shown. */
export type UnexpectedErrorLogger = (error: unknown, requestId: string) => void;

export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/** One JSON line on stderr, so log collectors can index the request id. */
export const logUnexpectedErrorAsJson: UnexpectedErrorLogger = (error, requestId) => {
  const detail =
    error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  console.error(JSON.stringify({ level: 'error', msg: 'Unexpected error', requestId, error: detail }));
};

/**
 * A GraphQLError thrown on purpose (bad cursor, BAD_USER_INPUT, validation) is meant for the client;
 * anything else that reached GraphQL wrapped in one is a bug or an unmodelled failure. Same test
 * yoga's own masking uses.
 */
function isDeliberate(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError == null || isDeliberate(error.originalError);
}

/**
 * Replaces unexpected execution errors with "Unexpected error." and the request id in
 * `extensions.requestId`, after logging the original with that id. Runs before yoga's own masking
 * (which stays on, with stack traces off, for failures outside execution) so the original error is
 * still at hand to log.
 */
export function useUnexpectedErrorMasking(log: UnexpectedErrorLogger): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          if (!result.errors?.some((error) => !isDeliberate(error))) return;
          const { requestId } = args.contextValue as GatewayContext;
          const errors = result.errors.map((error) => {
            if (isDeliberate(error)) return error;
            if (error.originalError instanceof AwsCallRefusedError) {
              // A limit the client can act on (call budget, rate, deadline), not a failure: say
              // which, with no internals.
              return createGraphQLError(error.originalError.message, {
                nodes: error.nodes,
                source: error.source,
                positions: error.positions,
                path: error.path,
                extensions: error.originalError.extensions(),
              });
            }
            log(error.originalError ?? error, requestId);
            return createGraphQLError(UNEXPECTED_ERROR_MESSAGE, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              path: error.path,
              extensions: { code: GatewayErrorCode.INTERNAL_SERVER_ERROR, requestId },
            });
          });
          setResult({ ...result, errors });
        }),
    }),
  };
}
