import type { AdvancedFieldSelector } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailEventRecord, TrailRecord } from '../store.js';
import { trailCoversRegion } from './enablement.js';

/** The values an event has for an advanced event selector field (several for `resources.*`). */
function fieldValues(event: CloudTrailEventRecord, field: string): string[] {
  switch (field) {
    case 'eventCategory':
      return [event.eventCategory];
    case 'eventSource':
      return [event.eventSource];
    case 'eventName':
      return [event.eventName];
    case 'eventType':
      return event.eventType ? [event.eventType] : [];
    case 'readOnly':
      return event.readOnly === undefined ? [] : [String(event.readOnly)];
    case 'errorCode':
      return event.errorCode ? [event.errorCode] : [];
    case 'userIdentity.arn':
      return event.userIdentityArn ? [event.userIdentityArn] : [];
    case 'resources.type':
      return event.resources.flatMap((r) => (r.resourceType ? [r.resourceType] : []));
    case 'resources.ARN':
      return event.resources.flatMap((r) => (r.resourceName ? [r.resourceName] : []));
    default: {
      const value = event.raw[field];
      return typeof value === 'string' || typeof value === 'boolean' ? [String(value)] : [];
    }
  }
}

/** AWS advanced selectors: every operator of a field selector holds (Equals lists alternatives). */
function valueSatisfies(value: string | undefined, s: AdvancedFieldSelector): boolean {
  const some = (list: string[] | undefined, test: (v: string, x: string) => boolean) =>
    value !== undefined && (list ?? []).some((x) => test(value, x));
  if (s.Equals?.length && !some(s.Equals, (v, x) => v === x)) return false;
  if (s.StartsWith?.length && !some(s.StartsWith, (v, x) => v.startsWith(x))) return false;
  if (s.EndsWith?.length && !some(s.EndsWith, (v, x) => v.endsWith(x))) return false;
  if (some(s.NotEquals, (v, x) => v === x)) return false;
  if (some(s.NotStartsWith, (v, x) => v.startsWith(x))) return false;
  if (some(s.NotEndsWith, (v, x) => v.endsWith(x))) return false;
  return true;
}

function fieldSelectorHolds(event: CloudTrailEventRecord, s: AdvancedFieldSelector): boolean {
  const values = fieldValues(event, s.Field ?? '');
  if (values.length === 0) return valueSatisfies(undefined, s);
  return values.some((v) => valueSatisfies(v, s));
}

/**
 * Whether a trail logs this data event, by its event selectors: advanced selectors (any selector
 * whose field selectors all hold) or basic selectors (a DataResources type the event's resources
 * have, with a value that prefixes one of their ARNs, and a matching ReadWriteType). Only the data
 * events a trail logs feed its data-event Insights.
 */
export function trailLogsDataEvent(trail: TrailRecord, event: CloudTrailEventRecord): boolean {
  if (event.eventCategory !== 'Data' || !trailCoversRegion(trail, event.awsRegion)) return false;
  if (trail.advancedEventSelectors?.length) {
    return trail.advancedEventSelectors.some((selector) =>
      (selector.FieldSelectors ?? []).every((s) => fieldSelectorHolds(event, s)),
    );
  }
  return (trail.eventSelectors ?? []).some((selector) => {
    const rw = selector.ReadWriteType ?? 'All';
    if (rw === 'ReadOnly' && event.readOnly !== true) return false;
    if (rw === 'WriteOnly' && event.readOnly !== false) return false;
    return (selector.DataResources ?? []).some((resource) =>
      event.resources.some(
        (r) =>
          r.resourceType === resource.Type &&
          (resource.Values ?? []).some((prefix) => (r.resourceName ?? '').startsWith(prefix)),
      ),
    );
  });
}
