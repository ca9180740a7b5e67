import DataLoader from 'dataloader';
import { GetTrailStatusCommand, type GetTrailStatusResponse } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import { regionOfArn } from '../aws/arn-region.js';

/**
 * GetTrailStatus by trail ARN, once per trail per request. CloudTrail has no batch form, so each
 * distinct trail costs one call, sent to the trail's home region (named by its ARN). A failure is
 * kept per trail, so one trail's error does not fail the others.
 */
export function createTrailStatusLoader(cloudTrail: CloudTrailApi): DataLoader<string, GetTrailStatusResponse> {
  return new DataLoader(async (arns) =>
    Promise.all(
      arns.map((arn) =>
        cloudTrail.send(new GetTrailStatusCommand({ Name: arn }), regionOfArn(arn)).catch((error: Error) => error),
      ),
    ),
  );
}
