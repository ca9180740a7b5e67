import { readdirSync, readFileSync } from 'node:fs';
import { CloudTrailClients } from '../src/aws/clients.js';
import { startEmulator } from '../src/emulator/index.js';
import { SAMPLE_LOGS_DIR } from '../src/emulator/ingest/index.js';
import { createGateway } from '../src/server.js';
import { describeWaves, recordAwsCalls, waveCount } from './waves.js';

/**
 * Waves of CloudTrail calls (round trips one after the other, see waves.ts) each example operation
 * of schema/operations/ takes with its default variables, over the demo data with the sample logs,
 * every call delayed by the emulator's latency fault, with the read cache off (a cold request).
 *
 * The minimum is what the data dependencies of CloudTrail's API allow, from the calls the request
 * made and what it answered, not from the gateway's code:
 *   - a listing (ListTrails, LookupEvents...) and calls addressed by what the client sent (a metric
 *     series, a put) need nothing: wave 1;
 *   - calls that need an ARN from a listing (DescribeTrails, GetTrailStatus, ListTags) come after it;
 *   - GetInsightSelectors of a listed trail is skipped unless DescribeTrails says HasInsightSelectors,
 *     so it comes after DescribeTrails (one more wave, only when some trail has Insights on);
 *   - a mutation's payload reads (the selectors in force before, the object after) can run with the
 *     put, except the ones that need the put's answer: 2 waves.
 *   - for the Insights operations, whatever depends on the Insights listed (an End event not on the
 *     listed page, an Insight's metric series and events) comes after the listing: 2 waves when the
 *     request made any such call.
 */

export interface OperationWaves {
  operation: string;
  waves: number;
  minimum: number;
  detail: string;
}

type Minimum = (ops: Set<string>) => number;

const MINIMUM: Record<string, Minimum> = {
  TrailsOverview: (ops) => 2 + (ops.has('GetInsightSelectors') ? 1 : 0),
  InsightEvents: (ops) => (ops.size > 1 ? 2 : 1),
  InsightsDashboard: () => 1,
  InsightInvestigation: (ops) => (ops.size > 1 ? 2 : 1),
  PutTrailInsightSelectors: () => 2,
  PutEventSelectors: () => 2,
  PutEventDataStoreInsightSelectors: () => 2,
};

export async function measureExampleWaves(latencyMs = 50): Promise<OperationWaves[]> {
  const emulator = await startEmulator({ seed: 'demo', logs: [SAMPLE_LOGS_DIR], replayRecent: true });
  const clients = new CloudTrailClients({
    endpoint: emulator.url,
    defaultRegion: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const recorder = recordAwsCalls(clients);
  const gateway = createGateway({ clients, graphiql: false, logError: () => {}, insights: { cache: false }, audit: { sink: { write: async () => {}, description: 'discarded (benchmark)', close: async () => {} } } });
  emulator.faults.set({ latencyMs: { '*': latencyMs } });
  try {
    const results: OperationWaves[] = [];
    for (const file of readdirSync('schema/operations').filter((f) => f.endsWith('.graphql')).sort()) {
      const document = readFileSync(`schema/operations/${file}`, 'utf8');
      const [, kind, name] = /(query|mutation|subscription)\s+(\w+)/.exec(document) ?? [];
      const operation = name ?? file;
      // A subscription's stream does not end, and its calls are the live poller's: shared by every
      // subscriber and paced by the poll interval, not made for a request.
      if (kind === 'subscription') continue;
      // Reads member accounts: measured at 10 accounts x 3 Regions by organization-waves.ts.
      if (operation === 'OrganizationInsightsOverview' || operation === 'OrganizationInsightsDashboard') continue;
      recorder.reset();
      const res = await gateway.fetch('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document }),
      });
      const body = (await res.json()) as { errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`${operation}: ${JSON.stringify(body.errors)}`);
      const spans = recorder.spans();
      const minimum = (MINIMUM[operation] ?? (() => 1))(new Set(spans.map((s) => s.operation)));
      results.push({ operation, waves: waveCount(spans), minimum, detail: describeWaves(spans) });
    }
    return results;
  } finally {
    clients.destroy();
    await emulator.close();
  }
}

export function formatWaves(results: OperationWaves[]): string {
  const rows = results.map(
    ({ operation, waves, minimum, detail }) =>
      `  ${operation.padEnd(36)} ${String(waves).padStart(5)} ${String(minimum).padStart(8)} ${(waves / minimum).toFixed(2).padStart(6)}   ${detail}`,
  );
  return [`  ${'operation'.padEnd(36)} ${'waves'.padStart(5)} ${'minimum'.padStart(8)} ${'ratio'.padStart(6)}   calls per wave`, ...rows].join('\n');
}
