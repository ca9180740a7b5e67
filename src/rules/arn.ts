import type { RuleViolation } from './violation.js';
import { checkTrailName } from './trail-name.js';
import { isRegionCode, partitionOf } from './region.js';

/** The kinds of CloudTrail resource an ARN names (`arn:aws:cloudtrail:<region>:<account>:<kind>/<id>`). */
export type CloudTrailResourceKind = 'trail' | 'eventdatastore' | 'channel' | 'dashboard';

export interface CloudTrailArn {
  partition: string;
  region: string;
  accountId: string;
  kind: CloudTrailResourceKind;
  /** The trail name, event data store ID, channel ID or dashboard name. */
  id: string;
}

const ARN_SHAPE = /^arn:([a-z-]+):cloudtrail:([^:]*):([^:]*):([a-z]+)\/(.+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const KINDS: readonly string[] = ['trail', 'eventdatastore', 'channel', 'dashboard'];

/** Whether a name-or-ARN argument is meant as an ARN: AWS treats any value starting `arn:` as one. */
export function looksLikeArn(value: string): boolean {
  return value.startsWith('arn:');
}

/**
 * Parses a CloudTrail resource ARN. The partition must be the region's partition (`aws` for
 * us-east-1, `aws-cn` for cn-north-1), the account a 12-digit ID.
 */
export function parseCloudTrailArn(value: string): CloudTrailArn | undefined {
  const match = ARN_SHAPE.exec(value);
  if (!match) return undefined;
  const [, partition, region, accountId, kind, id] = match;
  if (!isRegionCode(region) || partitionOf(region) !== partition) return undefined;
  if (!ACCOUNT_ID.test(accountId) || !KINDS.includes(kind)) return undefined;
  return { partition, region, accountId, kind: kind as CloudTrailResourceKind, id };
}

/** The ARN of a trail: `arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail`. */
export function trailArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:cloudtrail:${region}:${accountId}:trail/${name}`;
}

/**
 * AWS (CloudTrailARNInvalidException): a trail ARN has the form
 * `arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail`, and the name in it is a valid trail name.
 */
export function checkTrailArn(value: string): RuleViolation | undefined {
  const arn = parseCloudTrailArn(value);
  if (!arn || arn.kind !== 'trail' || checkTrailName(arn.id)) {
    return {
      type: 'CloudTrailARNInvalidException',
      message: `Invalid trail ARN: ${value}. A trail ARN has the form arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail.`,
    };
  }
  return undefined;
}

/**
 * A trail argument that AWS documents as "name or ARN": values starting `arn:` must be trail
 * ARNs (CloudTrailARNInvalidException), anything else a valid trail name (InvalidTrailNameException).
 */
export function checkTrailNameOrArn(value: unknown): RuleViolation | undefined {
  if (typeof value === 'string' && looksLikeArn(value)) return checkTrailArn(value);
  return checkTrailName(value);
}

/** The service of any ARN (`arn:aws:s3:::bucket` -> `s3`), or undefined when the value is no ARN. */
export function arnService(value: string): string | undefined {
  return /^arn:[a-z-]+:([a-z0-9-]+):/.exec(value)?.[1];
}

/** AWS: event data store ARNs end in the store's ID, `eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`. */
const EVENT_DATA_STORE_ID = /^[A-Za-z0-9-]{1,128}$/;

/**
 * AWS (EventDataStoreARNInvalidException): an event data store ARN has the form
 * `arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`.
 */
export function checkEventDataStoreArn(value: string): RuleViolation | undefined {
  const arn = parseCloudTrailArn(value);
  if (!arn || arn.kind !== 'eventdatastore' || !EVENT_DATA_STORE_ID.test(arn.id)) {
    return {
      type: 'EventDataStoreARNInvalidException',
      message: `Invalid event data store ARN: ${value}. It has the form arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/<id>.`,
    };
  }
  return undefined;
}
