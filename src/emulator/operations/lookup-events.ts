import type { Event } from '@aws-sdk/client-cloudtrail';
import { CloudTrailError } from '../errors.js';
import { lookupInsightsEvents } from '../insights/index.js';
import type { EventList } from '../events/columns.js';
import { page, pageOf } from '../paging.js';
import type { AccountStore, CloudTrailEventRecord } from '../store.js';
import { fromWireTimestamp } from '../wire.js';
import {
  checkLookupAttributes,
  checkLookupEventCategory,
  checkLookupMaxResults,
  checkLookupTimeRange,
  LOOKUP_DEFAULT_MAX_RESULTS,
  LOOKUP_RETENTION_SECONDS,
  type LookupAttributeInput,
  type LookupAttributeKeyName,
} from '../../rules/lookup-events.js';
import { reject } from './input.js';
import type { OperationContext, OperationInput, OperationTable } from './types.js';

/** Reads StartTime/EndTime; an unreadable time is an invalid range (InvalidTimeRangeException). */
export function lookupTimestamp(input: OperationInput, member: string, errorType: string): Date | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  const date = fromWireTimestamp(value);
  if (!date) throw new CloudTrailError(errorType, `${member} is not a valid timestamp.`);
  return date;
}

/** Whether an event has `value` for a lookup attribute (exact, case-sensitive match). */
export function hasAttribute(e: CloudTrailEventRecord, key: LookupAttributeKeyName, value: string): boolean {
  switch (key) {
    case 'EventId':
      return e.eventID === value;
    case 'EventName':
      return e.eventName === value;
    case 'EventSource':
      return e.eventSource === value;
    case 'ReadOnly':
      return e.readOnly !== undefined && String(e.readOnly) === value;
    case 'Username':
      return e.username === value;
    case 'AccessKeyId':
      return e.accessKeyId === value;
    case 'ResourceType':
      return e.resources.some((r) => r.resourceType === value);
    case 'ResourceName':
      return e.resources.some((r) => r.resourceName === value);
  }
}

/** AWS lists events newest first; equal times are ordered by event ID so pages are stable. */
export function newestFirst(a: CloudTrailEventRecord, b: CloudTrailEventRecord): number {
  const dt = b.eventTime.getTime() - a.eventTime.getTime();
  if (dt !== 0) return dt;
  return a.eventID < b.eventID ? -1 : a.eventID > b.eventID ? 1 : 0;
}

/**
 * The Event shape of LookupEvents and ListInsightsData. Resources come from the record's
 * `resources` (type and ARN) where the log carries them; CloudTrailEvent is the record as delivered.
 */
export function toEvent(e: CloudTrailEventRecord): Event {
  const resources = e.resources
    .filter((r) => r.resourceType !== undefined || r.resourceName !== undefined)
    .map((r) => ({ ResourceType: r.resourceType, ResourceName: r.resourceName }));
  return {
    EventId: e.eventID,
    EventName: e.eventName,
    ReadOnly: e.readOnly === undefined ? undefined : String(e.readOnly),
    AccessKeyId: e.accessKeyId,
    EventTime: e.eventTime,
    EventSource: e.eventSource,
    Username: e.username,
    Resources: resources,
    CloudTrailEvent: JSON.stringify(e.raw),
  };
}

/** Events inside [start, end] (both inclusive), no older than the 90 days AWS keeps, none after now. */
export function inLookupWindow(now: Date, start: Date | undefined, end: Date | undefined) {
  const from = Math.max(start?.getTime() ?? -Infinity, now.getTime() - LOOKUP_RETENTION_SECONDS * 1000);
  const until = Math.min(end?.getTime() ?? Infinity, now.getTime());
  return (e: CloudTrailEventRecord) => e.eventTime.getTime() >= from && e.eventTime.getTime() <= until;
}

function readAttributes(input: OperationInput): LookupAttributeInput[] | undefined {
  const value = input.LookupAttributes;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== 'object' || Array.isArray(v))) {
    throw new CloudTrailError('InvalidLookupAttributesException', 'LookupAttributes must be a list of objects.');
  }
  return value as LookupAttributeInput[];
}

/**
 * LookupEvents: the management events (or, with EventCategory `insight`, the Insights events) of
 * the caller's Region from the last 90 days, newest first, filtered by at most one attribute.
 */
export function lookupEvents(input: OperationInput, ctx: OperationContext) {
  const attributes = readAttributes(input);
  reject(checkLookupEventCategory(input.EventCategory));
  reject(checkLookupAttributes(attributes, input.EventCategory));
  const start = lookupTimestamp(input, 'StartTime', 'InvalidTimeRangeException');
  const end = lookupTimestamp(input, 'EndTime', 'InvalidTimeRangeException');
  reject(checkLookupTimeRange(start, end));
  reject(checkLookupMaxResults(input.MaxResults));
  const maxResults = (input.MaxResults ?? LOOKUP_DEFAULT_MAX_RESULTS) as number;

  const now = ctx.clock.now();
  const attribute = attributes?.[0];
  const { NextToken: token, ...params } = input;
  if (input.EventCategory === 'insight') {
    const matching = lookupInsightsEvents(ctx.store, ctx.region, now)
      .filter(inLookupWindow(now, start, end))
      .filter((e) => !attribute || hasAttribute(e, attribute.AttributeKey as LookupAttributeKeyName, attribute.AttributeValue as string))
      .sort(newestFirst);
    const result = page('LookupEvents', params, matching, token as string | undefined, maxResults);
    return { Events: result.items.map(toEvent), NextToken: result.nextToken };
  }

  // Management events come from the Region's time-ordered indexes: the window is two binary
  // searches, and only the events of the page are read.
  const log = ctx.store.events;
  const candidates = managementEvents(ctx.store, ctx.region, attribute);
  const from = Math.max(start?.getTime() ?? -Infinity, now.getTime() - LOOKUP_RETENTION_SECONDS * 1000);
  const until = Math.min(end?.getTime() ?? Infinity, now.getTime());
  const timeOf = (k: number) => log.timeOf(candidates.at(k));
  const lo = lowerBoundOf(candidates.length, from, timeOf);
  // Event times are whole milliseconds: the first event after `until` is the first at or after floor(until) + 1.
  const hi = Math.max(lo, lowerBoundOf(candidates.length, Math.floor(until) + 1, timeOf));
  const result = pageOf('LookupEvents', params, hi - lo, (k) => candidates.at(hi - 1 - k), token as string | undefined, maxResults);
  return { Events: result.items.map((i) => toEvent(log.record(i))), NextToken: result.nextToken };
}

/** The first position in [0, length) whose time is >= `time`, times being ascending. */
function lowerBoundOf(length: number, time: number, timeOf: (position: number) => number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(mid) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The Region's management events, in time order, that have the attribute's value (all without one). */
function managementEvents(
  account: AccountStore,
  region: string,
  attribute: LookupAttributeInput | undefined,
): Pick<EventList, 'at' | 'length'> {
  const log = account.events;
  const events = log.regions.get(region);
  const none = { at: () => 0, length: 0 };
  if (!events) return none;
  if (!attribute) return events.management;
  const key = attribute.AttributeKey as LookupAttributeKeyName;
  const value = attribute.AttributeValue as string;
  if (key === 'EventId') {
    const i = log.indexOf(value);
    const isManagement = i !== undefined && log.strings.value(log.regionIdOf(i)) === region && log.strings.value(log.categoryIdOf(i)) === 'Management';
    return isManagement ? { at: () => i, length: 1 } : none;
  }
  return events.withAttribute(key, value) ?? none;
}

export const lookupEventsOperations: OperationTable = {
  LookupEvents: lookupEvents,
};
