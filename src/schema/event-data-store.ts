import {
  BillingMode,
  EventDataStoreNotFoundException,
  EventDataStoreStatus,
  ListEventDataStoresCommand,
  type EventDataStore,
  type GetEventDataStoreResponse,
} from '@aws-sdk/client-cloudtrail';
import { localException } from '../aws/exceptions.js';
import { regionOfArn } from '../aws/arn-region.js';
import { checkEventDataStoreArn } from '../rules/arn.js';
import { AdvancedEventSelectorRef } from './advanced-event-selector.js';
import { builder } from './builder.js';
import { contextFor, fromAccount } from './account-context.js';
import { OrganizationScopeInputRef, shardsOf } from './organization-scope.js';
import { failedShardsField, resolveShardedConnection } from './shard-connection.js';
import { resolveNextTokenConnection, SHORT_PAGES_NOTE } from './connections.js';
import { badUserInput, surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { awsErrorTypes, nullWhenRefused } from './errors.js';
import { TagRef } from './tags.js';
import { requestedRegion } from './region-argument.js';
import { brandedAsNode } from './global-ids.js';

/**
 * An event data store as the schema holds it: its ARN and name (all ListEventDataStores returns),
 * and GetEventDataStore's answer once fetched. Fields beyond the ARN and name fetch the details
 * through the request's loader, so listing names costs no GetEventDataStore call. Those fields
 * (but `name`, see there) are nullable: one failed GetEventDataStore nulls the field that needed it,
 * not its parents up to the whole response.
 *
 * Other modules add fields with `builder.objectFields(EventDataStoreRef, ...)`; the store's region
 * is `regionOfArn(store.arn)`.
 */
export interface EventDataStoreModel {
  arn: string;
  name?: string;
  details?: GetEventDataStoreResponse;
}

export const EventDataStoreRef = builder.objectRef<EventDataStoreModel>('EventDataStore');

export function eventDataStoreModel(details: GetEventDataStoreResponse): EventDataStoreModel {
  return { arn: details.EventDataStoreArn ?? '', name: details.Name, details };
}

/** GetEventDataStore's answer for the store, fetched at most once per request. */
export async function eventDataStoreDetails(
  store: EventDataStoreModel,
  ctx: GatewayContext,
): Promise<GetEventDataStoreResponse> {
  return store.details ?? surfacingAwsFailures(() => contextFor(store, ctx).loaders.eventDataStore.load(store.arn));
}

export const EventDataStoreStatusEnum = builder.enumType(EventDataStoreStatus, {
  name: 'EventDataStoreStatus',
  description:
    'The lifecycle state of an event data store: CREATED then ENABLED while it ingests; STARTING_INGESTION/STOPPING_INGESTION/STOPPED_INGESTION around StartEventDataStoreIngestion and StopEventDataStoreIngestion; PENDING_DELETION during the 7-day wait after DeleteEventDataStore.',
});

export const BillingModeEnum = builder.enumType(BillingMode, {
  name: 'BillingMode',
  description:
    'How an event data store is billed: EXTENDABLE_RETENTION_PRICING (retention up to 3653 days, extendable) or FIXED_RETENTION_PRICING (retention up to 2557 days, for a fixed ingestion price).',
});

async function loadEventDataStores(arns: readonly string[], ctx: GatewayContext): Promise<(EventDataStoreModel | null)[]> {
  return Promise.all(
    arns.map(async (arn) => {
      if (checkEventDataStoreArn(arn)) return null;
      try {
        return eventDataStoreModel(await ctx.loaders.eventDataStore.load(arn));
      } catch (error) {
        if (error instanceof EventDataStoreNotFoundException) return null;
        throw error;
      }
    }),
  );
}

builder.node(EventDataStoreRef, {
  authScopes: { 'cloudtrail:read': true },
  description:
    'A CloudTrail Lake event data store: an immutable store of events that can be queried with SQL, and the home of Insights events for Lake.',
  id: { resolve: (store) => store.arn },
  loadMany: async (arns, ctx) => (await loadEventDataStores(arns, ctx)).map((store) => brandedAsNode(EventDataStoreRef.name, store)),
  fields: (t) => ({
    arn: t.string({
      description:
        'The event data store ARN, e.g. `arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`.',
      resolve: (store) => store.arn,
    }),
    // Non-null like Trail.name, so `... on Trail { name } ... on EventDataStore { name }` stays valid
    // (GraphQL refuses same-named fields of different nullability). Listed and fetched stores carry
    // their name; only a store known by ARN alone (insightsDestination) calls AWS for it, and a failure
    // there nulls that nullable field.
    name: t.string({
      description: 'The event data store name.',
      resolve: async (store, _args, ctx) => store.name ?? (await eventDataStoreDetails(store, ctx)).Name ?? '',
    }),
    region: t.string({
      description: 'The region the event data store was created in (from its ARN).',
      resolve: (store) => regionOfArn(store.arn) ?? '',
    }),
    accountId: t.string({
      description: 'The account that owns the store, from its ARN.',
      resolve: (store) => store.arn.split(':')[4] ?? '',
    }),
    status: t.field({
      nullable: true,
      type: EventDataStoreStatusEnum,
      description: 'The lifecycle state of the store.',
      resolve: async (store, _args, ctx) =>
        (await eventDataStoreDetails(store, ctx)).Status ?? EventDataStoreStatus.CREATED,
    }),
    multiRegionEnabled: t.boolean({
      nullable: true,
      description: 'Whether the store collects events of all regions, or only of the region it was created in.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).MultiRegionEnabled ?? false,
    }),
    organizationEnabled: t.boolean({
      nullable: true,
      description: 'Whether the store collects events of every account of the AWS Organization.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).OrganizationEnabled ?? false,
    }),
    retentionPeriod: t.field({
      type: 'PositiveInt',
      nullable: true,
      description: 'How many days events are kept.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).RetentionPeriod ?? null,
    }),
    terminationProtectionEnabled: t.boolean({
      nullable: true,
      description: 'Whether DeleteEventDataStore is refused until termination protection is turned off.',
      resolve: async (store, _args, ctx) =>
        (await eventDataStoreDetails(store, ctx)).TerminationProtectionEnabled ?? false,
    }),
    createdTimestamp: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the store was created.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).CreatedTimestamp ?? null,
    }),
    updatedTimestamp: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the store was last updated; never earlier than `createdTimestamp`.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).UpdatedTimestamp ?? null,
    }),
    billingMode: t.field({
      type: BillingModeEnum,
      nullable: true,
      description: 'How the store is billed.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).BillingMode ?? null,
    }),
    kmsKeyId: t.string({
      nullable: true,
      description: 'The KMS key (full ARN) encrypting the events. Null when CloudTrail\'s own key is used.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).KmsKeyId ?? null,
    }),
    advancedEventSelectors: t.field({
      nullable: true,
      type: [AdvancedEventSelectorRef],
      description: 'The selectors choosing which events the store collects.',
      resolve: async (store, _args, ctx) => (await eventDataStoreDetails(store, ctx)).AdvancedEventSelectors ?? [],
    }),
    tags: t.field({
      nullable: true,
      type: [TagRef],
      description: 'The tags on the store. Tags of up to 20 resources are fetched in one ListTags call. Null (with an error) when CloudTrail does not answer.',
      resolve: (store, _args, ctx) => surfacingAwsFailures(() => contextFor(store, ctx).loaders.tags.load(store.arn)),
    }),
  }),
});

builder.queryFields((t) => ({
  eventDataStores: t.connection(
    {
      authScopes: { 'cloudtrail:read': true },
      type: EventDataStoreRef,
      nullable: true,
      description: `The event data stores of a region (ListEventDataStores). Asking only for \`arn\`, \`name\` or \`id\` costs no GetEventDataStore call. Pages forward with \`first\` and \`after\`. ${SHORT_PAGES_NOTE} Null (with an error) when the arguments are refused or CloudTrail does not answer; the other fields of the query are still answered.`,
      args: {
        region: t.arg.string({
          description: 'The region to list event data stores in. Defaults to the gateway\'s default region.',
        }),
        scope: t.arg({
          type: OrganizationScopeInputRef,
          description:
            "Member accounts and Regions to list instead of the gateway's own Region (not with `region`): one ListEventDataStores call per account-Region page, all in parallel, listed account by account in scope order. Account-Regions that fail are in `failedShards`.",
        }),
      },
      edgesNullable: { list: false, items: false },
      resolve: async (_root, args, ctx) => {
        if (args.scope != null) {
          if (args.region != null) throw badUserInput('`region` and `scope` cannot be combined: name the Regions in `scope.regions`.');
          return resolveShardedConnection<EventDataStore, EventDataStoreModel>({
            args,
            connection: 'eventDataStores',
            boundTo: {},
            shards: await shardsOf(args.scope, ctx),
            ctx,
            fetchPage: async (shard, reads, nextToken) => {
              const out = await reads.cloudTrail.send(new ListEventDataStoresCommand({ NextToken: nextToken }), shard.region);
              return { items: out.EventDataStores ?? [], nextToken: out.NextToken };
            },
            // Account by account, Region by Region, each in CloudTrail's order.
            compare: () => 0,
            toNodes: async (stores) =>
              stores.map(({ item, shard }) => fromAccount({ arn: item.EventDataStoreArn ?? '', name: item.Name }, shard.accountId)),
          });
        }
        const region = await requestedRegion(args.region, ctx);
        return resolveNextTokenConnection<EventDataStore, EventDataStoreModel>({
          args,
          connection: 'eventDataStores',
          boundTo: { region },
          fetchPage: async (nextToken) => {
            const out = await ctx.cloudTrail.send(new ListEventDataStoresCommand({ NextToken: nextToken }), region);
            return { items: out.EventDataStores ?? [], nextToken: out.NextToken };
          },
          toNodes: (stores) => stores.map((store) => ({ arn: store.EventDataStoreArn ?? '', name: store.Name })),
        });
      },
    },
    {
      name: 'EventDataStoreConnection',
      description: 'A page of event data stores. Follow `pageInfo.endCursor` with `after` for the next page.',
      fields: (t) => ({ failedShards: failedShardsField(t) }),
    },
    { name: 'EventDataStoreEdge', description: 'An event data store and the cursor that resumes the list after it.' },
  ),
  eventDataStore: t.field({
    type: EventDataStoreRef,
    authScopes: { 'cloudtrail:read': true },
    nullable: true,
    description: `One event data store by ARN (GetEventDataStore). An unknown store is an \`EventDataStoreNotFoundException\` result. ${nullWhenRefused()}`,
    args: {
      arn: t.arg.string({ required: true, description: 'The event data store ARN.' }),
    },
    errors: {
      types: awsErrorTypes('GetEventDataStore'),
      directResult: true,
      union: {
        name: 'EventDataStoreResult',
        description:
          'The event data store, or the CloudTrail error that says why it could not be read (`... on AwsError { code message }`).',
      },
    },
    resolve: async (_root, args, ctx) => {
      const violation = checkEventDataStoreArn(args.arn);
      if (violation) throw localException(violation.type, violation.message);
      return eventDataStoreModel(await ctx.loaders.eventDataStore.load(args.arn));
    },
  }),
}));
