import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ingestLogBody, type IngestTarget } from './ingest/index.js';
import { cloudTrailTime, userIdentityRecord, type CallerIdentity } from './sts/identity.js';

/**
 * The emulator writes the calls it answers into its own event history, as CloudTrail records
 * management events: every CloudTrail write (accepted or refused) and every STS AssumeRole, so
 * that LookupEvents shows who changed what. Read-only CloudTrail calls are not recorded: the
 * gateway reads constantly, and recording those reads would move every listing under its pagers.
 *
 * Records are added through `ingestLogBody`, the same path as a log delivered to the emulator, so
 * they are indexed, de-duplicated by eventID and counted by Insights exactly like ingested events.
 * This relies only on `ingestLogBody(target, body, source)` storing the `{"Records":[...]}` body it
 * is given under `target.accountId`.
 */

/** The record format the emulator writes (eventVersion 1.09, as in the bundled sample logs). */
const EVENT_VERSION = '1.09';

/** AWS: CloudTrail operations whose names start so are read-only; every other one changes something. */
const READ_ONLY_OPERATION = /^(Get|List|Describe|Lookup)/;

export function isCloudTrailWrite(operation: string): boolean {
  return !READ_ONLY_OPERATION.test(operation);
}

export interface ApiCall {
  eventSource: 'cloudtrail.amazonaws.com' | 'sts.amazonaws.com';
  eventName: string;
  region: string;
  identity: CallerIdentity;
  readOnly: boolean;
  /** The request members, as the request named them (`TrailName`); written with CloudTrail's lower-camel keys. */
  requestParameters: Record<string, unknown>;
  /** The response (absent for a failed call); an empty response is written as null, as CloudTrail does. */
  responseElements?: Record<string, unknown>;
  requestId: string;
  request: IncomingMessage;
  error?: { code: string; message: string };
  resources?: Record<string, unknown>[];
  /** The record's userIdentity when not the caller's own (the other account of a cross-account call). */
  userIdentity?: Record<string, unknown>;
  /** Shared by the records of one call delivered to several accounts. */
  sharedEventID?: string;
}

/**
 * CloudTrail writes requestParameters and responseElements with the first letter of each member
 * in lower case (`TrailName` -> `trailName`, `S3BucketName` -> `s3BucketName`, `TrailARN` ->
 * `trailARN`), and times as text.
 */
export function toRecordMembers(value: unknown): unknown {
  if (value instanceof Date) return cloudTrailTime(value);
  if (Array.isArray(value)) return value.map(toRecordMembers);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      out[key.charAt(0).toLowerCase() + key.slice(1)] = toRecordMembers(member);
    }
    return out;
  }
  return value;
}

function membersOrNull(value: Record<string, unknown> | undefined): unknown {
  if (value === undefined || Object.keys(value).length === 0) return null;
  return toRecordMembers(value);
}

/** The caller's address as CloudTrail shows it: IPv4 without Node's `::ffff:` IPv6 mapping. */
function sourceIpAddress(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

export function recordApiCall(target: IngestTarget, call: ApiCall): void {
  const record: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: call.userIdentity ?? userIdentityRecord(call.identity),
    eventTime: cloudTrailTime(target.clock.now()),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: sourceIpAddress(call.request),
    userAgent: String(call.request.headers['user-agent'] ?? ''),
    ...(call.error ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
    requestParameters: membersOrNull(call.requestParameters),
    responseElements: call.error ? null : membersOrNull(call.responseElements),
    requestID: call.requestId,
    eventID: randomUUID(),
    readOnly: call.readOnly,
    ...(call.resources ? { resources: call.resources } : {}),
    eventType: 'AwsApiCall',
    ...(call.sharedEventID ? { sharedEventID: call.sharedEventID } : {}),
    managementEvent: true,
    recipientAccountId: target.accountId,
    eventCategory: 'Management',
  };
  const report = ingestLogBody(target, JSON.stringify({ Records: [record] }), `${call.eventName} call`);
  // An emulator at its --max-events holds no more events; the call itself was still answered.
  if (report.limit) return;
  if (report.added !== 1) {
    throw new Error(`Recording ${call.eventName} failed: ${report.problems.map((p) => p.message).join('; ')}`);
  }
}
