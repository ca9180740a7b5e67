import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Redis } from 'ioredis';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { SAMPLE_LOGS_DIR } from '../src/emulator/ingest/index.js';
import { countEmulatorCalls } from '../test/helpers/emulator-calls.js';
import { clientFor } from '../test/helpers/emulator.js';
import { startGatewayProcess, type GatewayProcess } from '../test/helpers/gateway-process.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { ALL_MANAGEMENT_INSIGHTS, createTrail, enableTrailInsights } from '../test/helpers/trails.js';

/**
 * AWS calls per second at the emulator for 1, 2 and 4 gateway replicas (separate processes, one
 * Redis) under the same load: requests sent at a fixed rate (whatever the replicas' speed), dashboards
 * over a few time windows and Insights event lists, spread over the replicas in turn so that every
 * replica is asked for every read. With the shared
 * cache and single-flight, the calls depend on the distinct reads and the cache TTL, not on how
 * many replicas serve them: the figure to beat is a ratio to 1 replica <= 1.05. For contrast, 2
 * replicas without Redis (each process alone). The quota buckets are off here: they would cap the
 * rate whatever the cache did. Everything runs on 127.0.0.1, bounded in time and requests.
 */

const NOW = new Date('2023-07-11T00:00:00Z');
const DASHBOARD = readFileSync('schema/operations/03-insights-dashboard.graphql', 'utf8');
const INSIGHT_EVENTS = readFileSync('schema/operations/02-insight-events.graphql', 'utf8');
/** Reads expire after this long, so calls recur during the run and their rate means something. */
const TTL_SECONDS = 2;
/** Requests per second sent, and at most this many in flight. */
const RATE = 12;
const MAX_IN_FLIGHT = 32;
/** Coprime with 1, 2 and 4 replicas (and with 3), so each replica gets every window and the events list. */
const WINDOWS = 7;

export interface FleetLoadResult {
  replicas: number;
  shared: boolean;
  requests: number;
  failures: number;
  seconds: number;
  awsCallsPerSecond: number;
}

/** The k-th request of the mix: one of WINDOWS dashboards, or the Insights events list. */
function body(k: number): string {
  if (k % 3 === 2) return JSON.stringify({ query: INSIGHT_EVENTS, variables: {} });
  const end = new Date(NOW.getTime() - (k % WINDOWS) * 86_400_000);
  return JSON.stringify({ query: DASHBOARD, variables: { period: 300, startTime: new Date(end.getTime() - 86_400_000).toISOString(), endTime: end.toISOString() } });
}

function post(agent: Agent, url: URL, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      let answer = '';
      res.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && !answer.includes('"errors"')));
    });
    req.on('error', () => resolve(false));
    req.end(text);
  });
}

async function run(emulator: RunningEmulator, replicas: number, redisUrl: string | undefined, seconds: number): Promise<FleetLoadResult> {
  const env: Record<string, string> = {
    CLOUDTRAIL_ENDPOINT: emulator.url,
    CLOCK_NOW: NOW.toISOString(),
    GRAPHIQL: 'false',
    RATE_LIMIT_AWS_CALLS: '0',
    REPORT_AWS_CALLS: 'false',
    AUDIT_LOG: 'stdout',
    INSIGHTS_CACHE_TTL_SECONDS: String(TTL_SECONDS),
    AWS_QUOTA_BUCKET: 'off',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  const gateways: GatewayProcess[] = await Promise.all(Array.from({ length: replicas }, () => startGatewayProcess(env)));
  const urls = gateways.map((gateway) => new URL(gateway.url));
  for (const url of urls) if (url.hostname !== '127.0.0.1') throw new Error(`benchmarks only target 127.0.0.1, not ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  const calls = countEmulatorCalls(emulator);
  /** Sends RATE requests per second for `ms` (skipping a beat while MAX_IN_FLIGHT are out); resolves when all have answered. */
  const load = async (ms: number) => {
    const sent: Promise<boolean>[] = [];
    let inFlight = 0;
    const started = performance.now();
    for (let k = 0; performance.now() - started < ms; k += 1) {
      const due = started + (k * 1000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      if (inFlight >= MAX_IN_FLIGHT) {
        sent.push(Promise.resolve(false));
        continue;
      }
      inFlight += 1;
      sent.push(post(agent, urls[k % urls.length], body(k)).finally(() => (inFlight -= 1)));
    }
    return Promise.all(sent);
  };
  try {
    // Warm-up: every replica has served every request of the mix and the caches are full.
    await load(3_000);
    calls.reset();
    const started = performance.now();
    const answers = await load(seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const failures = answers.filter((ok) => !ok).length;
    return { replicas, shared: redisUrl !== undefined, requests: answers.length, failures, seconds: elapsed, awsCallsPerSecond: calls.total() / elapsed };
  } finally {
    calls.stop();
    agent.destroy();
    await Promise.all(gateways.map((gateway) => gateway.stop()));
  }
}

export async function measureFleet(seconds: number): Promise<FleetLoadResult[]> {
  const [redis, emulator] = await Promise.all([startRedis(), startEmulator({ now: NOW, logs: [SAMPLE_LOGS_DIR] })]);
  const east = clientFor(emulator);
  await createTrail(east, 'audit');
  await enableTrailInsights(east, 'audit', ALL_MANAGEMENT_INSIGHTS);
  east.destroy();
  const flush = async () => {
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
  };
  try {
    const results: FleetLoadResult[] = [];
    for (const replicas of [1, 2, 4]) {
      await flush();
      results.push(await run(emulator, replicas, redis.url, seconds));
    }
    results.push(await run(emulator, 2, undefined, seconds));
    return results;
  } finally {
    await Promise.all([redis.stop(), emulator.close()]);
  }
}

export function formatFleet(results: FleetLoadResult[]): string {
  const [one] = results;
  const lines = results.map((r) => {
    const ratio = r.awsCallsPerSecond / one.awsCallsPerSecond;
    const label = `${r.replicas} replica${r.replicas === 1 ? ' ' : 's'}${r.shared ? ', one Redis      ' : ', no Redis (alone)'}`;
    const verdict = r.shared ? (ratio <= 1.05 ? 'ok' : 'MISSED') : '(what Redis saves)';
    return `  ${label}  ${(r.requests / r.seconds).toFixed(0).padStart(6)} req/s${r.failures ? ` (${r.failures} failed)` : ''}  ${r.awsCallsPerSecond.toFixed(2).padStart(6)} AWS calls/s  ${ratio.toFixed(2)}  ${verdict}`;
  });
  return lines.join('\n');
}
