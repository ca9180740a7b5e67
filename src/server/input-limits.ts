import { GraphQLError, Kind, type ASTVisitor, type ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { RequestLimits } from './limits.js';
import { GatewayErrorCode } from '../gateway-errors.js';

type InputLimits = Pick<RequestLimits, 'maxInputStringLength' | 'maxInputListLength' | 'maxNesting'>;

function tooLarge(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: GatewayErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/**
 * The first string or list in a variables value past the limits, as a message naming where it is
 * (`$input.tags[3].value`), or null. Iterative, so a value nested thousands deep cannot overflow the
 * stack; nesting past `maxNesting` is refused too (no GraphQL input type here nests that deep).
 */
export function oversizedInput(variables: unknown, limits: InputLimits): string | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: variables, path: '$', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (depth > limits.maxNesting) return `Variables nest deeper than ${limits.maxNesting} levels at ${path}.`;
    if (typeof value === 'string') {
      if (value.length > limits.maxInputStringLength) {
        return `Variable ${path} is a string of ${value.length} characters; the gateway accepts at most ${limits.maxInputStringLength}.`;
      }
    } else if (Array.isArray(value)) {
      if (value.length > limits.maxInputListLength) {
        return `Variable ${path} is a list of ${value.length} items; the gateway accepts at most ${limits.maxInputListLength}.`;
      }
      value.forEach((item, i) => pending.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const name = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(key) ? key : '<key>';
        pending.push({ value: item, path: path === '$' ? `$${name}` : `${path}.${name}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** The same limits on string and list literals written into the document. */
function inputLiteralLimitRule(limits: InputLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    [Kind.STRING]: (node) => {
      if (node.value.length > limits.maxInputStringLength) {
        context.reportError(
          new GraphQLError(
            `A string literal of ${node.value.length} characters; the gateway accepts at most ${limits.maxInputStringLength}.`,
            { nodes: [node], extensions: { code: GatewayErrorCode.BAD_USER_INPUT } },
          ),
        );
      }
    },
    [Kind.LIST]: (node) => {
      if (node.values.length > limits.maxInputListLength) {
        context.reportError(
          new GraphQLError(
            `A list literal of ${node.values.length} items; the gateway accepts at most ${limits.maxInputListLength}.`,
            { nodes: [node], extensions: { code: GatewayErrorCode.BAD_USER_INPUT } },
          ),
        );
      }
    },
  });
}

/**
 * Refuses oversized strings and lists in the variables (before they are coerced, so no error
 * message can quote them) and in the document, with BAD_USER_INPUT before any AWS call. CloudTrail
 * would refuse most of them too, but only after the gateway had sent them.
 */
export function useInputSizeLimits(limits: InputLimits): Plugin {
  const rule = inputLiteralLimitRule(limits);
  return {
    onParams: ({ params }) => {
      const problem = oversizedInput(params.variables, limits);
      if (problem !== null) throw tooLarge(problem);
    },
    onValidate: ({ addValidationRule }) => addValidationRule(rule),
  };
}
