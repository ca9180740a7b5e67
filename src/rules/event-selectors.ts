import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import type { RuleViolation } from './violation.js';
import { checkAdvancedEventSelectors } from './advanced-event-selectors.js';

export { checkAdvancedEventSelectors, type SelectorTarget } from './advanced-event-selectors.js';
export { MAX_ADVANCED_SELECTOR_VALUES, MAX_EVENT_DATA_STORE_ADVANCED_SELECTORS } from './advanced-event-selectors.js';

/**
 * Basic event selectors (PutEventSelectors' EventSelectors), the choice between basic and
 * advanced selectors, and what a selector set logs (which Insights depend on).
 */

/** AWS: a trail has 1 to 5 basic event selectors. */
export const MAX_EVENT_SELECTORS = 5;
/** AWS: at most 250 data resources across all event selectors of a trail. */
export const MAX_DATA_RESOURCES = 250;

export type ReadWriteType = 'All' | 'ReadOnly' | 'WriteOnly';
export const READ_WRITE_TYPES: readonly ReadWriteType[] = ['All', 'ReadOnly', 'WriteOnly'];

/** AWS (DataResource.Type): the resource types basic event selectors can log data events for. */
export const BASIC_DATA_RESOURCE_TYPES = ['AWS::DynamoDB::Table', 'AWS::Lambda::Function', 'AWS::S3::Object'] as const;
const SERVICE_OF_TYPE: Record<string, string> = {
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::Lambda::Function': 'lambda',
  'AWS::S3::Object': 's3',
};

/** AWS (ExcludeManagementEventSources): only KMS and RDS Data API events can be excluded. */
export const EXCLUDABLE_MANAGEMENT_EVENT_SOURCES = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] as const;

function invalidSelectors(message: string): RuleViolation {
  return { type: 'InvalidEventSelectorsException', message };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * AWS: the 250 data resource limit "does not apply if you configure resource logging for all data
 * events" — the account-wide prefixes `arn:aws:s3`, `arn:aws:lambda`, `arn:aws:dynamodb`.
 */
function isAllResourcesValue(value: string): boolean {
  return /^arn:[a-z-]+:(s3|lambda|dynamodb)(:::)?$/.test(value);
}

/**
 * AWS (PutEventSelectors, InvalidEventSelectorsException): 1 to 5 selectors; ReadWriteType one of
 * All, ReadOnly, WriteOnly; data resources only of the basic types, with ARNs (or ARN prefixes) of
 * that service, at most 250 across all selectors; excluded management sources only
 * kms.amazonaws.com and rdsdata.amazonaws.com.
 */
export function checkEventSelectors(value: unknown): RuleViolation | undefined {
  if (!Array.isArray(value)) return invalidSelectors('EventSelectors must be a list.');
  if (value.length < 1 || value.length > MAX_EVENT_SELECTORS) {
    return invalidSelectors(`A trail can have 1 to ${MAX_EVENT_SELECTORS} event selectors; the request has ${value.length}.`);
  }
  let dataResourceValues = 0;
  for (const selector of value) {
    if (!isObject(selector)) return invalidSelectors('Each event selector must be an object.');
    const { ReadWriteType, IncludeManagementEvents, DataResources, ExcludeManagementEventSources } = selector;
    if (ReadWriteType !== undefined && !(READ_WRITE_TYPES as readonly unknown[]).includes(ReadWriteType)) {
      return invalidSelectors(`ReadWriteType must be one of ${READ_WRITE_TYPES.join(', ')}: ${String(ReadWriteType)}`);
    }
    if (IncludeManagementEvents !== undefined && typeof IncludeManagementEvents !== 'boolean') {
      return invalidSelectors('IncludeManagementEvents must be a boolean.');
    }
    if (DataResources !== undefined) {
      if (!Array.isArray(DataResources)) return invalidSelectors('DataResources must be a list.');
      for (const resource of DataResources) {
        if (!isObject(resource)) return invalidSelectors('Each data resource must be an object.');
        const service = typeof resource.Type === 'string' ? SERVICE_OF_TYPE[resource.Type] : undefined;
        if (!service) {
          return invalidSelectors(
            `Data resource type must be one of ${BASIC_DATA_RESOURCE_TYPES.join(', ')} (use advanced event selectors for others): ${String(resource.Type)}`,
          );
        }
        const values = resource.Values;
        if (!Array.isArray(values) || values.length === 0) {
          return invalidSelectors(`Data resource ${resource.Type as string} needs at least one value (an ARN or ARN prefix).`);
        }
        for (const arn of values) {
          if (typeof arn !== 'string' || !new RegExp(`^arn:[a-z-]+:${service}(:|$)`).test(arn)) {
            return invalidSelectors(`Value ${String(arn)} is not an ARN or ARN prefix of ${resource.Type as string}.`);
          }
          if (!isAllResourcesValue(arn)) dataResourceValues += 1;
        }
      }
    }
    if (ExcludeManagementEventSources !== undefined) {
      if (!Array.isArray(ExcludeManagementEventSources)) return invalidSelectors('ExcludeManagementEventSources must be a list.');
      for (const source of ExcludeManagementEventSources) {
        if (!(EXCLUDABLE_MANAGEMENT_EVENT_SOURCES as readonly unknown[]).includes(source)) {
          return invalidSelectors(
            `Only ${EXCLUDABLE_MANAGEMENT_EVENT_SOURCES.join(' and ')} can be excluded from management events: ${String(source)}`,
          );
        }
      }
    }
  }
  if (dataResourceValues > MAX_DATA_RESOURCES) {
    return invalidSelectors(
      `A trail can have at most ${MAX_DATA_RESOURCES} data resources across all event selectors; the request has ${dataResourceValues}.`,
    );
  }
  return undefined;
}

/**
 * AWS (PutEventSelectors): a request sets either EventSelectors or AdvancedEventSelectors, not
 * both, and not neither. PutEventSelectors documents InvalidEventSelectorsException for an invalid
 * combination, so that is what it answers.
 */
export function checkPutEventSelectors(input: { EventSelectors?: unknown; AdvancedEventSelectors?: unknown }): RuleViolation | undefined {
  const hasBasic = input.EventSelectors !== undefined && input.EventSelectors !== null;
  const hasAdvanced = input.AdvancedEventSelectors !== undefined && input.AdvancedEventSelectors !== null;
  if (hasBasic && hasAdvanced) {
    return invalidSelectors('Specify either EventSelectors or AdvancedEventSelectors, not both.');
  }
  if (!hasBasic && !hasAdvanced) {
    return invalidSelectors('Specify EventSelectors or AdvancedEventSelectors.');
  }
  return hasBasic ? checkEventSelectors(input.EventSelectors) : checkAdvancedEventSelectors(input.AdvancedEventSelectors, 'trail');
}

/** AWS (EventSelector): ReadWriteType defaults to All, IncludeManagementEvents to true; lists read back empty. */
export function withEventSelectorDefaults(selectors: readonly EventSelector[]): EventSelector[] {
  return selectors.map((s) => ({
    ReadWriteType: s.ReadWriteType ?? 'All',
    IncludeManagementEvents: s.IncludeManagementEvents ?? true,
    DataResources: (s.DataResources ?? []).map((r) => ({ Type: r.Type, Values: [...(r.Values ?? [])] })),
    ExcludeManagementEventSources: [...(s.ExcludeManagementEventSources ?? [])],
  }));
}

/**
 * Trail.HasCustomEventSelectors: true unless the trail still has the default single selector (all
 * management events, no data resources, no excluded sources). Advanced selectors are custom. The
 * emulator answers DescribeTrails with it, and the gateway derives it from PutEventSelectors' answer.
 */
export function hasCustomEventSelectors(selectors: {
  eventSelectors?: readonly EventSelector[];
  advancedEventSelectors?: readonly AdvancedEventSelector[];
}): boolean {
  if (selectors.advancedEventSelectors !== undefined) return true;
  const basic = selectors.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true }];
  if (basic.length !== 1) return true;
  const [only] = basic as [EventSelector];
  return !(
    (only.ReadWriteType ?? 'All') === 'All' &&
    (only.IncludeManagementEvents ?? true) === true &&
    (only.DataResources ?? []).length === 0 &&
    (only.ExcludeManagementEventSources ?? []).length === 0
  );
}

/** Which kinds of events a trail's or event data store's selectors log. */
export interface LoggedEvents {
  readManagementEvents: boolean;
  writeManagementEvents: boolean;
  dataEvents: boolean;
  /** Only event data stores: Insights events (eventCategory Insight), as an Insights destination logs. */
  insightsEvents: boolean;
}

/** What a set of basic or advanced selectors logs. With neither, the AWS default: all management events. */
export function loggedEvents(selectors: {
  eventSelectors?: readonly EventSelector[];
  advancedEventSelectors?: readonly AdvancedEventSelector[];
}): LoggedEvents {
  const logged: LoggedEvents = { readManagementEvents: false, writeManagementEvents: false, dataEvents: false, insightsEvents: false };
  if (selectors.advancedEventSelectors) {
    for (const selector of selectors.advancedEventSelectors) {
      const fields = selector.FieldSelectors ?? [];
      const category = fields.find((f) => f.Field === 'eventCategory')?.Equals ?? [];
      const readOnly = fields.find((f) => f.Field === 'readOnly')?.Equals;
      // AWS: without a readOnly condition both read and write events are logged.
      const logsRead = readOnly === undefined || readOnly.includes('true');
      const logsWrite = readOnly === undefined || readOnly.includes('false');
      if (category.includes('Management')) {
        logged.readManagementEvents ||= logsRead;
        logged.writeManagementEvents ||= logsWrite;
      }
      if (category.includes('Data')) logged.dataEvents = true;
      if (category.includes('Insight')) logged.insightsEvents = true;
    }
    return logged;
  }
  const basic = selectors.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true }];
  for (const selector of basic) {
    const readWrite = selector.ReadWriteType ?? 'All';
    const logsRead = readWrite !== 'WriteOnly';
    const logsWrite = readWrite !== 'ReadOnly';
    if (selector.IncludeManagementEvents ?? true) {
      logged.readManagementEvents ||= logsRead;
      logged.writeManagementEvents ||= logsWrite;
    }
    if ((selector.DataResources ?? []).some((r) => (r.Values ?? []).length > 0)) logged.dataEvents = true;
  }
  return logged;
}
