import { ReadWriteType, type DataResource, type EventSelector } from '@aws-sdk/client-cloudtrail';
import type { TrailEventSelectorsState } from '../loaders/selectors.js';
import { AdvancedEventSelectorRef } from './advanced-event-selector.js';
import { builder } from './builder.js';
import { contextFor } from './account-context.js';
import { surfacingAwsFailures } from '../gateway-errors.js';
import { TrailRef, trailArnOf, trailRegionOf } from './trail.js';

/**
 * A trail's event selectors (GetEventSelectors): basic selectors or advanced selectors, never both,
 * as one union so a client handles exactly the kind the trail has.
 */

export const ReadWriteTypeEnum = builder.enumType(ReadWriteType, {
  name: 'ReadWriteType',
  description:
    'Which API calls a basic event selector logs: ReadOnly (e.g. EC2 GetConsoleOutput), WriteOnly (e.g. EC2 RunInstances), or All.',
});

export const DataResourceRef = builder.objectRef<DataResource>('DataResource').implement({
  description: 'Resources whose data events (e.g. S3 object reads, Lambda invocations) a basic event selector logs.',
  fields: (t) => ({
    type: t.string({
      description: 'The resource type: `AWS::S3::Object`, `AWS::Lambda::Function` or `AWS::DynamoDB::Table`.',
      resolve: (resource) => resource.Type ?? '',
    }),
    values: t.stringList({
      description:
        'ARNs or ARN prefixes of that type. `arn:aws:s3` means every bucket; `arn:aws:s3:::amzn-s3-demo-bucket1/` every object of one bucket.',
      resolve: (resource) => resource.Values ?? [],
    }),
  }),
});

export const EventSelectorRef = builder.objectRef<EventSelector>('EventSelector').implement({
  description: 'A basic event selector: which management events and which data events a trail logs.',
  fields: (t) => ({
    readWriteType: t.field({
      type: ReadWriteTypeEnum,
      description: 'Whether read-only, write-only or all events are logged. AWS\'s default is All.',
      resolve: (selector) => selector.ReadWriteType ?? ReadWriteType.All,
    }),
    includeManagementEvents: t.boolean({
      description: 'Whether management events are logged. AWS\'s default is true.',
      resolve: (selector) => selector.IncludeManagementEvents ?? true,
    }),
    dataResources: t.field({
      type: [DataResourceRef],
      description: 'Resources whose data events are logged. Empty when the selector logs no data events.',
      resolve: (selector) => selector.DataResources ?? [],
    }),
    excludeManagementEventSources: t.stringList({
      description:
        'Management event sources that are not logged (`kms.amazonaws.com`, `rdsdata.amazonaws.com`). Empty when all are logged.',
      resolve: (selector) => selector.ExcludeManagementEventSources ?? [],
    }),
  }),
});

type BasicSelectors = Extract<TrailEventSelectorsState, { kind: 'basic' }>;
type AdvancedSelectors = Extract<TrailEventSelectorsState, { kind: 'advanced' }>;

export const BasicEventSelectorsRef = builder.objectRef<BasicSelectors>('BasicEventSelectors').implement({
  description:
    'The trail uses basic event selectors. A trail created without selectors has one: all read and write management events, no data events.',
  isTypeOf: (state) => (state as TrailEventSelectorsState).kind === 'basic',
  fields: (t) => ({
    selectors: t.field({
      type: [EventSelectorRef],
      description: 'The selectors (at most 5). An event is logged when it matches any of them.',
      resolve: (state) => state.selectors,
    }),
  }),
});

export const AdvancedEventSelectorsRef = builder.objectRef<AdvancedSelectors>('AdvancedEventSelectors').implement({
  description: 'The trail uses advanced event selectors.',
  isTypeOf: (state) => (state as TrailEventSelectorsState).kind === 'advanced',
  fields: (t) => ({
    selectors: t.field({
      type: [AdvancedEventSelectorRef],
      description: 'The selectors. An event is logged when it meets every condition of at least one of them.',
      resolve: (state) => state.selectors,
    }),
  }),
});

export const TrailEventSelectorsUnion = builder.unionType('TrailEventSelectors', {
  description:
    'The event selectors of a trail: basic or advanced, never both (putting one kind replaces the other). Use `... on BasicEventSelectors` and `... on AdvancedEventSelectors`.',
  types: [BasicEventSelectorsRef, AdvancedEventSelectorsRef],
  resolveType: (state) => (state.kind === 'basic' ? BasicEventSelectorsRef : AdvancedEventSelectorsRef),
});

builder.objectFields(TrailRef, (t) => ({
  eventSelectors: t.field({
    type: TrailEventSelectorsUnion,
    nullable: true,
    description:
      'Which management, data and network activity events the trail logs (GetEventSelectors, one call per trail and request). Null (with an error) only when CloudTrail does not answer.',
    // A member account's trail is read from that account (src/schema/account-context.ts).
    resolve: (trail, _args, requestCtx, _info, ctx = contextFor(trail, requestCtx)) =>
      surfacingAwsFailures(async () =>
        ctx.loaders.selectors.trailEventSelectors.load({
          id: trailArnOf(trail),
          region: trailRegionOf(trail) ?? (await ctx.cloudTrail.defaultRegion()),
        }),
      ),
  }),
}));
