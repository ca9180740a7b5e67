import { CreateEventDataStoreCommand, PutEventSelectorsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';

/** State seeded through the SDK, as an operator would set it up, before the gateway is queried. */

/** AWS: Insights on data events needs the trail to log data events; this logs S3 object events. */
export async function logS3DataEvents(client: CloudTrailClient, trail: string): Promise<void> {
  await client.send(
    new PutEventSelectorsCommand({
      TrailName: trail,
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::amzn-s3-demo-bucket1/'] }],
        },
      ],
    }),
  );
}

/** A source store: without selectors, AWS collects all management events. */
export async function createSourceStore(client: CloudTrailClient, name: string): Promise<string> {
  const out = await client.send(new CreateEventDataStoreCommand({ Name: name }));
  return out.EventDataStoreArn!;
}

/** A destination store: it collects Insights events (eventCategory Insight). */
export async function createInsightsStore(client: CloudTrailClient, name: string): Promise<string> {
  const out = await client.send(
    new CreateEventDataStoreCommand({
      Name: name,
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }],
    }),
  );
  return out.EventDataStoreArn!;
}

/** The `... on AwsError` selection every error assertion reads. */
export const AWS_ERROR_FIELDS = /* GraphQL */ `
  __typename
  ... on AwsError { code message retryable rejectedBeforeCall requestId }
`;

export interface AwsErrorResult {
  __typename: string;
  code: string;
  message: string;
  retryable: boolean;
  rejectedBeforeCall: boolean;
  requestId: string | null;
}
