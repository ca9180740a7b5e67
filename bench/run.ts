import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { compareAwsCalls, formatCallComparisons, LIST_TRAILS_PAGE_SIZE } from './aws-calls.js';
import { load, withServer, type LoadOptions, type LoadResult } from './throughput.js';

/**
 * `npm run bench`: (1) AWS calls per representative query against the fewest the CloudTrail API
 * allows; (2) requests per second of the gateway against a bare graphql-yoga server on this machine;
 * (3) the emulator at 1M events (bench/emulator.ts). Everything runs on 127.0.0.1, each load run is
 * bounded in time and request count. `npm run bench -- emulator [events]` runs (3) alone.
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

const LOAD: LoadOptions = { concurrency: 16, warmupMs: 1_000, durationMs: 3_000, maxRequests: 200_000 };

console.log(`AWS calls per query (emulator, ListTrails page size ${LIST_TRAILS_PAGE_SIZE}; ratio 1.00 = the minimum)`);
console.log(formatCallComparisons(await compareAwsCalls()));

const rate = (r: LoadResult) => `${Math.round(r.perSecond).toString().padStart(7)} req/s${r.failures ? ` (${r.failures} failed)` : ''}`;
console.log(
  `\nThroughput over HTTP on 127.0.0.1 (${availableParallelism()} cores, ${LOAD.concurrency} in flight, ${LOAD.durationMs / 1000} s each after ${LOAD.warmupMs / 1000} s warm-up)`,
);
const bare = await withServer('bare', (url) => load(url, '{ hello }', LOAD));
console.log(`  bare graphql-yoga, { hello }                     ${rate(bare)}   1.00`);
const [trivial, trails] = await withServer('gateway', async (url) => [
  await load(url, '{ defaultRegion }', LOAD),
  await load(url, '{ trails { edges { node { name status { isLogging } tags { key } } } } }', LOAD),
]);
console.log(`  gateway, { defaultRegion } (no AWS call)         ${rate(trivial)}   ${(trivial.perSecond / bare.perSecond).toFixed(2)} of bare`);
console.log(`  gateway, trails with status and tags (emulator)  ${rate(trails)}   ${(trails.perSecond / bare.perSecond).toFixed(2)} of bare`);

emulatorSection(undefined);
