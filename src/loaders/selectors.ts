import {
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  InsightNotEnabledException,
  type AdvancedEventSelector,
  type EventSelector,
  type InsightSelector,
} from '@aws-sdk/client-cloudtrail';
import DataLoader from 'dataloader';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';

/**
 * A trail or event data store as CloudTrail's selector operations address it: by name, ARN or ID
 * suffix, in the region the call is sent to.
 */
export interface SelectorTarget {
  /** Trail name or ARN; event data store ARN or ID suffix. */
  id: string;
  region: string;
}

/**
 * The Insights selectors in force on a trail or event data store. Empty `selectors` means Insights
 * is off: AWS answers GetInsightSelectors on such a resource with InsightNotEnabledException,
 * which is a normal state, not a failure.
 */
export interface InsightsState {
  selectors: InsightSelector[];
  /** Event data stores only: ARN of the store that receives the Insights events. */
  destinationArn?: string;
}

export const INSIGHTS_DISABLED: InsightsState = { selectors: [] };

/**
 * The event selectors of a trail. AWS keeps either basic or advanced selectors on a trail, never
 * both (PutEventSelectors overwrites one with the other).
 */
export type TrailEventSelectorsState =
  | { kind: 'basic'; selectors: EventSelector[] }
  | { kind: 'advanced'; selectors: AdvancedEventSelector[] };

export interface SelectorLoaders {
  /** GetInsightSelectors(TrailName), once per trail and request. */
  trailInsightSelectors: DataLoader<SelectorTarget, InsightsState, string>;
  /** GetInsightSelectors(EventDataStore), once per event data store and request. */
  eventDataStoreInsightSelectors: DataLoader<SelectorTarget, InsightsState, string>;
  /** GetEventSelectors(TrailName), once per trail and request. */
  trailEventSelectors: DataLoader<SelectorTarget, TrailEventSelectorsState, string>;
}

/** Cache key of a target: the same name in two regions is two different resources. */
export function selectorTargetKey(target: SelectorTarget): string {
  return `${target.region}\u0000${target.id}`;
}

/**
 * A loader whose batch runs one call per distinct key. CloudTrail has no batch form of these
 * operations; the loader's value is de-duplication within a request, and a failure of one key
 * rejects that key only.
 */
function perKeyLoader<V>(load: (target: SelectorTarget) => Promise<V>): DataLoader<SelectorTarget, V, string> {
  return new DataLoader<SelectorTarget, V, string>(
    (targets) => Promise.all(targets.map((target) => load(target).catch((error: unknown) => toError(error)))),
    { cacheKeyFn: selectorTargetKey },
  );
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Reads Insights selectors, treating InsightNotEnabledException as "Insights is off". */
export async function readInsightSelectors(
  cloudTrail: CloudTrailApi,
  input: { TrailName: string } | { EventDataStore: string },
  region: string,
): Promise<InsightsState> {
  try {
    const output = await cloudTrail.send(new GetInsightSelectorsCommand(input), region);
    return { selectors: output.InsightSelectors ?? [], destinationArn: output.InsightsDestination };
  } catch (error) {
    if (error instanceof InsightNotEnabledException) return INSIGHTS_DISABLED;
    throw error;
  }
}

/** Reads a trail's event selectors; advanced when the trail has any, basic otherwise. */
export async function readEventSelectors(
  cloudTrail: CloudTrailApi,
  trail: string,
  region: string,
): Promise<TrailEventSelectorsState> {
  const output = await cloudTrail.send(new GetEventSelectorsCommand({ TrailName: trail }), region);
  return eventSelectorsState(output);
}

/** The selectors a GetEventSelectors or PutEventSelectors response says are in force. */
export function eventSelectorsState(output: {
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: AdvancedEventSelector[];
}): TrailEventSelectorsState {
  if (output.AdvancedEventSelectors && output.AdvancedEventSelectors.length > 0) {
    return { kind: 'advanced', selectors: output.AdvancedEventSelectors };
  }
  return { kind: 'basic', selectors: output.EventSelectors ?? [] };
}

export function createSelectorLoaders(cloudTrail: CloudTrailApi): SelectorLoaders {
  return {
    trailInsightSelectors: perKeyLoader((t) => readInsightSelectors(cloudTrail, { TrailName: t.id }, t.region)),
    eventDataStoreInsightSelectors: perKeyLoader((t) =>
      readInsightSelectors(cloudTrail, { EventDataStore: t.id }, t.region),
    ),
    trailEventSelectors: perKeyLoader((t) => readEventSelectors(cloudTrail, t.id, t.region)),
  };
}
