import { GetEventDataStoreCommand } from '@aws-sdk/client-cloudtrail';
import type { GraphQLResolveInfo } from 'graphql';
import { looksLikeArn } from '../rules/arn.js';
import type { GatewayContext } from './context.js';
import { fieldsSelectedAt } from './selection.js';

/**
 * putEventDataStoreInsightSelectors' payload names up to three event data stores (the source, the
 * destination it now sends Insights events to, the destination it sent them to before), whose
 * details (name, status...) come from GetEventDataStore. PutInsightSelectors changes none of
 * GetEventDataStore's fields (its answer holds no Insights configuration), so these reads run with
 * the read of the selectors in force and with the put rather than after it: one round trip less,
 * the same calls. `updatedTimestamp` is the exception kept safe: AWS does not document whether
 * PutInsightSelectors moves it, so a store whose payload selects it is read after the put.
 */

/** Fields of EventDataStore answered without GetEventDataStore: from the ARN, or from other calls. */
const FIELDS_WITHOUT_DETAILS = new Set(['__typename', 'id', 'arn', 'region', 'insightSelectors', 'insightsDestination', 'tags']);

/** Whether the payload's store at `path` needs GetEventDataStore, and may have it read before the put. */
function detailsReadableBeforePut(ctx: GatewayContext, info: GraphQLResolveInfo, path: readonly string[]): boolean {
  // A caller without cloudtrail:read is refused the payload's stores: nothing to read.
  if (!ctx.caller.scopes.has('cloudtrail:read')) return false;
  const fields = fieldsSelectedAt(info, path);
  if (fields.has('updatedTimestamp')) return false;
  return [...fields].some((field) => !FIELDS_WITHOUT_DETAILS.has(field));
}

/**
 * Starts GetEventDataStore for `ref` (an ARN, or the ID at the end of one, in `region`) through the
 * request's loader, so the payload's field reads its answer. A store given by ID is cached under the
 * ARN it answers with. Failures are left to the field, which reads the store again.
 */
function readDetails(ctx: GatewayContext, ref: string, region: string): void {
  if (looksLikeArn(ref)) {
    ctx.loaders.eventDataStore.load(ref).catch(() => undefined);
    return;
  }
  ctx.cloudTrail
    .send(new GetEventDataStoreCommand({ EventDataStore: ref }), region)
    .then((details) => {
      if (details.EventDataStoreArn) ctx.loaders.eventDataStore.prime(details.EventDataStoreArn, details);
    })
    .catch(() => undefined);
}

export interface EventDataStoresBeforePut {
  /** The source store was read before the put: the payload's `eventDataStore` keeps that read. */
  sourceRead: boolean;
  /** Once the selectors in force are known: reads the destination they named, with the put. */
  previousDestinationKnown(destinationArn: string | undefined): void;
}

/** Starts the reads of the source and the new destination the payload selects; call before reading the selectors in force. */
export function readEventDataStoresBeforePut(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  request: { source: string; destination: string | undefined; region: string },
): EventDataStoresBeforePut {
  const sourceRead = detailsReadableBeforePut(ctx, info, ['eventDataStore']);
  if (sourceRead) readDetails(ctx, request.source, request.region);
  if (request.destination && detailsReadableBeforePut(ctx, info, ['eventDataStore', 'insightsDestination'])) {
    readDetails(ctx, request.destination, request.region);
  }
  return {
    sourceRead,
    previousDestinationKnown: (destinationArn) => {
      if (destinationArn && detailsReadableBeforePut(ctx, info, ['previousInsightsDestination'])) {
        readDetails(ctx, destinationArn, request.region);
      }
    },
  };
}
