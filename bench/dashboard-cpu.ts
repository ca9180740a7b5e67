import { readFileSync } from 'node:fs';
import { createSchema, createYoga } from 'graphql-yoga';
import { CloudTrailClients } from '../src/aws/clients.js';
import { startEmulator } from '../src/emulator/index.js';
import { SAMPLE_LOGS_DIR } from '../src/emulator/ingest/index.js';
import { createGateway } from '../src/server.js';
import { defaultObservability } from './observability.js';

/**
 * CPU per request of the cached 4-tile dashboard (schema/operations/03-insights-dashboard.graphql,
 * 4 series, 1,000 points each), against a bare graphql-yoga server answering the same document with
 * the same data from memory: the same schema SDL, default resolvers, no plugins. Both run in this
 * process through yoga's fetch, taking turns, after a warm-up; the gateway's read cache holds
 * every page, so no CloudTrail call is made while measuring. CPU is process.cpuUsage (user + system).
 */

export interface CpuPerRequest {
  gatewayMs: number;
  bareMs: number;
  responseBytes: number;
}

type Handler = (request: Request) => Response | Promise<Response>;

function sender(handle: Handler, body: string): () => Promise<string> {
  return async () => {
    const res = await handle(
      new Request('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
    );
    return res.text();
  };
}

/** CPU milliseconds that `requests` requests of `send` take in all. */
async function cpuOf(send: () => Promise<string>, requests: number): Promise<number> {
  global.gc?.();
  const before = process.cpuUsage();
  for (let k = 0; k < requests; k += 1) await send();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * CPU per request of each handler, measured in turns (ROUNDS rounds, each handler first in every
 * other round) after a warm-up of both, so that neither always runs on a colder JIT or in the
 * other's garbage.
 */
const ROUNDS = 6;
async function cpuPerRequestInTurns(handlers: [Handler, Handler], body: string, requests: number): Promise<{ ms: [number, number]; bytes: number }> {
  const sends = handlers.map((handle) => sender(handle, body));
  for (const send of sends) for (let n = 0; n < Math.max(10, requests / 5); n += 1) await send();
  // The size of the first handler's answer (the gateway's), which the bench prints.
  const bytes = (await sends[0]()).length;
  const total = [0, 0];
  const perRound = Math.max(1, Math.round(requests / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const k of round % 2 === 0 ? [0, 1] : [1, 0]) total[k] += await cpuOf(sends[k], perRound);
  }
  return { ms: [total[0] / (perRound * ROUNDS), total[1] / (perRound * ROUNDS)], bytes };
}

export async function measureDashboardCpu(requests = 180): Promise<CpuPerRequest> {
  const emulator = await startEmulator({ seed: 'demo', logs: [SAMPLE_LOGS_DIR], replayRecent: true });
  const clients = new CloudTrailClients({
    endpoint: emulator.url,
    defaultRegion: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  try {
    const gateway = createGateway({
      clients,
      reportAwsCalls: false,
      graphiql: false,
      logError: () => {},
      insights: { cache: { ttlMs: 10 * 60_000 } },
      ...defaultObservability(),
      audit: { sink: { write: async () => {}, description: 'discarded (benchmark)', close: async () => {} } },
    });
    const document = readFileSync('schema/operations/03-insights-dashboard.graphql', 'utf8');
    const body = JSON.stringify({ query: document });
    const first = (await (await gateway.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as {
      data?: { insightsMetricSeriesList: unknown[] };
      errors?: unknown[];
    };
    if (first.errors || !first.data) throw new Error(`dashboard: ${JSON.stringify(first.errors)}`);
    const bare = createYoga({
      schema: createSchema({
        typeDefs: readFileSync('schema/schema.graphql', 'utf8'),
        resolvers: { Query: { insightsMetricSeriesList: () => first.data?.insightsMetricSeriesList } },
      }),
      logging: false,
      graphiql: false,
    });
    const { ms, bytes } = await cpuPerRequestInTurns([(r) => gateway.fetch(r), (r) => bare.fetch(r)], body, requests);
    return { gatewayMs: ms[0], bareMs: ms[1], responseBytes: bytes };
  } finally {
    clients.destroy();
    await emulator.close();
  }
}
