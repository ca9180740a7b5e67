import type { AdvancedEventSelector, CreateEventDataStoreResponse, ListEventDataStoresResponse } from '@aws-sdk/client-cloudtrail';
import { CloudTrailError, invalidParameter } from '../errors.js';
import type { EventDataStoreRecord } from '../store.js';
import { page } from '../paging.js';
import {
  DEFAULT_BILLING_MODE,
  DEFAULT_RETENTION_DAYS,
  checkBillingMode,
  checkBillingModeChange,
  checkEventDataStoreCount,
  checkEventDataStoreName,
  checkKmsKeyId,
  checkListEventDataStoresMaxResults,
  checkRetentionPeriod,
  eventDataStoreArn,
  type BillingMode,
} from '../../rules/event-data-store.js';
import { checkAdvancedEventSelectors, loggedEvents } from '../../rules/event-selectors.js';
import { selectorCategory } from '../../rules/advanced-event-selectors.js';
import { checkInsightPrerequisites, checkInsightsDestination } from '../../rules/insight-selectors.js';
import { checkTagCount, checkTags } from '../../rules/tags.js';
import { optionalBoolean, optionalObjectList, optionalString, reject } from './input.js';
import {
  describeEventDataStore,
  eventDataStoresIn,
  findEventDataStore,
  kmsKeyArn,
  newEventDataStoreId,
} from './event-data-store-lookup.js';
import { requireOrganizationManagement, type OperationContext, type OperationInput, type OperationTable } from './types.js';

export { findEventDataStore, describeEventDataStore } from './event-data-store-lookup.js';

/**
 * CloudTrail Lake event data stores: create, describe, list, update, delete (PENDING_DELETION),
 * restore, and start/stop ingestion. Transitions AWS reports through short-lived states
 * (CREATED, STARTING_INGESTION, STOPPING_INGESTION) complete at once in the emulator.
 */

/** AWS: without AdvancedEventSelectors, an event data store collects all management events. */
function defaultAdvancedEventSelectors(): AdvancedEventSelector[] {
  return [{ Name: 'Default management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }];
}

/** AWS: an event data store in PENDING_DELETION can only be restored. */
function requireActive(store: EventDataStoreRecord): void {
  if (store.status === 'PENDING_DELETION') {
    throw new CloudTrailError('InactiveEventDataStoreException', `The event data store ${store.arn} is pending deletion.`);
  }
}

/** AWS: only an organization's management account turns an event data store into an organization one. */
function refuseOrganization(ctx: OperationContext, enabled: boolean | undefined): void {
  if (enabled === true) requireOrganizationManagement(ctx, 'event data store');
}

function checkedBillingMode(input: OperationInput): BillingMode | undefined {
  const value = input.BillingMode ?? undefined;
  reject(checkBillingMode(value));
  return value as BillingMode | undefined;
}

function readSelectors(input: OperationInput): AdvancedEventSelector[] | undefined {
  const selectors = input.AdvancedEventSelectors ?? undefined;
  if (selectors === undefined) return undefined;
  reject(checkAdvancedEventSelectors(selectors, 'eventDataStore'));
  return structuredClone(selectors) as AdvancedEventSelector[];
}

function nameTaken(ctx: OperationContext, name: string, except?: EventDataStoreRecord): boolean {
  return eventDataStoresIn(ctx).some((s) => s !== except && s.name === name);
}

function alreadyExists(name: string): CloudTrailError {
  return new CloudTrailError('EventDataStoreAlreadyExistsException', `An event data store named ${name} already exists in this Region.`);
}

const createEventDataStore = (input: OperationInput, ctx: OperationContext): CreateEventDataStoreResponse => {
  reject(checkEventDataStoreName(input.Name));
  const name = input.Name as string;
  const billingMode = checkedBillingMode(input) ?? DEFAULT_BILLING_MODE;
  reject(checkRetentionPeriod(input.RetentionPeriod ?? undefined, billingMode));
  const selectors = readSelectors(input) ?? defaultAdvancedEventSelectors();
  const multiRegionEnabled = optionalBoolean(input, 'MultiRegionEnabled');
  const organizationEnabled = optionalBoolean(input, 'OrganizationEnabled');
  const terminationProtectionEnabled = optionalBoolean(input, 'TerminationProtectionEnabled');
  const startIngestion = optionalBoolean(input, 'StartIngestion');
  const kmsKeyId = optionalString(input, 'KmsKeyId', 'InvalidKmsKeyIdException');
  reject(checkKmsKeyId(kmsKeyId));
  // AWS lists InvalidTagParameterException for CreateEventDataStore, "also ... too many tags on the resource".
  const tags = optionalObjectList(input, 'TagsList', 'InvalidTagParameterException') ?? [];
  reject(checkTags(tags));
  const tooMany = checkTagCount(tags.length);
  if (tooMany) throw new CloudTrailError('InvalidTagParameterException', tooMany.message);
  refuseOrganization(ctx, organizationEnabled);
  if (nameTaken(ctx, name)) throw alreadyExists(name);
  reject(checkEventDataStoreCount(eventDataStoresIn(ctx).length));

  const now = ctx.clock.now();
  const arn = eventDataStoreArn(ctx.region, ctx.accountId, newEventDataStoreId(ctx, name));
  const store: EventDataStoreRecord = {
    arn,
    name,
    region: ctx.region,
    // AWS: StartIngestion defaults to true.
    status: startIngestion === false ? 'STOPPED_INGESTION' : 'ENABLED',
    advancedEventSelectors: selectors,
    // AWS: multi-Region and termination protection are on unless turned off.
    multiRegionEnabled: multiRegionEnabled ?? true,
    organizationEnabled: organizationEnabled ?? false,
    retentionPeriod: (input.RetentionPeriod as number | undefined) ?? DEFAULT_RETENTION_DAYS[billingMode],
    terminationProtectionEnabled: terminationProtectionEnabled ?? true,
    createdTimestamp: now,
    updatedTimestamp: now,
    kmsKeyId: kmsKeyId === undefined ? undefined : kmsKeyArn(ctx, kmsKeyId),
    billingMode,
    insightSelectors: [],
  };
  ctx.store.eventDataStores.set(arn, store);
  const tagsList = tags.map((t) => ({ Key: t.Key as string, Value: t.Value as string | undefined }));
  if (tagsList.length > 0) ctx.store.tags.set(arn, tagsList);
  const { FederationStatus: _federation, ...described } = describeEventDataStore(store);
  // AWS reports the creation itself as CREATED, a short-lived state before ENABLED.
  return { ...described, Status: 'CREATED', TagsList: tagsList };
};

const getEventDataStore = (input: OperationInput, ctx: OperationContext) =>
  describeEventDataStore(findEventDataStore(ctx, input.EventDataStore));

const listEventDataStores = (input: OperationInput, ctx: OperationContext): ListEventDataStoresResponse => {
  const maxResults = input.MaxResults ?? undefined;
  reject(checkListEventDataStoresMaxResults(maxResults));
  const nextToken = optionalString(input, 'NextToken', 'InvalidNextTokenException');
  const stores = eventDataStoresIn(ctx);
  // The token is bound to the Region and MaxResults it was issued for.
  const result = page('ListEventDataStores', { region: ctx.region, maxResults }, stores, nextToken, (maxResults as number | undefined) ?? ctx.pageSize);
  return {
    // AWS: ListEventDataStores no longer returns the deprecated members (Status, RetentionPeriod, ...).
    EventDataStores: result.items.map((s) => ({ EventDataStoreArn: s.arn, Name: s.name })),
    NextToken: result.nextToken,
  };
};

const UPDATABLE_MEMBERS = [
  'Name',
  'AdvancedEventSelectors',
  'MultiRegionEnabled',
  'OrganizationEnabled',
  'RetentionPeriod',
  'TerminationProtectionEnabled',
  'KmsKeyId',
  'BillingMode',
];

const updateEventDataStore = (input: OperationInput, ctx: OperationContext) => {
  const store = findEventDataStore(ctx, input.EventDataStore);
  // AWS: "Other parameters are optional, but at least one optional parameter must be specified".
  if (!UPDATABLE_MEMBERS.some((m) => input[m] !== undefined && input[m] !== null)) {
    throw invalidParameter(`Specify at least one of ${UPDATABLE_MEMBERS.join(', ')} to update the event data store.`);
  }
  requireActive(store);
  const name = input.Name ?? undefined;
  if (name !== undefined) reject(checkEventDataStoreName(name));
  const billingMode = checkedBillingMode(input) ?? store.billingMode;
  reject(checkBillingModeChange(store.billingMode, billingMode));
  const retention = (input.RetentionPeriod ?? undefined) as number | undefined;
  reject(checkRetentionPeriod(retention, billingMode));
  const selectors = readSelectors(input);
  const multiRegionEnabled = optionalBoolean(input, 'MultiRegionEnabled');
  const organizationEnabled = optionalBoolean(input, 'OrganizationEnabled');
  const terminationProtectionEnabled = optionalBoolean(input, 'TerminationProtectionEnabled');
  const kmsKeyId = optionalString(input, 'KmsKeyId', 'InvalidKmsKeyIdException');
  reject(checkKmsKeyId(kmsKeyId));
  refuseOrganization(ctx, organizationEnabled);
  if (typeof name === 'string' && nameTaken(ctx, name, store)) throw alreadyExists(name);
  const newKey = kmsKeyId === undefined ? undefined : kmsKeyArn(ctx, kmsKeyId);
  // AWS: "After you associate an event data store with a KMS key, the KMS key cannot be removed or changed."
  if (newKey !== undefined && store.kmsKeyId !== undefined && newKey !== store.kmsKeyId) {
    throw new CloudTrailError('KmsException', `The KMS key of event data store ${store.arn} cannot be changed.`);
  }
  if (selectors) {
    const logged = loggedEvents({ advancedEventSelectors: selectors });
    // AWS (InvalidInsightSelectorsException): new selectors must still serve the store's Insights.
    if (store.insightSelectors.length > 0) reject(checkInsightPrerequisites(store.insightSelectors, logged));
    const feedsInsights = eventDataStoresIn(ctx).some((s) => s.insightsDestination === store.arn && s.insightSelectors.length > 0);
    if (feedsInsights) reject(checkInsightsDestination(logged));
  }

  if (typeof name === 'string') store.name = name;
  if (selectors) store.advancedEventSelectors = selectors;
  if (multiRegionEnabled !== undefined) store.multiRegionEnabled = multiRegionEnabled;
  if (organizationEnabled !== undefined) store.organizationEnabled = organizationEnabled;
  if (retention !== undefined) store.retentionPeriod = retention;
  if (terminationProtectionEnabled !== undefined) store.terminationProtectionEnabled = terminationProtectionEnabled;
  if (newKey !== undefined) store.kmsKeyId = newKey;
  store.billingMode = billingMode;
  store.updatedTimestamp = ctx.clock.now();
  return describeEventDataStore(store);
};

/**
 * AWS: deletion needs termination protection off, and moves the store to PENDING_DELETION for 7
 * days, during which it can be restored and still counts toward the Region's quota. A store's
 * Insights configuration (as source) is kept, so that a restore brings it back.
 */
const deleteEventDataStore = (input: OperationInput, ctx: OperationContext) => {
  const store = findEventDataStore(ctx, input.EventDataStore);
  requireActive(store);
  if (store.terminationProtectionEnabled) {
    throw new CloudTrailError(
      'EventDataStoreTerminationProtectedException',
      `The event data store ${store.arn} cannot be deleted because termination protection is enabled.`,
    );
  }
  store.statusBeforeDeletion = store.status;
  store.status = 'PENDING_DELETION';
  store.updatedTimestamp = ctx.clock.now();
  return {};
};

const restoreEventDataStore = (input: OperationInput, ctx: OperationContext) => {
  const store = findEventDataStore(ctx, input.EventDataStore);
  if (store.status !== 'PENDING_DELETION') {
    throw new CloudTrailError(
      'InvalidEventDataStoreStatusException',
      `Only an event data store pending deletion can be restored; ${store.arn} is ${store.status}.`,
    );
  }
  store.status = store.statusBeforeDeletion ?? 'ENABLED';
  store.statusBeforeDeletion = undefined;
  store.updatedTimestamp = ctx.clock.now();
  return describeEventDataStore(store);
};

/** AWS: ingestion can be started and stopped only on stores of these event categories. */
const INGESTION_CATEGORIES = ['Management', 'Data', 'NetworkActivity', 'ConfigurationItem'];

function changeIngestion(input: OperationInput, ctx: OperationContext, from: 'ENABLED' | 'STOPPED_INGESTION', to: 'ENABLED' | 'STOPPED_INGESTION') {
  const store = findEventDataStore(ctx, input.EventDataStore);
  const categories = store.advancedEventSelectors.map(selectorCategory);
  if (!categories.every((c) => c !== undefined && INGESTION_CATEGORIES.includes(c))) {
    throw new CloudTrailError(
      'InvalidEventDataStoreCategoryException',
      `Ingestion can only be started or stopped on event data stores of categories ${INGESTION_CATEGORIES.join(', ')}.`,
    );
  }
  if (store.status !== from) {
    throw new CloudTrailError(
      'InvalidEventDataStoreStatusException',
      `The event data store ${store.arn} must be ${from} for this operation; it is ${store.status}.`,
    );
  }
  store.status = to;
  store.updatedTimestamp = ctx.clock.now();
  return {};
}

export const eventDataStoreOperations: OperationTable = {
  CreateEventDataStore: createEventDataStore,
  GetEventDataStore: getEventDataStore,
  ListEventDataStores: listEventDataStores,
  UpdateEventDataStore: updateEventDataStore,
  DeleteEventDataStore: deleteEventDataStore,
  RestoreEventDataStore: restoreEventDataStore,
  // AWS: to start ingestion the status must be STOPPED_INGESTION; to stop it, ENABLED.
  StartEventDataStoreIngestion: (input, ctx) => changeIngestion(input, ctx, 'STOPPED_INGESTION', 'ENABLED'),
  StopEventDataStoreIngestion: (input, ctx) => changeIngestion(input, ctx, 'ENABLED', 'STOPPED_INGESTION'),
};
