import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

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

export interface QueryLimits {
  maxQueryDepth?: number;
  maxQueryCost?: number;
}

/**
 * graphql-armor words its refusals "Syntax Error: Query Cost limit of ... exceeded", though the
 * document parsed fine; the client gets the same facts without the false claim, and what to change.
 */
function reportWithoutSyntaxError(hint: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    const message = `${error.message.replace(/^Syntax Error:\s*/, '')} ${hint}`;
    context?.reportError(new GraphQLError(message, { extensions: { code: 'QUERY_LIMIT_EXCEEDED' } }));
  };
}

export function queryLimitPlugins(limits: QueryLimits): Plugin[] {
  return [
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
  ];
}
