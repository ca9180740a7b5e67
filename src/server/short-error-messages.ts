import { GraphQLError } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';

/** Longest quoted input an error message keeps, and longest message. */
const MAX_QUOTED = 48;
export const MAX_ERROR_MESSAGE_LENGTH = 400;

const QUOTED = /"(?:[^"\\\n]|\\.){49,}"/g;

/**
 * graphql-js quotes the offending input in its messages (`Expected value of type "Int!", found
 * "..."`, `Variable "$x" got invalid value "..."`), whole; so would a message built from an AWS
 * answer. A client needs a prefix to recognise its input, and a long echo would turn every error
 * into a copy of the request.
 */
export function shortenErrorMessage(message: string): string {
  const quoted = message.replace(QUOTED, (run) => `${run.slice(0, MAX_QUOTED)}…" (${run.length - 2} characters)`);
  return quoted.length <= MAX_ERROR_MESSAGE_LENGTH ? quoted : `${quoted.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…`;
}

function shortenErrors<T extends ExecutionResult>(result: T): T {
  if (!result.errors?.some((error) => shortenErrorMessage(error.message) !== error.message)) return result;
  const errors = result.errors.map((error) => {
    const message = shortenErrorMessage(error.message);
    if (message === error.message) return error;
    return new GraphQLError(message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: error.extensions,
    });
  });
  return { ...result, errors };
}

/** Applies shortenErrorMessage to every error of every response, request errors included. */
export function useShortErrorMessages(): Plugin {
  return {
    onResultProcess: ({ result, setResult }) => {
      if (isAsyncIterable(result)) setResult(mapAsyncIterator(result, shortenErrors));
      else if (Array.isArray(result)) setResult(result.map(shortenErrors));
      else setResult(shortenErrors(result));
    },
  };
}
