import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTrailClients } from '../../src/aws/clients.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { createGateway, type GatewayOptions } from '../../src/server.js';
import { testCredentials } from './emulator.js';

export interface HttpGateway {
  /** The GraphQL endpoint, http://127.0.0.1:<ephemeral port>/graphql. */
  url: string;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

/** The gateway served over real HTTP (node http server on loopback) in front of a fresh emulator. */
export async function startHttpGateway(
  options: { emulator?: EmulatorOptions; gateway?: Partial<Omit<GatewayOptions, 'clients'>> } = {},
): Promise<HttpGateway> {
  const emulator = await startEmulator(options.emulator);
  const clients = new CloudTrailClients({
    endpoint: emulator.url,
    defaultRegion: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 1,
  });
  const server: Server = createServer(createGateway({ clients, ...options.gateway }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    emulator,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clients.destroy();
      await emulator.close();
    },
  };
}
