import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { CloudTrailClients } from '../src/aws/clients.js';
import { startEmulator } from '../src/emulator/index.js';
import { createGateway } from '../src/server.js';

/**
 * One server for the throughput benchmark, in its own process so it does not share a core with the
 * load generator: `bare` is graphql-yoga with a one-field schema and defaults; `gateway` is this
 * project's gateway over the embedded emulator holding the demo data. Prints its URL as JSON.
 */
const kind = process.argv[2];

async function bareYoga() {
  return createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
    logging: false,
  });
}

async function gateway() {
  const emulator = await startEmulator({ seed: 'demo' });
  const clients = new CloudTrailClients({
    endpoint: emulator.url,
    defaultRegion: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  return createGateway({ clients, logError: () => {} });
}

const handler = kind === 'bare' ? await bareYoga() : kind === 'gateway' ? await gateway() : undefined;
if (!handler) {
  console.error('usage: tsx bench/server.ts bare|gateway');
  process.exit(2);
}
const server = createServer(handler);
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` }));
});
process.on('SIGTERM', () => process.exit(0));
