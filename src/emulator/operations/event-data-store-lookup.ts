import { createHash } from 'node:crypto';
import type { GetEventDataStoreResponse } from '@aws-sdk/client-cloudtrail';
import { CloudTrailError } from '../errors.js';
import type { EventDataStoreRecord } from '../store.js';
import { checkEventDataStoreRef, eventDataStoreArn, eventDataStoreRefParts } from '../../rules/event-data-store.js';
import { partitionOf } from '../../rules/region.js';
import { reject } from './input.js';
import type { OperationContext } from './types.js';

/**
 * Finding event data stores the way CloudTrail Lake does: by ARN or by the ID suffix of the ARN,
 * in the caller's account and Region (event data stores are regional resources; a multi-Region
 * store collects events from other Regions but lives in one).
 */

export interface FindEventDataStoreOptions {
  /** The request member, for messages (EventDataStore, InsightsDestination). */
  member?: string;
  /**
   * The exception for an argument that is not an event data store ARN or ID, or names a store
   * outside the caller's account and Region. EventDataStoreARNInvalidException for the event data
   * store operations; PutInsightSelectors and GetInsightSelectors document CloudTrailARNInvalidException.
   */
  invalidType?: string;
  /** The exception for a well-formed reference to no store; defaults to EventDataStoreNotFoundException. */
  notFoundType?: string;
}

export function findEventDataStore(ctx: OperationContext, ref: unknown, options: FindEventDataStoreOptions = {}): EventDataStoreRecord {
  const member = options.member ?? 'EventDataStore';
  const invalidType = options.invalidType ?? 'EventDataStoreARNInvalidException';
  reject(checkEventDataStoreRef(ref, member, invalidType));
  const parts = eventDataStoreRefParts(ref as string);
  // AWS (EventDataStoreARNInvalidException): an ARN that "does not map to an event data store in your account".
  if (parts.accountId !== undefined && parts.accountId !== ctx.accountId) {
    throw new CloudTrailError(invalidType, `${member} ${String(ref)} does not map to an event data store in account ${ctx.accountId}.`);
  }
  const store =
    parts.region === undefined || parts.region === ctx.region
      ? ctx.store.eventDataStores.get(eventDataStoreArn(ctx.region, ctx.accountId, parts.id))
      : undefined;
  if (!store) {
    throw new CloudTrailError(
      options.notFoundType ?? 'EventDataStoreNotFoundException',
      `The event data store ${String(ref)} was not found in ${ctx.region}.`,
    );
  }
  return store;
}

/** Event data stores of the caller's Region, in creation order. */
export function eventDataStoresIn(ctx: OperationContext): EventDataStoreRecord[] {
  return [...ctx.store.eventDataStores.values()].filter((s) => s.region === ctx.region);
}

/**
 * A new event data store ID, shaped like AWS's (a UUID). Derived from the account, Region, name
 * and how many stores the account has had, so that the same sequence of calls (the demo seed)
 * gives the same ARNs on every run.
 */
export function newEventDataStoreId(ctx: OperationContext, name: string): string {
  const h = createHash('sha256').update(`${ctx.accountId}/${ctx.region}/${name}/${ctx.store.eventDataStores.size}`).digest('hex');
  const variant = '89ab'[parseInt(h[16], 16) & 3];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * AWS returns KmsKeyId as "a fully specified ARN to a KMS key": a key ID becomes the key's ARN in
 * the store's Region; aliases become alias ARNs (the emulator has no KMS to resolve them to keys).
 */
export function kmsKeyArn(ctx: OperationContext, keyId: string): string {
  if (keyId.startsWith('arn:')) return keyId;
  const prefix = `arn:${partitionOf(ctx.region)}:kms:${ctx.region}:${ctx.accountId}:`;
  return keyId.startsWith('alias/') ? `${prefix}${keyId}` : `${prefix}key/${keyId}`;
}

/** The event data store as GetEventDataStore, UpdateEventDataStore and RestoreEventDataStore describe it. */
export function describeEventDataStore(store: EventDataStoreRecord): GetEventDataStoreResponse {
  return {
    EventDataStoreArn: store.arn,
    Name: store.name,
    Status: store.status,
    AdvancedEventSelectors: structuredClone(store.advancedEventSelectors),
    MultiRegionEnabled: store.multiRegionEnabled,
    OrganizationEnabled: store.organizationEnabled,
    RetentionPeriod: store.retentionPeriod,
    TerminationProtectionEnabled: store.terminationProtectionEnabled,
    CreatedTimestamp: store.createdTimestamp,
    UpdatedTimestamp: store.updatedTimestamp,
    KmsKeyId: store.kmsKeyId,
    BillingMode: store.billingMode,
    // The emulator does not federate stores with Athena (EnableFederation is not implemented).
    FederationStatus: 'DISABLED',
  };
}
