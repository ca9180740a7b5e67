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

/** Reads the fields the store keeps from one raw log record, or says why it cannot be used. */
export function toEventFields(raw: unknown): EventFields | string {
  if (!isObject(raw)) return 'Record is not a JSON object.';
  const eventID = text(raw.eventID);
  if (!eventID) return 'Record has no eventID.';
  const eventTimeText = text(raw.eventTime);
  const time = eventTimeText && EVENT_TIME.test(eventTimeText) ? Date.parse(eventTimeText) : NaN;
  if (Number.isNaN(time)) {
    return `Record ${eventID} has no valid eventTime (ISO 8601 UTC expected), got ${JSON.stringify(raw.eventTime)}.`;
  }
  for (const member of ['eventSource', 'eventName', 'awsRegion'] as const) {
    if (!text(raw[member])) return `Record ${eventID} has no ${member}.`;
  }
  const identity = isObject(raw.userIdentity) ? raw.userIdentity : undefined;
  const resources = Array.isArray(raw.resources) ? raw.resources.filter(isObject) : [];
  return {
    eventID,
    time,
    eventSource: raw.eventSource as string,
    eventName: raw.eventName as string,
    awsRegion: raw.awsRegion as string,
    eventCategory: eventCategoryOf(raw),
    eventType: text(raw.eventType),
    readOnly: readOnlyOf(raw.readOnly),
    errorCode: text(raw.errorCode),
    username: lookupUsername(identity),
    userIdentityArn: text(identity?.arn),
    userAgent: text(raw.userAgent),
    accessKeyId: text(identity?.accessKeyId),
    resources: resources.map((r) => ({ resourceType: text(r.type), resourceName: text(r.ARN) })),
  };
}
