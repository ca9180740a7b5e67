import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor } from '../helpers/emulator.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { SAMPLE_DASHBOARD_FLEET, startTestFleet, type TestFleet } from '../helpers/fleet.js';
import type { GatewayProcess } from '../helpers/gateway-process.js';
import type { RunningRedis } from '../helpers/redis-server.js';
import { SAMPLE_NOW } from '../helpers/sample-http-gateway.js';
import { ALL_MANAGEMENT_INSIGHTS, enableTrailInsights } from '../helpers/trails.js';

/**
 * Two gateway processes on one Redis and one emulator, as `compose.yaml` runs them behind a load
 * balancer: AWS calls are counted where AWS would bill them, at the emulator.
 */

const DASHBOARD = readFileSync('schema/operations/03-insights-dashboard.graphql', 'utf8');
/** The dashboard's four series (its default variables): one ListInsightsMetricData page each. */
const DASHBOARD_SERIES = 4;

interface Series {
  __typename: string;
  total?: number;
  code?: string;
}
type Dashboard = { insightsMetricSeriesList: Series[] | null };

/** A day of 5-minute points ending `daysBefore` days before the sample's "now": a window of its own, so a key no earlier test cached. */
function window(daysBefore: number): Record<string, unknown> {
  const end = new Date(SAMPLE_NOW.getTime() - daysBefore * 86_400_000);
  return { period: 300, startTime: new Date(end.getTime() - 86_400_000).toISOString(), endTime: end.toISOString() };
}

let fleet: TestFleet;
let redis: RunningRedis;
let emulator: RunningEmulator;
let calls: EmulatorCallCounts;
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  fleet = await startTestFleet(SAMPLE_DASHBOARD_FLEET);
  ({ redis, emulator } = fleet);
  [a, b] = fleet.replicas;
  calls = countEmulatorCalls(emulator);
}, 60_000);

afterAll(async () => {
  calls?.stop();
  await fleet?.stop();
});

/** `count` dashboards over `variables`, all in flight at once, spread over `replicas` in turn. */
async function dashboards(replicas: GatewayProcess[], count: number, variables: Record<string, unknown>) {
  return Promise.all(Array.from({ length: count }, (_, i) => replicas[i % replicas.length].query<Dashboard>(DASHBOARD, variables)));
}

describe('a fleet of two gateway processes on one Redis', () => {
  it('both replicas report themselves ready with Redis', async () => {
    for (const replica of [a, b]) {
      const { status, body } = await replica.readiness();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ready', redis: 'ready' });
    }
  });

  it('costs the AWS calls of one replica for the same workload: 8 concurrent dashboards make one call per series', async () => {
    calls.reset();
    const alone = await dashboards([a], 8, window(1));
    const oneReplica = calls.of('ListInsightsMetricData');
    calls.reset();
    const spread = await dashboards([a, b], 8, window(2));
    const twoReplicas = calls.of('ListInsightsMetricData');

    for (const answer of [...alone, ...spread]) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.insightsMetricSeriesList?.map((s) => s.__typename)).toEqual(Array(DASHBOARD_SERIES).fill('InsightsMetricSeries'));
    }
    expect(oneReplica).toBe(DASHBOARD_SERIES);
    expect(twoReplicas).toBe(oneReplica);
    // Replica B served answers A read (or the reverse): the same totals everywhere.
    const totals = new Set(spread.map((answer) => JSON.stringify(answer.data?.insightsMetricSeriesList?.map((s) => s.total))));
    expect(totals.size).toBe(1);
  }, 30_000);

  it('a change made through replica A is seen by replica B on its next read', async () => {
    const variables = window(3);
    const before = await b.query<Dashboard>(DASHBOARD, variables);
    expect(before.data?.insightsMetricSeriesList?.map((s) => s.__typename)).toEqual(Array(DASHBOARD_SERIES).fill('InsightsMetricSeries'));
    const cached = calls.total();
    expect((await b.query<Dashboard>(DASHBOARD, variables)).data).toEqual(before.data);
    expect(calls.total()).toBe(cached);

    // Only the call-rate analysis stays on: the two error-rate series of the dashboard no longer exist.
    const put = await a.query<{ putTrailInsightSelectors: { __typename: string } }>(
      `mutation { putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) { __typename } }`,
    );
    expect(put.data?.putTrailInsightSelectors.__typename).toBe('PutTrailInsightSelectorsPayload');

    const after = await b.query<Dashboard>(DASHBOARD, variables);
    const kinds = after.data?.insightsMetricSeriesList?.map((s) => s.__typename);
    expect(kinds?.filter((kind) => kind === 'InsightsMetricSeries')).toHaveLength(2);
    expect(kinds?.filter((kind) => kind !== 'InsightsMetricSeries')).toHaveLength(2);

    const east = clientFor(emulator);
    await enableTrailInsights(east, 'audit', ALL_MANAGEMENT_INSIGHTS);
    east.destroy();
  }, 30_000);

  it('when Redis stops mid-run every request still answers, and /readyz says degraded until it is back', async () => {
    const load = async (round: number) => {
      const answers = await dashboards([a, b], 4, window(10 + round));
      for (const answer of answers) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data?.insightsMetricSeriesList).toHaveLength(DASHBOARD_SERIES);
      }
    };
    const running = (async () => {
      for (let round = 0; round < 6; round += 1) await load(round);
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.stop();
    await running;
    await load(20);

    for (const replica of [a, b]) {
      const { status, body } = await replica.readiness();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'degraded', redis: 'unavailable' });
      expect(replica.output()).toContain('WARNING: Redis at redis://127.0.0.1');
    }

    await redis.restart();
    for (const replica of [a, b]) {
      await expect.poll(async () => (await replica.readiness()).body.status, { timeout: 10_000, interval: 100 }).toBe('ready');
      expect(replica.output()).toContain('is back after');
    }
  }, 60_000);
});
