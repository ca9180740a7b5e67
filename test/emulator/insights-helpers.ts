import { CreateTrailCommand, type InsightSelector } from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor } from '../helpers/emulator.js';

/**
 * Creates a trail through the SDK and turns Insights on for it. The selectors are written to the
 * trail's record, the state PutInsightSelectors leaves.
 */
export async function trailWithInsights(
  emulator: RunningEmulator,
  name: string,
  selectors: InsightSelector[],
  region = 'us-east-1',
  options: { isMultiRegionTrail?: boolean } = {},
): Promise<string> {
  const out = await clientFor(emulator, region).send(
    new CreateTrailCommand({ Name: name, S3BucketName: 'audit-logs', IsMultiRegionTrail: options.isMultiRegionTrail }),
  );
  const arn = out.TrailARN as string;
  const trail = emulator.store.account(emulator.accountId).trails.get(arn);
  if (!trail) throw new Error(`trail ${arn} was not stored`);
  trail.insightSelectors = selectors;
  return arn;
}
