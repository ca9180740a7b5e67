import { randomUUID } from 'node:crypto';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { CloudTrailApi } from './aws/cloudtrail-api.js';
import type { CloudTrailClients } from './aws/clients.js';
import { createLoaders } from './loaders/index.js';
import { schema } from './schema/index.js';
import type { GatewayContext } from './schema/context.js';

export interface GatewayOptions {
  clients: CloudTrailClients;
  /** Add `extensions.awsCalls` (AWS calls per operation) to every response. */
  reportAwsCalls?: boolean;
  graphiql?: boolean;
  corsOrigins?: string[];
  /** Called for unexpected errors, which clients only see masked with the request id. */
  logError?: (error: unknown, requestId: string) => void;
}

type ServerContext = Record<string, unknown>;
export type Gateway = YogaServerInstance<ServerContext, GatewayContext>;

/** Reports the AWS calls a request made, per operation, in `extensions.awsCalls`. */
function useAwsCallReport(): Plugin<GatewayContext> {
  return {
    onExecute: () => ({
      onExecuteDone: ({ args, result, setResult }) => {
        if (!('data' in result)) return;
        const context = args.contextValue as GatewayContext;
        setResult({ ...result, extensions: { ...result.extensions, awsCalls: context.cloudTrail.callCounts() } });
      },
    }),
  };
}

export function createGateway(options: GatewayOptions): Gateway {
  const plugins: Plugin<GatewayContext>[] = [];
  if (options.reportAwsCalls ?? true) plugins.push(useAwsCallReport());
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: options.graphiql ?? true,
    context: (): GatewayContext => {
      const cloudTrail = new CloudTrailApi(options.clients);
      return { cloudTrail, loaders: createLoaders(cloudTrail), requestId: randomUUID() };
    },
    plugins,
  });
}
