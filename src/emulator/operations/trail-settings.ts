import type { TrailRecord } from '../store.js';
import { partitionOf } from '../../rules/region.js';
import {
  checkCloudWatchLogs,
  checkGlobalServiceEvents,
  checkKmsKeyId,
  checkS3BucketName,
  checkS3KeyPrefix,
  checkSnsTopicName,
} from '../../rules/trail-settings.js';
import { optionalBoolean, optionalString, reject } from './input.js';
import { requireOrganizationManagement, type OperationContext, type OperationInput } from './types.js';

/**
 * The settings CreateTrail and UpdateTrail share, validated with the rules AWS documents and
 * written as CloudTrail reports them (SNS topic and KMS key as ARNs).
 */
export type TrailSettings = Pick<
  TrailRecord,
  | 's3BucketName'
  | 's3KeyPrefix'
  | 'snsTopicName'
  | 'snsTopicARN'
  | 'includeGlobalServiceEvents'
  | 'isMultiRegionTrail'
  | 'logFileValidationEnabled'
  | 'cloudWatchLogsLogGroupArn'
  | 'cloudWatchLogsRoleArn'
  | 'kmsKeyId'
  | 'isOrganizationTrail'
  | 'recursiveLogging'
>;

/** CloudTrail reports the SNS topic by ARN; a bare topic name lives in the trail's Region and account. */
function snsTopicArn(topic: string, ctx: OperationContext, region: string): string {
  return topic.startsWith('arn:') ? topic : `arn:${partitionOf(region)}:sns:${region}:${ctx.accountId}:${topic}`;
}

/**
 * AWS reports KmsKeyId as a fully specified ARN. A bare key ID becomes the key's ARN; an alias
 * becomes the alias ARN (AWS resolves it to the key's ARN through KMS, which the emulator has not).
 */
function kmsKeyArn(keyId: string, ctx: OperationContext, region: string): string {
  if (keyId.startsWith('arn:')) return keyId;
  const prefix = `arn:${partitionOf(region)}:kms:${region}:${ctx.accountId}:`;
  return keyId.startsWith('alias/') ? prefix + keyId : `${prefix}key/${keyId}`;
}

/**
 * Reads the settings members of a CreateTrail or UpdateTrail request over `current` (the trail's
 * settings for UpdateTrail, the AWS defaults for CreateTrail). An empty string clears an optional
 * setting, as UpdateTrail does for S3KeyPrefix, SnsTopicName, KmsKeyId and CloudWatch Logs.
 */
export function readTrailSettings(input: OperationInput, ctx: OperationContext, region: string, current: TrailSettings): TrailSettings {
  const next: TrailSettings = { ...current };
  const bucket = optionalString(input, 'S3BucketName', 'InvalidS3BucketNameException');
  if (bucket !== undefined) {
    reject(checkS3BucketName(bucket));
    next.s3BucketName = bucket;
  }
  const prefix = optionalString(input, 'S3KeyPrefix', 'InvalidS3PrefixException');
  if (prefix !== undefined) {
    reject(checkS3KeyPrefix(prefix));
    next.s3KeyPrefix = prefix === '' ? undefined : prefix;
  }
  const topic = optionalString(input, 'SnsTopicName', 'InvalidSnsTopicNameException');
  if (topic !== undefined) {
    if (topic === '') {
      next.snsTopicName = undefined;
      next.snsTopicARN = undefined;
    } else {
      reject(checkSnsTopicName(topic));
      next.snsTopicARN = snsTopicArn(topic, ctx, region);
      next.snsTopicName = next.snsTopicARN.slice(next.snsTopicARN.lastIndexOf(':') + 1);
    }
  }
  next.includeGlobalServiceEvents = optionalBoolean(input, 'IncludeGlobalServiceEvents') ?? next.includeGlobalServiceEvents;
  next.isMultiRegionTrail = optionalBoolean(input, 'IsMultiRegionTrail') ?? next.isMultiRegionTrail;
  next.logFileValidationEnabled = optionalBoolean(input, 'EnableLogFileValidation') ?? next.logFileValidationEnabled;
  next.recursiveLogging = optionalBoolean(input, 'RecursiveLogging') ?? next.recursiveLogging;
  reject(checkGlobalServiceEvents(next.isMultiRegionTrail, next.includeGlobalServiceEvents));

  const keyId = optionalString(input, 'KmsKeyId', 'InvalidKmsKeyIdException');
  if (keyId !== undefined) {
    if (keyId !== '') reject(checkKmsKeyId(keyId));
    next.kmsKeyId = keyId === '' ? undefined : kmsKeyArn(keyId, ctx, region);
  }
  const logGroup = optionalString(input, 'CloudWatchLogsLogGroupArn', 'InvalidCloudWatchLogsLogGroupArnException');
  const role = optionalString(input, 'CloudWatchLogsRoleArn', 'InvalidCloudWatchLogsRoleArnException');
  if (logGroup !== undefined) next.cloudWatchLogsLogGroupArn = logGroup === '' ? undefined : logGroup;
  if (role !== undefined) next.cloudWatchLogsRoleArn = role === '' ? undefined : role;
  reject(checkCloudWatchLogs(next.cloudWatchLogsLogGroupArn, next.cloudWatchLogsRoleArn));

  const organization = optionalBoolean(input, 'IsOrganizationTrail');
  if (organization === true) requireOrganizationManagement(ctx, 'trail');
  if (organization !== undefined) next.isOrganizationTrail = organization;
  return next;
}

/** The settings members of CreateTrailResponse and UpdateTrailResponse. */
export function settingsResponse(trail: TrailRecord) {
  return {
    Name: trail.name,
    S3BucketName: trail.s3BucketName,
    S3KeyPrefix: trail.s3KeyPrefix,
    SnsTopicName: trail.snsTopicName,
    SnsTopicARN: trail.snsTopicARN,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.isMultiRegionTrail,
    TrailARN: trail.arn,
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn,
    KmsKeyId: trail.kmsKeyId,
    IsOrganizationTrail: trail.isOrganizationTrail,
    RecursiveLogging: trail.recursiveLogging ?? true,
  };
}
