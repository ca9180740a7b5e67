import type { GetTrailStatusResponse } from '@aws-sdk/client-cloudtrail';
import { builder } from './builder.js';

/** What GetTrailStatus reports about a trail, backed by the SDK's response (fields no longer in use are left out). */
export const TrailStatusRef = builder.objectRef<GetTrailStatusResponse>('TrailStatus').implement({
  description:
    'Whether a trail is logging and how its latest deliveries went (GetTrailStatus). Times are null when the event has not happened yet; errors are null when the latest attempt succeeded.',
  fields: (t) => ({
    isLogging: t.boolean({
      description: 'True while the trail records API activity (between StartLogging and StopLogging).',
      resolve: (status) => status.IsLogging ?? false,
    }),
    startLoggingTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When logging was most recently started.',
      resolve: (status) => status.StartLoggingTime ?? null,
    }),
    stopLoggingTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When logging was most recently stopped.',
      resolve: (status) => status.StopLoggingTime ?? null,
    }),
    latestDeliveryTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When CloudTrail last delivered log files to the S3 bucket.',
      resolve: (status) => status.LatestDeliveryTime ?? null,
    }),
    latestDeliveryError: t.string({
      nullable: true,
      description:
        'The S3 error of the latest failed log file delivery, such as `AccessDenied` when the bucket policy does not let CloudTrail write.',
      resolve: (status) => status.LatestDeliveryError ?? null,
    }),
    latestNotificationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When CloudTrail last sent an SNS notification about a delivered log file.',
      resolve: (status) => status.LatestNotificationTime ?? null,
    }),
    latestNotificationError: t.string({
      nullable: true,
      description: 'The SNS error of the latest failed notification.',
      resolve: (status) => status.LatestNotificationError ?? null,
    }),
    latestDigestDeliveryTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When CloudTrail last delivered a digest file (log file validation) to the S3 bucket.',
      resolve: (status) => status.LatestDigestDeliveryTime ?? null,
    }),
    latestDigestDeliveryError: t.string({
      nullable: true,
      description: 'The S3 error of the latest failed digest file delivery.',
      resolve: (status) => status.LatestDigestDeliveryError ?? null,
    }),
    latestCloudWatchLogsDeliveryTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When CloudTrail last delivered events to the CloudWatch Logs log group.',
      resolve: (status) => status.LatestCloudWatchLogsDeliveryTime ?? null,
    }),
    latestCloudWatchLogsDeliveryError: t.string({
      nullable: true,
      description: 'The CloudWatch Logs error of the latest failed delivery to the log group.',
      resolve: (status) => status.LatestCloudWatchLogsDeliveryError ?? null,
    }),
  }),
});
