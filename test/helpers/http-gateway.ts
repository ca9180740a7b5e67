import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryAuditSink } from '../../src/audit/audit-sinks.js';
import { createGateway } from '../../src/server.js';
import { startEmulatorBackend, type EmulatorBackend, type TestGatewayOptions } from './gateway.js';

export interface HttpGateway extends EmulatorBackend {
  /** The GraphQL endpoint, http://127.0.0.1:<ephemeral port>/graphql. */
  url: string;
}

/** The gateway served over real HTTP (node http server on loopback) in front of a fresh emulator. */
export async function startHttpGateway(options: TestGatewayOptions = {}): Promise<HttpGateway> {
  const backend = await startEmulatorBackend(options.emulator);
  const server: Server = createServer(createGateway({ clients: backend.clients, audit: { sink: memoryAuditSink() }, ...options.gateway }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...backend,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
