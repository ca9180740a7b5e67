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
 * process through yoga's fetch, one after the other, after a warm-up; the gateway's read cache holds
 * every page, so no CloudTrail call is made while measuring. CPU is process.cpuUsage (user + system).
 */

export interface CpuPerRequest {
  gatewayMs: number;
  bareMs: number;
  responseBytes: number;
}

type Handler = (request: Request) => Response | Promise<Response>;

async function cpuPerRequest(handle: Handler, body: string, requests: number): Promise<{ ms: number; bytes: number }> {
  const send = async () => {
    const res = await handle(
      new Request('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
    );
    return res.text();
  };
  let bytes = 0;
  for (let k = 0; k < Math.max(10, requests / 5); k += 1) bytes = (await send()).length;
  global.gc?.();
  const before = process.cpuUsage();
  for (let k = 0; k < requests; k += 1) await send();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000 / requests, bytes };
}

export async function measureDashboardCpu(requests = 100): Promise<CpuPerRequest> {
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
    const gw = await cpuPerRequest((r) => gateway.fetch(r), body, requests);
    const yoga = await cpuPerRequest((r) => bare.fetch(r), body, requests);
    return { gatewayMs: gw.ms, bareMs: yoga.ms, responseBytes: gw.bytes };
  } finally {
    clients.destroy();
    await emulator.close();
  }
}
