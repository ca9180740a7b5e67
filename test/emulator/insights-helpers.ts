import {
  CreateTrailCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  type AdvancedEventSelector,
  type InsightSelector,
} from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor } from '../helpers/emulator.js';

/** Creates a trail and turns Insights on for it, through the SDK (CreateTrail, PutEventSelectors, PutInsightSelectors). */
export async function trailWithInsights(
  emulator: RunningEmulator,
  name: string,
  selectors: InsightSelector[],
  options: { region?: string; isMultiRegionTrail?: boolean; advancedEventSelectors?: AdvancedEventSelector[] } = {},
): Promise<string> {
  const client = clientFor(emulator, options.region ?? 'us-east-1');
  const out = await client.send(
    new CreateTrailCommand({ Name: name, S3BucketName: 'audit-logs', IsMultiRegionTrail: options.isMultiRegionTrail }),
  );
  if (options.advancedEventSelectors) {
    await client.send(new PutEventSelectorsCommand({ TrailName: name, AdvancedEventSelectors: options.advancedEventSelectors }));
  }
  if (selectors.length > 0) await client.send(new PutInsightSelectorsCommand({ TrailName: name, InsightSelectors: selectors }));
  return out.TrailARN as string;
}

/** Both Insights types on management events. */
export const ALL_MANAGEMENT_INSIGHTS: InsightSelector[] = [
  { InsightType: 'ApiCallRateInsight' },
  { InsightType: 'ApiErrorRateInsight' },
];
