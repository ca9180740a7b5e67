import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { memoryAuditSink } from '../../src/audit/audit-sinks.js';
import { CloudTrailClients } from '../../src/aws/clients.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { testCredentials } from './emulator.js';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { awsCalls?: Record<string, number> } & Record<string, unknown>;
}

export interface TestGatewayOptions {
  emulator?: EmulatorOptions;
  gateway?: Partial<Omit<GatewayOptions, 'clients'>>;
}

/** A fresh emulator, the clients a gateway reaches it with, and SDK clients to seed it with. */
export interface EmulatorBackend {
  emulator: RunningEmulator;
  /** The gateway's clients: the real SDK over HTTP, no retries, so faults are seen as sent. */
  clients: CloudTrailClients;
  /** An SDK client in `region` (us-east-1 unless given) to seed the emulator as an operator would; closed with the backend. */
  sdkClient(region?: string): CloudTrailClient;
  /** Empties the emulator and clears its faults, for tests that share one backend. */
  reset(): void;
  close(): Promise<void>;
}

export async function startEmulatorBackend(options: EmulatorOptions = {}): Promise<EmulatorBackend> {
  // The admin API on: tests ingest logs and inject faults through it.
  const emulator = await startEmulator({ admin: true, ...options });
  const connection = { endpoint: emulator.url, defaultRegion: 'us-east-1', credentials: testCredentials, maxAttempts: 1 };
  const clients = new CloudTrailClients(connection);
  const seeding = new CloudTrailClients(connection);
  return {
    emulator,
    clients,
    sdkClient: (region) => seeding.forRegion(region),
    reset() {
      emulator.store.reset();
      emulator.faults.set({});
    },
    async close() {
      seeding.destroy();
      clients.destroy();
      await emulator.close();
    },
  };
}

export interface TestGateway extends EmulatorBackend {
  gateway: Gateway;
  /** POSTs a GraphQL request through yoga's fetch, as a client would over HTTP. */
  query<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
}

/** The gateway over a fresh emulator, talking to it through the real SDK over HTTP. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const backend = await startEmulatorBackend(options.emulator);
  const gateway = createGateway({ clients: backend.clients, reportAwsCalls: true, audit: { sink: memoryAuditSink() }, ...options.gateway });
  return {
    ...backend,
    gateway,
    async query(query, variables, headers) {
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<never>;
    },
  };
}
