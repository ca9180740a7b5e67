import { SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import type { InsightsReadsOptions } from '../../src/loaders/cached-pages.js';
import { startTestGateway, type TestGateway } from './gateway.js';
import { ALL_MANAGEMENT_INSIGHTS, createTrail, enableTrailInsights } from './trails.js';

/**
 * The gateway over an emulator holding the sample logs (us-east-1, 2023-07-10 11:42-12:37 UTC),
 * with the trail `audit` running both Insights analyses, and emulator and gateway clocks at `now`
 * (the gateway's reads `clock` instead when given, so a test can move it between requests).
 * The cross-request read cache is off unless `cache` is given.
 */
export async function startSampleInsightsGateway(
  now: Date,
  options: { cache?: InsightsReadsOptions['cache']; clock?: () => Date } = {},
): Promise<TestGateway> {
  const t = await startTestGateway({
    emulator: { now, logs: [SAMPLE_LOGS_DIR] },
    gateway: { insights: { now: options.clock ?? (() => now), cache: options.cache ?? false } },
  });
  const client = t.sdkClient();
  await createTrail(client, 'audit');
  await enableTrailInsights(client, 'audit', ALL_MANAGEMENT_INSIGHTS);
  return t;
}
