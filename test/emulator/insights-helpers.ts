import { PutEventSelectorsCommand, type AdvancedEventSelector, type InsightSelector } from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor } from '../helpers/emulator.js';
import { createTrail, enableTrailInsights } from '../helpers/trails.js';

/** Creates a trail and turns Insights on for it, through the SDK (CreateTrail, PutEventSelectors, PutInsightSelectors). */
export async function trailWithInsights(
  emulator: RunningEmulator,
  name: string,
  selectors: InsightSelector[],
  options: { region?: string; isMultiRegionTrail?: boolean; advancedEventSelectors?: AdvancedEventSelector[] } = {},
): Promise<string> {
  const client = clientFor(emulator, options.region ?? 'us-east-1');
  const arn = await createTrail(client, name, { S3BucketName: 'audit-logs', IsMultiRegionTrail: options.isMultiRegionTrail });
  if (options.advancedEventSelectors) {
    await client.send(new PutEventSelectorsCommand({ TrailName: name, AdvancedEventSelectors: options.advancedEventSelectors }));
  }
  if (selectors.length > 0) await enableTrailInsights(client, name, selectors);
  return arn;
}
