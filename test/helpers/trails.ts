import {
  CreateTrailCommand,
  PutInsightSelectorsCommand,
  type CloudTrailClient,
  type CreateTrailCommandInput,
  type InsightSelector,
} from '@aws-sdk/client-cloudtrail';

/** Trails seeded through the SDK, as an operator would set them up, before the code under test reads them. */

/** The account every test emulator serves: its documented default (README, `--account-id`). */
export const ACCOUNT = '123456789012';
export const trailArn = (region: string, name: string): string => `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`;

/**
 * CreateTrail in the client's region, delivering to the bucket `<name>-logs`, with AWS's defaults
 * for everything `overrides` does not set. Returns the trail ARN.
 */
export async function createTrail(
  client: CloudTrailClient,
  name: string,
  overrides: Partial<Omit<CreateTrailCommandInput, 'Name'>> = {},
): Promise<string> {
  const out = await client.send(new CreateTrailCommand({ Name: name, S3BucketName: `${name}-logs`, ...overrides }));
  return out.TrailARN!;
}

/** PutInsightSelectors on a trail: ApiCallRateInsight on management events unless `selectors` says otherwise. */
export async function enableTrailInsights(
  client: CloudTrailClient,
  trail: string,
  selectors: InsightSelector[] = [{ InsightType: 'ApiCallRateInsight' }],
): Promise<void> {
  await client.send(new PutInsightSelectorsCommand({ TrailName: trail, InsightSelectors: selectors }));
}

/** Both Insights types on management events. */
export const ALL_MANAGEMENT_INSIGHTS: InsightSelector[] = [
  { InsightType: 'ApiCallRateInsight' },
  { InsightType: 'ApiErrorRateInsight' },
];
