import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';

/**
 * Reports the AWS calls a request made, per operation, in `extensions.awsCalls`, so clients and tests
 * can see what a query cost and that batching keeps it at the minimum.
 */
export function useAwsCallReport(): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          const context = args.contextValue as GatewayContext;
          setResult({ ...result, extensions: { ...result.extensions, awsCalls: context.cloudTrail.callCounts() } });
        }),
    }),
  };
}
