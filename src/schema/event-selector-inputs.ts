import type { AdvancedEventSelector, DataResource, EventSelector } from '@aws-sdk/client-cloudtrail';
import { builder } from './builder.js';
import { ReadWriteTypeEnum } from './event-selectors.js';

/**
 * Inputs of putEventSelectors, and their translation to the SDK's request shapes. GraphQL nulls
 * become absent members, so CloudTrail applies its documented defaults.
 */

type Nullable<T> = T | null | undefined;

export const DataResourceInput = builder.inputType('DataResourceInput', {
  description: 'Resources whose data events a basic event selector logs.',
  fields: (t) => ({
    type: t.string({
      required: true,
      description: 'The resource type: `AWS::S3::Object`, `AWS::Lambda::Function` or `AWS::DynamoDB::Table`. Other types need advanced selectors.',
    }),
    values: t.stringList({
      required: true,
      description:
        'ARNs or ARN prefixes of that type, e.g. `arn:aws:s3:::amzn-s3-demo-bucket1/` (every object of one bucket) or `arn:aws:s3` (all buckets). At most 250 across all selectors of a trail.',
    }),
  }),
});

export const EventSelectorInput = builder.inputType('EventSelectorInput', {
  description: 'A basic event selector: which management events and which data events a trail logs.',
  fields: (t) => ({
    readWriteType: t.field({
      type: ReadWriteTypeEnum,
      description: 'Log read-only events, write-only events, or All (the default).',
    }),
    includeManagementEvents: t.boolean({
      description: 'Whether the selector logs management events. Defaults to true.',
    }),
    dataResources: t.field({
      type: [DataResourceInput],
      description: 'Resources whose data events the selector logs. Omit for none.',
    }),
    excludeManagementEventSources: t.stringList({
      description:
        'Management event sources not to log: `kms.amazonaws.com` and/or `rdsdata.amazonaws.com` (the only ones AWS allows). Omit to log all.',
    }),
  }),
});

export const AdvancedFieldSelectorInput = builder.inputType('AdvancedFieldSelectorInput', {
  description:
    'One condition of an advanced event selector: an event record field and the values it must (or must not) match. Set at least one operator.',
  fields: (t) => ({
    field: t.string({
      required: true,
      description: 'The event record field, such as `eventCategory`, `resources.type`, `readOnly`, `eventName` or `resources.ARN`.',
    }),
    equals: t.stringList({ description: 'Include events whose field equals one of these values.' }),
    startsWith: t.stringList({ description: 'Include events whose field starts with one of these values.' }),
    endsWith: t.stringList({ description: 'Include events whose field ends with one of these values.' }),
    notEquals: t.stringList({ description: 'Exclude events whose field equals one of these values.' }),
    notStartsWith: t.stringList({ description: 'Exclude events whose field starts with one of these values.' }),
    notEndsWith: t.stringList({ description: 'Exclude events whose field ends with one of these values.' }),
  }),
});

export const AdvancedEventSelectorInput = builder.inputType('AdvancedEventSelectorInput', {
  description:
    'An advanced event selector: an event is logged when it meets every condition of at least one selector. Each selector needs an `eventCategory` condition with `equals`.',
  fields: (t) => ({
    name: t.string({ description: 'An optional label, such as "Log writes to the audit bucket".' }),
    fieldSelectors: t.field({
      type: [AdvancedFieldSelectorInput],
      required: true,
      description: 'The conditions; at most 500 values across all conditions of a trail.',
    }),
  }),
});

interface DataResourceArgument {
  type: string;
  values: string[];
}

interface EventSelectorArgument {
  readWriteType?: Nullable<EventSelector['ReadWriteType']>;
  includeManagementEvents?: Nullable<boolean>;
  dataResources?: Nullable<DataResourceArgument[]>;
  excludeManagementEventSources?: Nullable<string[]>;
}

interface AdvancedFieldSelectorArgument {
  field: string;
  equals?: Nullable<string[]>;
  startsWith?: Nullable<string[]>;
  endsWith?: Nullable<string[]>;
  notEquals?: Nullable<string[]>;
  notStartsWith?: Nullable<string[]>;
  notEndsWith?: Nullable<string[]>;
}

interface AdvancedEventSelectorArgument {
  name?: Nullable<string>;
  fieldSelectors: AdvancedFieldSelectorArgument[];
}

/** Copies the members that are set, so that null arguments leave CloudTrail's defaults in place. */
function present<T extends object>(members: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(members).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

function toSdkDataResource(resource: DataResourceArgument): DataResource {
  return { Type: resource.type, Values: resource.values };
}

export function toSdkEventSelectors(selectors: readonly EventSelectorArgument[]): EventSelector[] {
  return selectors.map((s) =>
    present({
      ReadWriteType: s.readWriteType,
      IncludeManagementEvents: s.includeManagementEvents,
      DataResources: s.dataResources?.map(toSdkDataResource),
      ExcludeManagementEventSources: s.excludeManagementEventSources,
    }),
  );
}

export function toSdkAdvancedEventSelectors(selectors: readonly AdvancedEventSelectorArgument[]): AdvancedEventSelector[] {
  return selectors.map((s) => ({
    ...present({ Name: s.name }),
    FieldSelectors: s.fieldSelectors.map((f) =>
      present({
        Field: f.field,
        Equals: f.equals,
        StartsWith: f.startsWith,
        EndsWith: f.endsWith,
        NotEquals: f.notEquals,
        NotStartsWith: f.notStartsWith,
        NotEndsWith: f.notEndsWith,
      }),
    ),
  }));
}
