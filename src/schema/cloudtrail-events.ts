import type { Event, Resource } from '@aws-sdk/client-cloudtrail';
import { eventJson, stringAt } from '../aws/event-records.js';
import { builder } from './builder.js';

/**
 * A CloudTrail event as LookupEvents returns it, backed by the SDK's `Event`. Fields CloudTrail
 * lifts into `Event` are read from there; the rest (error code, user agent, source IP) from the
 * full record in `Event.CloudTrailEvent`, which `raw` returns whole.
 */
export const CloudTrailEventRef = builder.objectRef<Event>('CloudTrailEvent');

const ResourceRef = builder.objectRef<Resource>('CloudTrailEventResource').implement({
  description: 'A resource an event refers to.',
  fields: (t) => ({
    type: t.string({
      nullable: true,
      description: 'The resource type, e.g. `AWS::EC2::Instance` or `AWS::IAM::AccessKey`; null when CloudTrail cannot tell.',
      resolve: (r) => r.ResourceType ?? null,
    }),
    name: t.string({
      nullable: true,
      description: 'The resource name or ARN, e.g. `i-1234567` or an S3 bucket ARN.',
      resolve: (r) => r.ResourceName ?? null,
    }),
  }),
});

function readOnlyOf(event: Event): boolean | null {
  const value = event.ReadOnly ?? String(eventJson(event).readOnly ?? '');
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

CloudTrailEventRef.implement({
  authScopes: { 'insights:read': true },
  description:
    'One API call (or other activity) CloudTrail recorded: who did what, to which resources, from where, and whether it failed.',
  fields: (t) => ({
    eventId: t.string({
      description: "CloudTrail's ID of the event, unique per event (a duplicate delivery has the same ID).",
      resolve: (e) => e.EventId ?? stringAt(eventJson(e), 'eventID') ?? '',
    }),
    eventName: t.string({
      description: 'The API called, e.g. `RunInstances`.',
      resolve: (e) => e.EventName ?? stringAt(eventJson(e), 'eventName') ?? '',
    }),
    eventSource: t.string({
      description: 'The service called, e.g. `ec2.amazonaws.com`.',
      resolve: (e) => e.EventSource ?? stringAt(eventJson(e), 'eventSource') ?? '',
    }),
    eventTime: t.field({
      type: 'DateTime',
      description: 'When the call was made (UTC, to the second).',
      resolve: (e) => e.EventTime ?? new Date(stringAt(eventJson(e), 'eventTime') ?? 0),
    }),
    username: t.string({
      nullable: true,
      description: 'The user or role session name of the caller, as CloudTrail reports it.',
      resolve: (e) => e.Username ?? null,
    }),
    readOnly: t.boolean({
      nullable: true,
      description: 'True for a read (Describe*, Get*, List*), false for a write; null when CloudTrail does not say.',
      resolve: readOnlyOf,
    }),
    accessKeyId: t.string({
      nullable: true,
      description: 'The access key that signed the request (temporary credentials show their own key).',
      resolve: (e) => e.AccessKeyId ?? null,
    }),
    resources: t.field({
      type: [ResourceRef],
      description: 'The resources the event refers to, when CloudTrail could tell.',
      resolve: (e) => e.Resources ?? [],
    }),
    errorCode: t.string({
      nullable: true,
      description: 'The error the call failed with (e.g. `AccessDenied`, `Client.UnauthorizedOperation`); null for a call that succeeded.',
      resolve: (e) => stringAt(eventJson(e), 'errorCode') ?? null,
    }),
    errorMessage: t.string({
      nullable: true,
      description: 'The message of that error; null for a call that succeeded.',
      resolve: (e) => stringAt(eventJson(e), 'errorMessage') ?? null,
    }),
    userAgent: t.string({
      nullable: true,
      description: 'The client that made the call: an SDK or CLI version string, or an AWS service name.',
      resolve: (e) => stringAt(eventJson(e), 'userAgent') ?? null,
    }),
    sourceIPAddress: t.string({
      nullable: true,
      description: 'The IP address the call came from, or the AWS service that called on the user\'s behalf.',
      resolve: (e) => stringAt(eventJson(e), 'sourceIPAddress') ?? null,
    }),
    userIdentityArn: t.string({
      nullable: true,
      description: 'The ARN of the principal that made the call (`userIdentity.arn`).',
      resolve: (e) => {
        const identity = eventJson(e).userIdentity;
        return typeof identity === 'object' && identity !== null ? (stringAt(identity as Record<string, unknown>, 'arn') ?? null) : null;
      },
    }),
    raw: t.field({
      type: 'JSONObject',
      description: 'The whole CloudTrail record as delivered (the `CloudTrailEvent` JSON), for fields this type does not lift.',
      resolve: (e) => eventJson(e),
    }),
  }),
});
