import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * Query depth and cost limits, checked while the document is validated, before any AWS call.
 *
 * The cost is graphql-armor's estimate: 1 per scalar, 2 per object, 1.5x per level of nesting, times
 * a connection's literal `first`. The default cost limit lets the README's trails overview
 * (schema/operations/01-trails-overview.graphql) run at the largest page, `first: 100` (cost about
 * 10,500, some 200 AWS calls), with room for a few more fields, and still refuses a page of 100
 * trails with every field (about 40,000) and pages nested in pages (100 Insights with 100 events
 * each: about 500,000).
 */
export const DEFAULT_MAX_QUERY_DEPTH = 12;
export const DEFAULT_MAX_QUERY_COST = 20_000;

/**
 * Limits on the size and shape of a request, each refused with a 4xx and a code before the document
 * is executed. The defaults leave several times the room the shipped operations need (the largest,
 * 04-insight-investigation, is about 210 tokens and uses no aliases) and GraphiQL's introspection
 * query (about 300 tokens).
 */
export interface RequestLimits {
  /** Bytes of an HTTP request body; larger ones get 413 before they are read. */
  maxRequestBodyBytes: number;
  /** Lexical tokens of a document, counted before it is parsed. */
  maxTokens: number;
  /** Nesting of `{`, `[` and `(` in a document, checked before parsing (graphql-js parses recursively). */
  maxNesting: number;
  /** Aliased fields in an operation (aliases multiply resolvers, and so AWS calls). */
  maxAliases: number;
  /** Directives in an operation. */
  maxDirectives: number;
  /** Characters of one string in the variables or a document literal. */
  maxInputStringLength: number;
  /** Items of one list in the variables or a document literal. */
  maxInputListLength: number;
}

export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = {
  maxRequestBodyBytes: 1_000_000,
  maxTokens: 2_000,
  maxNesting: 64,
  maxAliases: 20,
  maxDirectives: 20,
  // AWS strings the gateway passes on are short (trail names 128, ARNs 256 ... an advanced selector
  // value 2,048, a LookupEvents attribute value 2,000): anything longer fails at AWS anyway.
  maxInputStringLength: 4_096,
  // AWS: at most 500 values in all of a trail's advanced event selectors, 50 tags per resource.
  maxInputListLength: 1_000,
};

export interface QueryLimits {
  maxQueryDepth?: number;
  maxQueryCost?: number;
  requestLimits?: Partial<RequestLimits>;
}

export function requestLimitsOf(limits: QueryLimits): RequestLimits {
  return { ...DEFAULT_REQUEST_LIMITS, ...limits.requestLimits };
}

/** A refusal of the document as a whole: HTTP 400 and `QUERY_LIMIT_EXCEEDED`. */
export function queryLimitError(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: GatewayErrorCode.QUERY_LIMIT_EXCEEDED, http: { status: 400 } } });
}

/**
 * graphql-armor words its refusals "Syntax Error: Query Cost limit of ... exceeded", though the
 * document parsed fine; the client gets the same facts without the false claim, and what to change.
 */
function reportWithoutSyntaxError(hint: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    const message = `${error.message.replace(/^Syntax Error:\s*/, '')} ${hint}`;
    context?.reportError(new GraphQLError(message, { extensions: { code: GatewayErrorCode.QUERY_LIMIT_EXCEEDED } }));
  };
}

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Why a document is too big to parse (more tokens, or deeper bracket nesting, than allowed), or
 * null. One pass of graphql-js's lexer, which is iterative: graphql-js parses and validates
 * recursively, so a document thousands of levels deep would overflow the stack and answer 500, and a
 * huge one would be built into an AST before any limit looked at it. Lexical errors are left for
 * the parser to report.
 */
export function documentTooLarge(source: string, limits: Pick<RequestLimits, 'maxTokens' | 'maxNesting'>): string | null {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > limits.maxTokens) return `Token limit of ${limits.maxTokens} exceeded. Send a shorter document.`;
      if (OPENING.has(token.kind)) depth += 1;
      else if (CLOSING.has(token.kind)) depth -= 1;
      if (depth > limits.maxNesting) {
        return `Nesting limit of ${limits.maxNesting} exceeded. Nest fewer selections, lists or input objects.`;
      }
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Refuses a document past the token or nesting limit before it is parsed, as a bad request (400
 * whatever the client accepts). This is graphql-armor's max-tokens check moved in front of the
 * parser: run inside it, its refusal is reported as a parse failure, which GraphQL-over-HTTP answers
 * with 200 to `application/json` clients, and it cannot see nesting.
 */
export function useDocumentSizeGuard(limits: Pick<RequestLimits, 'maxTokens' | 'maxNesting'>): Plugin {
  return {
    onParams: ({ params }) => {
      if (typeof params.query !== 'string') return;
      const problem = documentTooLarge(params.query, limits);
      if (problem !== null) throw queryLimitError(problem);
    },
  };
}

/** The document limits, in the order they apply: parse guards, then validation rules. */
export function queryLimitPlugins(limits: QueryLimits): Plugin[] {
  const request = requestLimitsOf(limits);
  return [
    useDocumentSizeGuard(request),
    maxDepthPlugin({
      n: limits.maxQueryDepth ?? DEFAULT_MAX_QUERY_DEPTH,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reportWithoutSyntaxError('Select fewer nested levels.')],
    }),
    costLimitPlugin({
      maxCost: limits.maxQueryCost ?? DEFAULT_MAX_QUERY_COST,
      propagateOnRejection: false,
      onReject: [reportWithoutSyntaxError('Ask for fewer items per page (`first`) or fewer fields, or split the query.')],
    }),
    maxAliasesPlugin({
      n: request.maxAliases,
      propagateOnRejection: false,
      onReject: [reportWithoutSyntaxError('Use fewer aliases, or split the query.')],
    }),
    maxDirectivesPlugin({
      n: request.maxDirectives,
      propagateOnRejection: false,
      onReject: [reportWithoutSyntaxError('Use fewer directives.')],
    }),
  ];
}
