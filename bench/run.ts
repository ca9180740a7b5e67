import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { loadConfig } from '../src/config.js';
import { compareAwsCalls, formatCallComparisons, LIST_TRAILS_PAGE_SIZE } from './aws-calls.js';
import { measureDashboardCpu } from './dashboard-cpu.js';
import { formatFleet, measureFleet } from './fleet.js';
import { formatWaves, measureExampleWaves } from './example-waves.js';
import { formatOrganizationWaves, measureOrganizationWaves, ORG_ACCOUNTS, ORG_REGIONS } from './organization-waves.js';
import { measureMemory, type MemoryResult } from './memory.js';
import { measureSdkOverhead } from './sdk-overhead.js';
import { load, loadInTurns, withServer, type LoadOptions, type LoadResult } from './throughput.js';

/**
 * `npm run bench`: (1) AWS calls per representative query against the fewest the CloudTrail API
 * allows; (2) waves of AWS calls per example operation under injected latency against the fewest the
 * API's data dependencies allow; (3) CPU per cached dashboard request against a bare graphql-yoga
 * server answering the same document; (4) requests per second of the gateway against a bare
 * graphql-yoga server; (5) the SDK's CPU per call against a bare HTTP POST; (6) the gateway's
 * resident memory under a bounded mixed load, with V8's own heap growth and with the gateway's
 * HEAP_GROWING_PERCENT side by side, and where it goes; (7) the emulator at 1M events (bench/emulator.ts);
 * (8) AWS calls per second of 1, 2 and 4 replicas on one Redis under the same load (bench/fleet.ts).
 * Everything runs on 127.0.0.1, each load run is bounded in time and request count.
 *
 * `npm run bench -- gateway` runs (1) to (6) and (8), `npm run bench -- emulator [events]` (7) alone,
 * `npm run bench -- fleet` (8) alone.
 * BENCH_LOAD_SECONDS sets the memory load's duration (default 120 s; 15 is enough for a quick look).
 */

/** The emulator section in its own process: it needs --expose-gc and room for a million events. */
function emulatorSection(events: string | undefined): void {
  console.log('');
  const args = ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', 'bench/emulator.ts', ...(events ? [events] : [])];
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  if (run.status !== 0) process.exitCode = 1;
}

if (process.argv[2] === 'emulator') {
  emulatorSection(process.argv[3]);
  process.exit();
}

/** (8) AWS calls per second at the emulator for 1, 2 and 4 replicas on one Redis (bench/fleet.ts). */
async function fleetSection(): Promise<void> {
  const seconds = Number(process.env.BENCH_FLEET_SECONDS ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw new Error(`BENCH_FLEET_SECONDS must be between 0 and 600 seconds; got ${process.env.BENCH_FLEET_SECONDS}`);
  }
  console.log(
    `\nGateway replicas as processes on one Redis and one emulator: AWS calls per second at the emulator under the same load (12 requests/s: dashboards over 7 windows and Insights events, cache TTL 2 s, quota buckets off; ${seconds} s each; to beat: ratio to 1 replica <= 1.05)`,
  );
  console.log(formatFleet(await measureFleet(seconds)));
}

if (process.argv[2] === 'fleet') {
  await fleetSection();
  process.exit();
}
const LOAD: LoadOptions = { concurrency: 16, warmupMs: 1_000, durationMs: 3_000, maxRequests: 200_000 };
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
if (!Number.isFinite(LOAD_SECONDS) || LOAD_SECONDS <= 0 || LOAD_SECONDS > 3600) {
  throw new Error(`BENCH_LOAD_SECONDS must be between 0 and 3600 seconds; got ${process.env.BENCH_LOAD_SECONDS}`);
}
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

console.log(`AWS calls per query (emulator, ListTrails page size ${LIST_TRAILS_PAGE_SIZE}; ratio 1.00 = the minimum)`);
console.log(formatCallComparisons(await compareAwsCalls()));

const LATENCY_MS = 50;
const waves = await measureExampleWaves(LATENCY_MS);
console.log(`\nWaves of AWS calls per example operation (every call delayed ${LATENCY_MS} ms, read cache off; to beat: ratio <= 1.10)`);
console.log(formatWaves(waves));
console.log(`  worst ratio ${Math.max(...waves.map((w) => w.waves / w.minimum)).toFixed(2)}: ${verdict(waves.every((w) => w.waves / w.minimum <= 1.1))}`);

const org = await measureOrganizationWaves(LATENCY_MS);
console.log(`\nOrganizationInsightsOverview at ${ORG_ACCOUNTS} accounts x ${ORG_REGIONS.length} Regions (${org.shards} account-Regions; every call delayed ${LATENCY_MS} ms, read cache off; to beat: the minimum, one LookupEvents per account-Region page in one wave)`);
console.log(formatOrganizationWaves(org));
console.log(`  ${verdict(org.warmCalls <= org.minimumCalls && org.warmWaves <= org.minimumWaves && org.coldCalls <= org.minimumCalls)}`);

const cpu = await measureDashboardCpu();
console.log(`\nCPU per cached InsightsDashboard request (4 series x 1,000 points, ${Math.round(cpu.responseBytes / 1024)} KiB; to beat: <= 2.00x bare)`);
console.log(`  bare graphql-yoga, same document and data       ${cpu.bareMs.toFixed(1).padStart(7)} ms   1.00`);
console.log(`  gateway, read cache warm (no AWS call)          ${cpu.gatewayMs.toFixed(1).padStart(7)} ms   ${(cpu.gatewayMs / cpu.bareMs).toFixed(2)}x   ${verdict(cpu.gatewayMs / cpu.bareMs <= 2)}`);

const rate = (r: LoadResult) => `${Math.round(r.perSecond).toString().padStart(7)} req/s${r.failures ? ` (${r.failures} failed)` : ''}`;
const TURNS = { ...LOAD, durationMs: 6_000, rounds: 6 };
console.log(
  `\nThroughput over HTTP on 127.0.0.1 (${availableParallelism()} cores, ${LOAD.concurrency} in flight; the servers run side by side and take ${TURNS.rounds} turns of ${TURNS.durationMs / TURNS.rounds / 1000} s each after ${LOAD.warmupMs / 1000} s warm-up, so load from elsewhere falls on all alike; to beat: { __typename } >= 0.55 of bare)`,
);
// The gateway as deployed (metrics and access log on) and without them, to show what they cost.
const [bare, typename, typenameBare] = await withServer('bare', (bareUrl) =>
  withServer('gateway', (gatewayUrl) =>
    withServer(
      'gateway',
      (plainUrl) =>
        loadInTurns(
          [
            { url: bareUrl, query: '{ __typename }' },
            { url: gatewayUrl, query: '{ __typename }' },
            { url: plainUrl, query: '{ __typename }' },
          ],
          TURNS,
        ),
      { BENCH_OBSERVABILITY: 'off' },
    ),
  ),
) as [LoadResult, LoadResult, LoadResult];
const typenameRatio = typename.perSecond / bare.perSecond;
console.log(`  bare graphql-yoga, { __typename }                ${rate(bare)}   1.00`);
console.log(`  gateway, { __typename }                          ${rate(typename)}   ${typenameRatio.toFixed(2)} of bare   ${verdict(typenameRatio >= 0.55)}`);
console.log(`  gateway without metrics and access log           ${rate(typenameBare)}   ${(typenameBare.perSecond / bare.perSecond).toFixed(2)} of bare`);
const [trivial, trails] = await withServer('gateway', async (url) => [
  await load(url, '{ defaultRegion }', LOAD),
  await load(url, '{ trails { edges { node { name status { isLogging } tags { key } } } } }', LOAD),
]);
console.log(`  gateway, { defaultRegion } (no AWS call)         ${rate(trivial!)}   ${(trivial!.perSecond / bare.perSecond).toFixed(2)} of bare (run after)`);
console.log(`  gateway, trails with status and tags (emulator)  ${rate(trails!)}   ${(trails!.perSecond / bare.perSecond).toFixed(2)} of bare (run after)`);

const sdk = await measureSdkOverhead();
console.log(`\nCPU per CloudTrail call, ListInsightsMetricData of 1,440 points (emulator in another process)`);
console.log(`  bare HTTP POST and JSON.parse                    ${sdk.rawMs.toFixed(2).padStart(7)} ms   1.00`);
console.log(`  AWS SDK as the gateway sends it (its clients)    ${sdk.sdkMs.toFixed(2).padStart(7)} ms   ${(sdk.sdkMs / sdk.rawMs).toFixed(2)}x`);
console.log(`  AWS SDK with a logger that has info()            ${sdk.sdkWithInfoLoggerMs.toFixed(2).padStart(7)} ms   ${(sdk.sdkWithInfoLoggerMs / sdk.rawMs).toFixed(2)}x`);
console.log(`  gateway's clients with AWS_KEEP_ALIVE=false      ${sdk.sdkWithoutKeepAliveMs.toFixed(2).padStart(7)} ms   ${(sdk.sdkWithoutKeepAliveMs / sdk.rawMs).toFixed(2)}x`);

const idleSeconds = Math.min(35, Math.max(5, LOAD_SECONDS / 4));
const heap = loadConfig().heapGrowingPercent;
// The same load twice when the gateway sets its heap growth: V8's own heuristic, then the setting.
const memoryRuns: [string, Record<string, string>][] =
  heap === 0 ? [["V8's heuristic", {}]] : [["V8's heuristic (=0)", { HEAP_GROWING_PERCENT: '0' }], [`gateway (=${heap})`, {}]];
console.log(
  `\nGateway memory under a ${LOAD_SECONDS} s mixed load (8 in flight; emulator in another process), by HEAP_GROWING_PERCENT; to beat: RSS at the end of the load <= 1.30x start`,
);
const memory: MemoryResult[] = [];
for (const [, env] of memoryRuns) memory.push(await measureMemory(LOAD_SECONDS * 1000, idleSeconds * 1000, env));
const row = (label: string, cell: (m: MemoryResult) => string) => console.log(`  ${label.padEnd(44)}${memory.map((m) => cell(m).padStart(26)).join('')}`);
const mbRatio = (mb: number, m: MemoryResult) => `${mb.toFixed(0)} MB ${(mb / m.startMb).toFixed(2)}x`;
row('', (m) => memoryRuns[memory.indexOf(m)]![0]);
row('RSS at start (after one request of each kind)', (m) => `${m.startMb.toFixed(0)} MB`);
row('RSS peak during load', (m) => mbRatio(m.peakMb, m));
row('RSS at the end of the load', (m) => `${mbRatio(m.endMb, m)} ${verdict(m.endMb / m.startMb <= 1.3)}`);
row(`RSS after ${idleSeconds} s idle`, (m) => mbRatio(m.idleMb, m));
row('gateway CPU per request of the load', (m) => `${m.cpuMsPerRequest.toFixed(1)} ms`);
row('requests (failed)', (m) => `${m.requests} (${m.failures})`);
console.log('  where it goes at start / end of load / idle (process.memoryUsage(), MB):');
for (const part of ['heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const) {
  row(`  ${part}`, (m) => `${m.breakdown.start[part].toFixed(0)} / ${m.breakdown.end[part].toFixed(0)} / ${m.breakdown.idle[part].toFixed(0)}`);
}

await fleetSection();

if (process.argv[2] !== 'gateway') emulatorSection(undefined);
