import { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * graphql-js gives its own refusals no `extensions.code`; clients (and Apollo's conventions) branch
 * on one. Validation errors get GRAPHQL_VALIDATION_FAILED; errors raised before the first field
 * resolves (no `path`: variables that do not coerce to their declared types, an unknown operation
 * name) get BAD_USER_INPUT. Errors that already carry a code keep it.
 */
function withCode(error: GraphQLError, code: GatewayErrorCode): GraphQLError {
  if (error.extensions.code !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

/** Errors of a result that carry no path (raised before any field resolved) get `code`. */
function codeRequestErrors(code: GatewayErrorCode) {
  return (payload: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) =>
    handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
      if (!result.errors?.some((error) => error.path === undefined && error.extensions.code === undefined)) return;
      setResult({ ...result, errors: result.errors.map((error) => (error.path === undefined ? withCode(error, code) : error)) });
    });
}

export function useErrorCodes(): Plugin {
  return {
    // As for queries: errors before the subscription's field runs (variables that do not coerce).
    onSubscribe: () => ({ onSubscribeResult: codeRequestErrors(GatewayErrorCode.BAD_USER_INPUT) }),
    onValidate: () => ({ result, setResult }) => {
      if (result.length > 0) setResult(result.map((error) => withCode(error, GatewayErrorCode.GRAPHQL_VALIDATION_FAILED)));
    },
    onExecute: () => ({ onExecuteDone: codeRequestErrors(GatewayErrorCode.BAD_USER_INPUT) }),
  };
}
