import type { GetInsightSelectorsResponse, InsightSelector, PutInsightSelectorsResponse } from '@aws-sdk/client-cloudtrail';
import { CloudTrailError, invalidParameter } from '../errors.js';
import type { EventDataStoreRecord, TrailRecord } from '../store.js';
import { loggedEvents } from '../../rules/event-selectors.js';
import {
  checkGetInsightSelectorsParameters,
  checkInsightPrerequisites,
  checkInsightSelectors,
  checkInsightsDestination,
  checkPutInsightSelectorsParameters,
  withInsightSelectorDefaults,
} from '../../rules/insight-selectors.js';
import { reject } from './input.js';
import { findTrail } from './trails.js';
import { findEventDataStore } from './event-data-store-lookup.js';
import type { OperationContext, OperationInput, OperationTable } from './types.js';

/**
 * PutInsightSelectors and GetInsightSelectors, on a trail (TrailName) or on a source event data
 * store (EventDataStore) that delivers Insights events to a destination store (InsightsDestination).
 * A trail's HasInsightSelectors follows from its stored selectors being non-empty.
 */

/**
 * PutInsightSelectors and GetInsightSelectors document CloudTrailARNInvalidException, not the event
 * data store exceptions, for an event data store argument that does not name a store of the account.
 */
function findStore(ctx: OperationContext, ref: unknown, member: string): EventDataStoreRecord {
  return findEventDataStore(ctx, ref, { member, invalidType: 'CloudTrailARNInvalidException', notFoundType: 'CloudTrailARNInvalidException' });
}

function notEnabled(what: string): CloudTrailError {
  return new CloudTrailError('InsightNotEnabledException', `Insights are not enabled on ${what}.`);
}

function putOnTrail(ctx: OperationContext, trailName: unknown, selectors: InsightSelector[]): PutInsightSelectorsResponse {
  const trail: TrailRecord = findTrail(ctx, trailName, { homeRegionOnly: true });
  reject(checkInsightPrerequisites(selectors, loggedEvents(trail)));
  trail.insightSelectors = withInsightSelectorDefaults(selectors);
  return { TrailARN: trail.arn, InsightSelectors: structuredClone(trail.insightSelectors) };
}

function putOnEventDataStore(
  ctx: OperationContext,
  sourceRef: unknown,
  destinationRef: unknown,
  selectors: InsightSelector[],
): PutInsightSelectorsResponse {
  const source = findStore(ctx, sourceRef, 'EventDataStore');
  // AWS: a store pending deletion accepts no operation but a restore.
  if (source.status === 'PENDING_DELETION') throw invalidParameter(`The event data store ${source.arn} is pending deletion.`);
  const destination = destinationRef === undefined || destinationRef === null ? undefined : findStore(ctx, destinationRef, 'InsightsDestination');
  if (selectors.length === 0) {
    // AWS: an empty list turns Insights off.
    source.insightSelectors = [];
    source.insightsDestination = undefined;
    return { EventDataStoreArn: source.arn, InsightsDestination: destination?.arn, InsightSelectors: [] };
  }
  // AWS (InvalidInsightSelectorsException): the destination must log Insights events (a store
  // pending deletion logs nothing) and the source must log the management events the types analyse.
  const destinationLogs = destination!.status === 'PENDING_DELETION' ? loggedEvents({ advancedEventSelectors: [] }) : loggedEvents(destination!);
  reject(checkInsightsDestination(destinationLogs));
  reject(checkInsightPrerequisites(selectors, loggedEvents(source)));
  source.insightSelectors = withInsightSelectorDefaults(selectors);
  source.insightsDestination = destination!.arn;
  return {
    EventDataStoreArn: source.arn,
    InsightsDestination: destination!.arn,
    InsightSelectors: structuredClone(source.insightSelectors),
  };
}

const putInsightSelectors = (input: OperationInput, ctx: OperationContext): PutInsightSelectorsResponse => {
  reject(checkPutInsightSelectorsParameters(input));
  const target = input.TrailName !== undefined && input.TrailName !== null ? 'trail' : 'eventDataStore';
  reject(checkInsightSelectors(input.InsightSelectors, target));
  const selectors = input.InsightSelectors as InsightSelector[];
  return target === 'trail'
    ? putOnTrail(ctx, input.TrailName, selectors)
    : putOnEventDataStore(ctx, input.EventDataStore, input.InsightsDestination, selectors);
};

const getInsightSelectors = (input: OperationInput, ctx: OperationContext): GetInsightSelectorsResponse => {
  reject(checkGetInsightSelectorsParameters(input));
  if (input.TrailName !== undefined && input.TrailName !== null) {
    // Like GetEventSelectors, any Region that sees the trail answers.
    const trail = findTrail(ctx, input.TrailName);
    if (trail.insightSelectors.length === 0) throw notEnabled(`trail ${trail.arn}`);
    return { TrailARN: trail.arn, InsightSelectors: structuredClone(trail.insightSelectors) };
  }
  const source = findStore(ctx, input.EventDataStore, 'EventDataStore');
  if (source.insightSelectors.length === 0) throw notEnabled(`event data store ${source.arn}`);
  return {
    EventDataStoreArn: source.arn,
    InsightsDestination: source.insightsDestination,
    InsightSelectors: structuredClone(source.insightSelectors),
  };
};

export const insightSelectorOperations: OperationTable = {
  PutInsightSelectors: putInsightSelectors,
  GetInsightSelectors: getInsightSelectors,
};
