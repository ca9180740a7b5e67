import { CloudTrailClients } from '../../src/aws/clients.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { testCredentials } from './emulator.js';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { awsCalls?: Record<string, number> } & Record<string, unknown>;
}

export interface TestGateway {
  emulator: RunningEmulator;
  gateway: Gateway;
  clients: CloudTrailClients;
  /** POSTs a GraphQL request through yoga's fetch, as a client would over HTTP. */
  query<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
  close(): Promise<void>;
}

/** The gateway over a fresh emulator, talking to it through the real SDK over HTTP. */
export async function startTestGateway(
  options: { emulator?: EmulatorOptions; gateway?: Partial<Omit<GatewayOptions, 'clients'>> } = {},
): Promise<TestGateway> {
  const emulator = await startEmulator(options.emulator);
  const clients = new CloudTrailClients({
    endpoint: emulator.url,
    defaultRegion: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 1,
  });
  const gateway = createGateway({ clients, reportAwsCalls: true, ...options.gateway });
  return {
    emulator,
    gateway,
    clients,
    async query(query, variables, headers) {
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<never>;
    },
    async close() {
      clients.destroy();
      await emulator.close();
    },
  };
}
