import {
  CreateEventDataStoreCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
  type InsightSelector,
} from '@aws-sdk/client-cloudtrail';
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

/**
 * Creates a source event data store (all management events) and a destination that collects
 * Insights events, and turns Insights on for the source, through the SDK in the client's Region.
 */
export async function eventDataStoreWithInsights(
  client: CloudTrailClient,
  selectors: InsightSelector[],
): Promise<{ source: string; destination: string }> {
  const source = await client.send(new CreateEventDataStoreCommand({ Name: 'management', TerminationProtectionEnabled: false }));
  const destination = await client.send(
    new CreateEventDataStoreCommand({
      Name: 'insights',
      TerminationProtectionEnabled: false,
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }],
    }),
  );
  await client.send(
    new PutInsightSelectorsCommand({
      EventDataStore: source.EventDataStoreArn,
      InsightsDestination: destination.EventDataStoreArn,
      InsightSelectors: selectors,
    }),
  );
  return { source: source.EventDataStoreArn!, destination: destination.EventDataStoreArn! };
}
