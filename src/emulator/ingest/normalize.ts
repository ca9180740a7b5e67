import type { EventFields } from '../events/event-log.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Strict ISO 8601 UTC as CloudTrail writes it (`2023-07-10T12:11:15Z`, fractions allowed). */
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const digitsAt = (t: string, at: number, count: number): number => {
  let value = 0;
  for (let k = at; k < at + count; k++) {
    const d = t.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
};

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil). A day past the month's end counts on into the next month, as in Date.UTC.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Epoch ms of an event time, or NaN. CloudTrail's own form (`2023-07-10T12:11:15Z`) is read
 * directly, which takes a fraction of Date.parse's time; anything else goes through EVENT_TIME and
 * Date.parse. Both give the same instant for the same text.
 */
function eventTimeMs(t: string): number {
  if (t.length === 20 && t[4] === '-' && t[7] === '-' && t[10] === 'T' && t[13] === ':' && t[16] === ':' && t[19] === 'Z') {
    const year = digitsAt(t, 0, 4);
    const month = digitsAt(t, 5, 2);
    const day = digitsAt(t, 8, 2);
    const hour = digitsAt(t, 11, 2);
    const minute = digitsAt(t, 14, 2);
    const second = digitsAt(t, 17, 2);
    // Inside these bounds Date.parse and Date.UTC agree (a day past the month's end rolls over in both).
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59) {
      return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
    }
  }
  return EVENT_TIME.test(t) ? Date.parse(t) : NaN;
}

/**
 * The name LookupEvents shows as Username: `userIdentity.userName` when present (IAM users, root);
 * the role session name for an assumed role or a federated user (the last part of
 * `userIdentity.arn`); otherwise the service in `userIdentity.invokedBy`.
 */
export function lookupUsername(identity: JsonObject | undefined): string | undefined {
  if (!identity) return undefined;
  const userName = text(identity.userName);
  if (userName) return userName;
  const arn = text(identity.arn);
  if (arn && (arn.includes(':assumed-role/') || arn.includes(':federated-user/'))) {
    return arn.slice(arn.lastIndexOf('/') + 1);
  }
  return text(identity.invokedBy);
}

/**
 * CloudTrail's eventCategory; records older than the field (eventVersion < 1.07) are management
 * events unless they say `managementEvent: false`.
 */
function eventCategoryOf(raw: JsonObject): string {
  const category = text(raw.eventCategory);
  if (category) return category;
  if (raw.eventType === 'AwsCloudTrailInsight') return 'Insight';
  return raw.managementEvent === false ? 'Data' : 'Management';
}

function readOnlyOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** An EventFields for readEventFields to fill. */
export function emptyEventFields(): EventFields {
  return { eventID: '', time: 0, eventSource: '', eventName: '', awsRegion: '', eventCategory: '', resources: [] };
}

/**
 * Reads the fields the store keeps from one raw log record into `into`, or says why the record
 * cannot be used. Ingest fills one object for every record (the store copies the fields out at
 * once), which spares an object per event.
 */
export function readEventFields(raw: unknown, into: EventFields): string | undefined {
  if (!isObject(raw)) return 'Record is not a JSON object.';
  const eventID = text(raw.eventID);
  if (!eventID) return 'Record has no eventID.';
  const eventTimeText = text(raw.eventTime);
  const time = eventTimeText ? eventTimeMs(eventTimeText) : NaN;
  if (Number.isNaN(time)) {
    return `Record ${eventID} has no valid eventTime (ISO 8601 UTC expected), got ${JSON.stringify(raw.eventTime)}.`;
  }
  for (const member of ['eventSource', 'eventName', 'awsRegion'] as const) {
    if (!text(raw[member])) return `Record ${eventID} has no ${member}.`;
  }
  const identity = isObject(raw.userIdentity) ? raw.userIdentity : undefined;
  into.eventID = eventID;
  into.time = time;
  into.eventSource = raw.eventSource as string;
  into.eventName = raw.eventName as string;
  into.awsRegion = raw.awsRegion as string;
  into.eventCategory = eventCategoryOf(raw);
  into.eventType = text(raw.eventType);
  into.readOnly = readOnlyOf(raw.readOnly);
  into.errorCode = text(raw.errorCode);
  into.username = lookupUsername(identity);
  into.userIdentityArn = text(identity?.arn);
  into.userAgent = text(raw.userAgent);
  into.accessKeyId = text(identity?.accessKeyId);
  if (into.resources.length > 0) into.resources.length = 0;
  if (Array.isArray(raw.resources)) {
    for (const r of raw.resources as unknown[]) {
      if (isObject(r)) into.resources.push({ resourceType: text(r.type), resourceName: text(r.ARN) });
    }
  }
  return undefined;
}
