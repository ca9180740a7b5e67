import type { RuleViolation } from './violation.js';

/**
 * Rules on the delivery settings of a trail (CreateTrail, UpdateTrail): S3 bucket and prefix, SNS
 * topic, KMS key and CloudWatch Logs destination, each answered with the exception AWS documents.
 */

const BUCKET_CHARACTERS = /^[a-z0-9.-]+$/;
const ALPHANUMERIC_ENDS = /^[a-z0-9](.*[a-z0-9])?$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
/** AWS S3: prefixes and suffixes reserved for S3 features. */
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * AWS S3 bucket naming rules (InvalidS3BucketNameException): 3 to 63 characters; lowercase letters,
 * digits, periods and hyphens; starts and ends with a letter or digit; no two adjacent periods; not
 * formatted as an IP address; none of the prefixes and suffixes S3 reserves.
 */
export function checkS3BucketName(bucket: unknown): RuleViolation | undefined {
  const invalid = (why: string): RuleViolation => ({
    type: 'InvalidS3BucketNameException',
    message: `Invalid S3 bucket name ${JSON.stringify(bucket)}: ${why}.`,
  });
  if (typeof bucket !== 'string' || bucket.length === 0) return invalid('a bucket name is required');
  if (bucket.length < 3 || bucket.length > 63) return invalid('it must be between 3 and 63 characters long');
  if (!BUCKET_CHARACTERS.test(bucket)) return invalid('it may contain only lowercase letters, numbers, periods and hyphens');
  if (!ALPHANUMERIC_ENDS.test(bucket)) return invalid('it must begin and end with a letter or number');
  if (bucket.includes('..')) return invalid('it must not contain two adjacent periods');
  if (IP_ADDRESS.test(bucket)) return invalid('it must not be formatted as an IP address');
  if (RESERVED_BUCKET_PREFIXES.some((p) => bucket.startsWith(p))) return invalid('it starts with a reserved prefix');
  if (RESERVED_BUCKET_SUFFIXES.some((s) => bucket.endsWith(s))) return invalid('it ends with a reserved suffix');
  return undefined;
}

/** AWS (CreateTrailRequest.S3KeyPrefix): the maximum length is 200 characters. */
export const S3_KEY_PREFIX_MAX_LENGTH = 200;

export function checkS3KeyPrefix(prefix: string): RuleViolation | undefined {
  if (prefix.length > S3_KEY_PREFIX_MAX_LENGTH) {
    return {
      type: 'InvalidS3PrefixException',
      message: `The S3 key prefix must be at most ${S3_KEY_PREFIX_MAX_LENGTH} characters long.`,
    };
  }
  return undefined;
}

/** AWS (CreateTrailRequest.SnsTopicName): a topic name or ARN, at most 256 characters. */
export const SNS_TOPIC_NAME_MAX_LENGTH = 256;
const SNS_TOPIC_NAME = /^[A-Za-z0-9_-]+(\.fifo)?$/;
const SNS_TOPIC_ARN = /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/;

export function checkSnsTopicName(topic: string): RuleViolation | undefined {
  if (topic.length === 0 || topic.length > SNS_TOPIC_NAME_MAX_LENGTH || !(SNS_TOPIC_NAME.test(topic) || SNS_TOPIC_ARN.test(topic))) {
    return {
      type: 'InvalidSnsTopicNameException',
      message: `Invalid SNS topic name or ARN: ${topic}. Topic names have 1 to ${SNS_TOPIC_NAME_MAX_LENGTH} letters, numbers, underscores and hyphens.`,
    };
  }
  return undefined;
}

/**
 * AWS (CreateTrailRequest.KmsKeyId): an alias name prefixed `alias/`, an alias ARN, a key ARN, or
 * a globally unique key ID (a UUID, or `mrk-` and 32 hex digits for multi-Region keys).
 */
const KMS_KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KMS_ARN = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:(key\/(.+)|alias\/[A-Za-z0-9/_-]{1,250})$/;

export function checkKmsKeyId(keyId: string): RuleViolation | undefined {
  const arn = KMS_ARN.exec(keyId);
  const valid = KMS_KEY_ID.test(keyId) || KMS_ALIAS.test(keyId) || (arn !== null && (arn[2] === undefined || KMS_KEY_ID.test(arn[2])));
  if (!valid) {
    return {
      type: 'InvalidKmsKeyIdException',
      message: `Invalid KMS key ID: ${keyId}. Use alias/MyAliasName, an alias or key ARN, or a key ID.`,
    };
  }
  return undefined;
}

/** A CloudWatch Logs log group ARN: `arn:aws:logs:us-east-1:123456789012:log-group:MyGroup:*`. */
const LOG_GROUP_ARN = /^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9_/.#-]{1,512}(:\*)?$/;
/** An IAM role ARN: `arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role`. */
const ROLE_ARN = /^arn:[a-z-]+:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;

/**
 * AWS (CreateTrailRequest.CloudWatchLogsLogGroupArn): the log group is "not required unless you
 * specify CloudWatchLogsRoleArn"; CloudTrail needs both to deliver, so they go together.
 */
export function checkCloudWatchLogs(logGroupArn: string | undefined, roleArn: string | undefined): RuleViolation | undefined {
  if ((logGroupArn === undefined) !== (roleArn === undefined)) {
    return {
      type: 'InvalidParameterCombinationException',
      message: 'CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn must be specified together.',
    };
  }
  if (logGroupArn !== undefined && !LOG_GROUP_ARN.test(logGroupArn)) {
    return { type: 'InvalidCloudWatchLogsLogGroupArnException', message: `Invalid CloudWatch Logs log group ARN: ${logGroupArn}.` };
  }
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    return { type: 'InvalidCloudWatchLogsRoleArnException', message: `Invalid CloudWatch Logs role ARN: ${roleArn}.` };
  }
  return undefined;
}

/**
 * AWS: a multi-Region trail logs global service events (IAM, STS...) once, in all Regions it
 * covers, so IncludeGlobalServiceEvents cannot be false on a multi-Region trail.
 */
export function checkGlobalServiceEvents(isMultiRegionTrail: boolean, includeGlobalServiceEvents: boolean): RuleViolation | undefined {
  if (isMultiRegionTrail && !includeGlobalServiceEvents) {
    return {
      type: 'InvalidParameterCombinationException',
      message: 'A multi-Region trail must include global service events (IncludeGlobalServiceEvents cannot be false).',
    };
  }
  return undefined;
}

/** AWS quota: at most 5 trails per Region (a multi-Region trail counts in every Region). */
export const MAX_TRAILS_PER_REGION = 5;

export function checkTrailCount(trailsInRegion: number, region: string): RuleViolation | undefined {
  if (trailsInRegion >= MAX_TRAILS_PER_REGION) {
    return {
      type: 'MaximumNumberOfTrailsExceededException',
      message: `User already has ${MAX_TRAILS_PER_REGION} trails in ${region}; the quota is ${MAX_TRAILS_PER_REGION} trails per Region.`,
    };
  }
  return undefined;
}
