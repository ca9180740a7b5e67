import type { RuleViolation } from './violation.js';
import { checkEventDataStoreArn, looksLikeArn, parseCloudTrailArn } from './arn.js';
import { partitionOf } from './region.js';

/**
 * CloudTrail Lake event data store rules: names, the ARN-or-ID argument, retention and billing,
 * the per-Region quota and ListEventDataStores' MaxResults.
 */

/** AWS (EventDataStoreName): 3 to 128 characters of `[a-zA-Z0-9._-]`. */
export const EVENT_DATA_STORE_NAME_MIN_LENGTH = 3;
export const EVENT_DATA_STORE_NAME_MAX_LENGTH = 128;
const EVENT_DATA_STORE_NAME = /^[a-zA-Z0-9._-]+$/;

/** AWS (EventDataStoreArn): an ARN or the ID suffix of one, 3 to 256 characters of `[a-zA-Z0-9._/\-:]`. */
export const EVENT_DATA_STORE_REF_MIN_LENGTH = 3;
export const EVENT_DATA_STORE_REF_MAX_LENGTH = 256;
const EVENT_DATA_STORE_REF = /^[a-zA-Z0-9._/\-:]+$/;

/** AWS (Lake quotas): at most 10 event data stores per account and Region, those pending deletion included. */
export const MAX_EVENT_DATA_STORES_PER_REGION = 10;

/** AWS (ListEventDataStoresMaxResultsCount): 1 to 1000. */
export const LIST_EVENT_DATA_STORES_MAX_RESULTS = 1000;

export type BillingMode = 'EXTENDABLE_RETENTION_PRICING' | 'FIXED_RETENTION_PRICING';
export const BILLING_MODES: readonly BillingMode[] = ['EXTENDABLE_RETENTION_PRICING', 'FIXED_RETENTION_PRICING'];
/** AWS: the default billing mode is EXTENDABLE_RETENTION_PRICING. */
export const DEFAULT_BILLING_MODE: BillingMode = 'EXTENDABLE_RETENTION_PRICING';

/** AWS (RetentionPeriod): at least 7 days. */
export const MIN_RETENTION_DAYS = 7;
/** AWS: up to 3653 days (10 years) with extendable retention pricing, 2557 days (7 years) with fixed. */
export const MAX_RETENTION_DAYS: Record<BillingMode, number> = {
  EXTENDABLE_RETENTION_PRICING: 3653,
  FIXED_RETENTION_PRICING: 2557,
};
/** AWS: the default retention is 366 days with extendable retention pricing, 2557 days with fixed. */
export const DEFAULT_RETENTION_DAYS: Record<BillingMode, number> = {
  EXTENDABLE_RETENTION_PRICING: 366,
  FIXED_RETENTION_PRICING: 2557,
};

/** AWS (EventDataStoreKmsKeyId): 1 to 350 characters of `[a-zA-Z0-9._/\-:]`. */
const KMS_KEY_ID = /^[a-zA-Z0-9._/\-:]{1,350}$/;
const KMS_KEY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KMS_ARN = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:(key\/.+|alias\/.+)$/;

function invalidParameter(message: string): RuleViolation {
  return { type: 'InvalidParameterException', message };
}

/** AWS (CreateEventDataStoreRequest.Name): 3 to 128 letters, digits, periods, underscores or dashes. */
export function checkEventDataStoreName(name: unknown): RuleViolation | undefined {
  if (typeof name !== 'string' || name.length === 0) return invalidParameter('Event data store name must be specified.');
  if (name.length < EVENT_DATA_STORE_NAME_MIN_LENGTH || name.length > EVENT_DATA_STORE_NAME_MAX_LENGTH) {
    return invalidParameter(
      `Event data store name must be between ${EVENT_DATA_STORE_NAME_MIN_LENGTH} and ${EVENT_DATA_STORE_NAME_MAX_LENGTH} characters long: ${name}`,
    );
  }
  if (!EVENT_DATA_STORE_NAME.test(name)) {
    return invalidParameter(`Event data store name can only contain letters, numbers, periods, underscores and dashes: ${name}`);
  }
  return undefined;
}

/**
 * AWS (EventDataStoreArn): the "ARN or ID suffix of the ARN" argument is 3 to 256 characters of
 * `[a-zA-Z0-9._/\-:]`, and a value starting `arn:` is an event data store ARN
 * (`arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`).
 *
 * @param invalidType the exception the operation documents for an invalid ARN:
 *   EventDataStoreARNInvalidException for the event data store operations; PutInsightSelectors and
 *   GetInsightSelectors document CloudTrailARNInvalidException instead.
 */
export function checkEventDataStoreRef(
  value: unknown,
  member = 'EventDataStore',
  invalidType = 'EventDataStoreARNInvalidException',
): RuleViolation | undefined {
  if (typeof value !== 'string' || value.length === 0) return invalidParameter(`${member} must be specified.`);
  if (value.length < EVENT_DATA_STORE_REF_MIN_LENGTH || value.length > EVENT_DATA_STORE_REF_MAX_LENGTH) {
    return {
      type: invalidType,
      message: `${member} must be an event data store ARN or ID of ${EVENT_DATA_STORE_REF_MIN_LENGTH} to ${EVENT_DATA_STORE_REF_MAX_LENGTH} characters: ${value}`,
    };
  }
  if (!EVENT_DATA_STORE_REF.test(value)) {
    return { type: invalidType, message: `${member} contains characters not allowed in an event data store ARN or ID: ${value}` };
  }
  if (looksLikeArn(value)) {
    const invalidArn = checkEventDataStoreArn(value);
    if (invalidArn) return { type: invalidType, message: invalidArn.message };
  }
  return undefined;
}

/** The ARN of an event data store: `arn:aws:cloudtrail:<region>:<account>:eventdatastore/<id>`. */
export function eventDataStoreArn(region: string, accountId: string, id: string): string {
  return `arn:${partitionOf(region)}:cloudtrail:${region}:${accountId}:eventdatastore/${id}`;
}

/**
 * Splits a checked ARN-or-ID argument into what it names: the ID, and for an ARN the account and
 * Region it points into. Call after `checkEventDataStoreRef` accepted the value.
 */
export function eventDataStoreRefParts(value: string): { id: string; accountId?: string; region?: string } {
  if (!looksLikeArn(value)) return { id: value };
  const arn = parseCloudTrailArn(value);
  return arn ? { id: arn.id, accountId: arn.accountId, region: arn.region } : { id: value };
}

export function checkBillingMode(value: unknown): RuleViolation | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(BILLING_MODES as readonly string[]).includes(value)) {
    return invalidParameter(`BillingMode must be one of ${BILLING_MODES.join(', ')}: ${String(value)}`);
  }
  return undefined;
}

/**
 * AWS (RetentionPeriod): an integer number of days from 7 to 3653 with EXTENDABLE_RETENTION_PRICING,
 * 7 to 2557 with FIXED_RETENTION_PRICING.
 */
export function checkRetentionPeriod(days: unknown, billingMode: BillingMode): RuleViolation | undefined {
  if (days === undefined) return undefined;
  const max = MAX_RETENTION_DAYS[billingMode];
  if (typeof days !== 'number' || !Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > max) {
    return invalidParameter(
      `RetentionPeriod must be an integer between ${MIN_RETENTION_DAYS} and ${max} days with ${billingMode}: ${String(days)}`,
    );
  }
  return undefined;
}

/** AWS (UpdateEventDataStore): the billing mode cannot change from EXTENDABLE_RETENTION_PRICING to FIXED_RETENTION_PRICING. */
export function checkBillingModeChange(from: BillingMode, to: BillingMode): RuleViolation | undefined {
  if (from === 'EXTENDABLE_RETENTION_PRICING' && to === 'FIXED_RETENTION_PRICING') {
    return invalidParameter(
      'You cannot change the billing mode from EXTENDABLE_RETENTION_PRICING to FIXED_RETENTION_PRICING; create a new event data store instead.',
    );
  }
  return undefined;
}

/**
 * AWS (KmsKeyId, InvalidKmsKeyIdException): an alias name `alias/MyAliasName`, an alias or key ARN,
 * or a key ID (`12345678-1234-1234-1234-123456789012`).
 */
export function checkKmsKeyId(value: unknown): RuleViolation | undefined {
  if (value === undefined) return undefined;
  const valid =
    typeof value === 'string' &&
    KMS_KEY_ID.test(value) &&
    (value.startsWith('alias/') || KMS_KEY_UUID.test(value) || KMS_ARN.test(value));
  if (!valid) {
    return {
      type: 'InvalidKmsKeyIdException',
      message: `KmsKeyId must be an alias name, an alias ARN, a key ARN or a key ID: ${String(value)}`,
    };
  }
  return undefined;
}

/** AWS (ListEventDataStores, InvalidMaxResultsException): MaxResults is 1 to 1000. */
export function checkListEventDataStoresMaxResults(value: unknown): RuleViolation | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LIST_EVENT_DATA_STORES_MAX_RESULTS) {
    return {
      type: 'InvalidMaxResultsException',
      message: `MaxResults must be an integer from 1 to ${LIST_EVENT_DATA_STORES_MAX_RESULTS}: ${String(value)}`,
    };
  }
  return undefined;
}

/** AWS (EventDataStoreMaxLimitExceededException): 10 event data stores per Region, pending deletion included. */
export function checkEventDataStoreCount(existing: number): RuleViolation | undefined {
  if (existing >= MAX_EVENT_DATA_STORES_PER_REGION) {
    return {
      type: 'EventDataStoreMaxLimitExceededException',
      message: `Your account already has the maximum of ${MAX_EVENT_DATA_STORES_PER_REGION} event data stores in this Region (those pending deletion count).`,
    };
  }
  return undefined;
}
