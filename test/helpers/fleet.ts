import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { clientFor } from './emulator.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { startRedis, type RunningRedis } from './redis-server.js';
import { SAMPLE_NOW } from './sample-http-gateway.js';
import { ALL_MANAGEMENT_INSIGHTS, createTrail, enableTrailInsights } from './trails.js';

/**
 * A fleet as `compose.yaml` runs one, for tests: gateway processes on one redis-server of their own
 * and one emulator (in this process, its admin API on), each replica configured the same way.
 */
export interface TestFleet {
  redis: RunningRedis;
  emulator: RunningEmulator;
  replicas: GatewayProcess[];
  /** Stops the replicas, Redis and the emulator. */
  stop(): Promise<void>;
}

export interface TestFleetOptions {
  /** How many gateway processes. @default 2 */
  replicas?: number;
  /** @default the emulator with its admin API on, and nothing else */
  emulator?: EmulatorOptions;
  /** Settings of every replica, on top of the fleet's own (see replicaEnvironment). */
  env?: Record<string, string>;
  /** Runs after the emulator is up and before the replicas start (seeding, faults). */
  prepare?: (emulator: RunningEmulator) => Promise<void>;
  /** Where replica `index` reaches CloudTrail (a counting proxy, say). @default the emulator */
  endpointFor?: (emulatorUrl: string, index: number) => Promise<string>;
}

/**
 * What every replica of a test fleet runs with: the fleet's Redis and CloudTrail, no SDK retries (so
 * each call counted at the emulator is one the gateway decided to send), no GraphiQL, and no
 * per-request AWS call limit (tests count calls; they do not want them refused).
 */
export function replicaEnvironment(redisUrl: string, endpoint: string, env: Record<string, string> = {}): Record<string, string> {
  return { CLOUDTRAIL_ENDPOINT: endpoint, REDIS_URL: redisUrl, AWS_MAX_ATTEMPTS: '1', GRAPHIQL: 'false', RATE_LIMIT_AWS_CALLS: '0', ...env };
}

export async function startTestFleet(options: TestFleetOptions = {}): Promise<TestFleet> {
  const [redis, emulator] = await Promise.all([startRedis(), startEmulator({ admin: true, ...options.emulator })]);
  const replicas: GatewayProcess[] = [];
  const stop = async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await Promise.all([redis.stop(), emulator.close()]);
  };
  try {
    await options.prepare?.(emulator);
    const endpoints = await Promise.all(
      Array.from({ length: options.replicas ?? 2 }, (_, i) => options.endpointFor?.(emulator.url, i) ?? Promise.resolve(emulator.url)),
    );
    replicas.push(...(await Promise.all(endpoints.map((endpoint) => startGatewayProcess(replicaEnvironment(redis.url, endpoint, options.env))))));
  } catch (error) {
    await stop();
    throw error;
  }
  return { redis, emulator, replicas, stop };
}

/**
 * The emulator the dashboard tests read: the bundled sample logs at their fixed "now", and a trail
 * `audit` logging every management Insights type. Replicas share that "now" (CLOCK_NOW) and keep
 * Insights answers 5 minutes, so a test decides when a read recurs.
 */
export const SAMPLE_DASHBOARD_FLEET: Required<Pick<TestFleetOptions, 'emulator' | 'env' | 'prepare'>> = {
  emulator: { now: SAMPLE_NOW, logs: [SAMPLE_LOGS_DIR] },
  env: { CLOCK_NOW: SAMPLE_NOW.toISOString(), INSIGHTS_CACHE_TTL_SECONDS: '300' },
  async prepare(emulator) {
    const east = clientFor(emulator);
    await createTrail(east, 'audit');
    await enableTrailInsights(east, 'audit', ALL_MANAGEMENT_INSIGHTS);
    east.destroy();
  },
};

/** Live Insights at test speed: a poll every 200 ms, a lease of 1.5 s, ten minutes read back, AWS's 2 calls a second. */
export const FAST_LIVE_INSIGHTS: Record<string, string> = {
  LIVE_INSIGHTS_POLL_INTERVAL_MS: '200',
  LIVE_INSIGHTS_LEASE_TTL_MS: '1500',
  LIVE_INSIGHTS_LOOKBACK_SECONDS: '600',
  LIVE_INSIGHTS_CALLS_PER_SECOND: '2',
};
