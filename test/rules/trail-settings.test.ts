import { describe, expect, it } from 'vitest';
import {
  checkCloudWatchLogs,
  checkGlobalServiceEvents,
  checkKmsKeyId,
  checkS3BucketName,
  checkS3KeyPrefix,
  checkSnsTopicName,
  checkTrailCount,
} from '../../src/rules/trail-settings.js';

describe('checkS3BucketName (S3 bucket naming rules)', () => {
  it.each(['abc', 'my-bucket.logs', 'a'.repeat(63), '1bucket'])('accepts %j', (bucket) => {
    expect(checkS3BucketName(bucket)).toBeUndefined();
  });

  it.each([
    ['ab', 'fewer than 3 characters'],
    ['a'.repeat(64), 'more than 63 characters'],
    ['MyBucket', 'uppercase letters'],
    ['my_bucket', 'an underscore'],
    ['-bucket', 'starts with a hyphen'],
    ['bucket.', 'ends with a period'],
    ['my..bucket', 'two adjacent periods'],
    ['192.168.5.4', 'an IP address'],
    ['xn--bucket', 'the reserved prefix xn--'],
    ['bucket-s3alias', 'the reserved suffix -s3alias'],
    ['', 'empty'],
  ])('refuses %j (%s) with InvalidS3BucketNameException', (bucket) => {
    expect(checkS3BucketName(bucket)?.type).toBe('InvalidS3BucketNameException');
  });
});

describe('other delivery settings', () => {
  it('S3KeyPrefix: at most 200 characters, else InvalidS3PrefixException', () => {
    expect(checkS3KeyPrefix('p'.repeat(200))).toBeUndefined();
    expect(checkS3KeyPrefix('p'.repeat(201))?.type).toBe('InvalidS3PrefixException');
  });

  it('SnsTopicName: a topic name or ARN of at most 256 characters, else InvalidSnsTopicNameException', () => {
    expect(checkSnsTopicName('deliveries')).toBeUndefined();
    expect(checkSnsTopicName('arn:aws:sns:us-east-2:123456789012:MyTopic')).toBeUndefined();
    expect(checkSnsTopicName('t'.repeat(257))?.type).toBe('InvalidSnsTopicNameException');
    expect(checkSnsTopicName('my topic')?.type).toBe('InvalidSnsTopicNameException');
  });

  it.each([
    'alias/MyAliasName',
    'arn:aws:kms:us-east-2:123456789012:alias/MyAliasName',
    'arn:aws:kms:us-east-2:123456789012:key/12345678-1234-1234-1234-123456789012',
    '12345678-1234-1234-1234-123456789012',
  ])('KmsKeyId: accepts the documented form %s', (keyId) => {
    expect(checkKmsKeyId(keyId)).toBeUndefined();
  });

  it.each(['MyAliasName', 'arn:aws:s3:::bucket', '1234'])('KmsKeyId: refuses %s with InvalidKmsKeyIdException', (keyId) => {
    expect(checkKmsKeyId(keyId)?.type).toBe('InvalidKmsKeyIdException');
  });

  it('CloudWatch Logs: log group and role go together, each in its ARN format', () => {
    const group = 'arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/logs:*';
    const role = 'arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role';
    expect(checkCloudWatchLogs(group, role)).toBeUndefined();
    expect(checkCloudWatchLogs(undefined, undefined)).toBeUndefined();
    expect(checkCloudWatchLogs(undefined, role)?.type).toBe('InvalidParameterCombinationException');
    expect(checkCloudWatchLogs(group, undefined)?.type).toBe('InvalidParameterCombinationException');
    expect(checkCloudWatchLogs('log-group', role)?.type).toBe('InvalidCloudWatchLogsLogGroupArnException');
    expect(checkCloudWatchLogs(group, 'arn:aws:iam::123456789012:user/me')?.type).toBe('InvalidCloudWatchLogsRoleArnException');
  });

  it('a multi-Region trail must include global service events', () => {
    expect(checkGlobalServiceEvents(true, false)?.type).toBe('InvalidParameterCombinationException');
    expect(checkGlobalServiceEvents(true, true)).toBeUndefined();
    expect(checkGlobalServiceEvents(false, false)).toBeUndefined();
  });

  it('a Region holds at most 5 trails', () => {
    expect(checkTrailCount(4, 'us-east-1')).toBeUndefined();
    expect(checkTrailCount(5, 'us-east-1')?.type).toBe('MaximumNumberOfTrailsExceededException');
  });
});
