import { SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { startHttpGateway, type HttpGateway } from './http-gateway.js';
import { ALL_MANAGEMENT_INSIGHTS, createTrail, enableTrailInsights } from './trails.js';

/** The sample logs span 2023-07-10 11:42-12:37 UTC; their Insights have all ended by now. */
export const SAMPLE_NOW = new Date('2023-07-11T00:00:00Z');

/**
 * The gateway over real HTTP in front of an emulator holding the sample logs, with the trails
 * `audit` (both Insights analyses, us-east-1) and `europe` (eu-west-1): what client libraries are
 * tested against. Clocks are fixed at SAMPLE_NOW and the cross-request read cache is off.
 */
export async function startSampleHttpGateway(): Promise<HttpGateway> {
  const gateway = await startHttpGateway({
    emulator: { now: SAMPLE_NOW, logs: [SAMPLE_LOGS_DIR] },
    gateway: { insights: { now: () => SAMPLE_NOW, cache: false } },
  });
  const east = gateway.sdkClient('us-east-1');
  await createTrail(east, 'audit');
  await enableTrailInsights(east, 'audit', ALL_MANAGEMENT_INSIGHTS);
  await createTrail(gateway.sdkClient('eu-west-1'), 'europe');
  return gateway;
}
