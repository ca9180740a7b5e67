import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { CloudTrailClients } from '../src/aws/clients.js';
import { startEmulator } from '../src/emulator/index.js';
import { SAMPLE_LOGS_DIR } from '../src/emulator/ingest/index.js';
import { loadConfig } from '../src/config.js';
import { setHeapGrowingPercent } from '../src/heap-growth.js';
import { createGateway } from '../src/server.js';
import { defaultObservability } from './observability.js';

/**
 * One server for the benchmarks, in its own process so it does not share a core with the load
 * generator: `bare` is graphql-yoga with a one-field schema and defaults; `gateway` is this
 * project's gateway, over the emulator at BENCH_EMULATOR_URL or else an embedded one holding the
 * demo data, with the socket and heap settings of src/config.ts (AWS_MAX_SOCKETS, AWS_KEEP_ALIVE,
 * HEAP_GROWING_PERCENT) applied as src/main.ts applies them; `emulator` is the emulator alone, with
 * the demo data and the sample logs replayed as recent. Prints its URL as JSON, then its memory
 * usage as JSON on each SIGUSR2.
 */
const kind = process.argv[2];

async function bareYoga() {
  return createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
    logging: false,
  });
}

async function gateway() {
  const endpoint = process.env.BENCH_EMULATOR_URL ?? (await startEmulator({ seed: 'demo' })).url;
  // The runtime settings `npm start` applies, from the same configuration (and the same variables).
  const config = loadConfig();
  const clients = new CloudTrailClients({
    endpoint,
    defaultRegion: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxSockets: config.awsMaxSockets,
    keepAlive: config.awsKeepAlive,
  });
  setHeapGrowingPercent(config.heapGrowingPercent);
  // No per-caller rate limit: the load comes from one address on purpose.
  // BENCH_OBSERVABILITY=off: the gateway without metrics and access log, to see what they cost.
  const observability = process.env.BENCH_OBSERVABILITY === 'off' ? {} : defaultObservability();
  return createGateway({ clients, logError: () => {}, awsCallRateLimit: false, ...observability, audit: { sink: { write: async () => {}, description: 'discarded (benchmark)', close: async () => {} } } });
}

if (kind === 'emulator') {
  const emulator = await startEmulator({ seed: 'demo', logs: [SAMPLE_LOGS_DIR], replayRecent: true });
  console.log(JSON.stringify({ url: emulator.url }));
} else {
  const handler = kind === 'bare' ? await bareYoga() : kind === 'gateway' ? await gateway() : undefined;
  if (!handler) {
    console.error('usage: tsx bench/server.ts bare|gateway|emulator');
    process.exit(2);
  }
  const server = createServer(handler);
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` }));
  });
}
process.on('SIGTERM', () => process.exit(0));
// bench/memory.ts asks where the memory goes: one JSON line of process.memoryUsage() per SIGUSR2.
process.on('SIGUSR2', () => console.log(JSON.stringify({ memory: process.memoryUsage() })));
