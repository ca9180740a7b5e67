import DataLoader from 'dataloader';
import { GetEventDataStoreCommand, type GetEventDataStoreResponse } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import { regionOfArn } from '../aws/arn-region.js';

/**
 * GetEventDataStore by ARN, once per store per request, in the region the ARN names. CloudTrail has
 * no batch form. Failures (EventDataStoreNotFoundException...) are kept per store.
 */
export function createEventDataStoreLoader(
  cloudTrail: CloudTrailApi,
): DataLoader<string, GetEventDataStoreResponse> {
  return new DataLoader(async (arns) =>
    Promise.all(
      arns.map((arn) =>
        cloudTrail
          .send(new GetEventDataStoreCommand({ EventDataStore: arn }), regionOfArn(arn))
          .catch((error: Error) => error),
      ),
    ),
  );
}
