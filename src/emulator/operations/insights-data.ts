import { CloudTrailError } from '../errors.js';
import { trailInsightsEvents } from '../insights/index.js';
import { page } from '../paging.js';
import { checkInsightsDataQuery, LOOKUP_DEFAULT_MAX_RESULTS } from '../../rules/lookup-events.js';
import { reject } from './input.js';
import { inLookupWindow, lookupTimestamp, newestFirst, toEvent } from './lookup-events.js';
import type { OperationContext, OperationInput, OperationTable } from './types.js';

/**
 * ListInsightsData: the Insights events a trail (InsightSource, its ARN) generated on the data events
 * it logs in the caller's Region within the last 90 days (AWS: "Returns Insights events generated on
 * a trail that logs data events"; its management-event Insights are LookupEvents'), newest first,
 * filtered by at most one dimension (EventId, EventName or EventSource). Its only documented client
 * error is InvalidParameterException, so an unknown trail is reported with it.
 */
export function listInsightsData(input: OperationInput, ctx: OperationContext) {
  const start = lookupTimestamp(input, 'StartTime', 'InvalidParameterException');
  const end = lookupTimestamp(input, 'EndTime', 'InvalidParameterException');
  reject(checkInsightsDataQuery({ ...input, StartTime: start, EndTime: end }));
  const source = input.InsightSource as string;
  const trail = ctx.store.trails.get(source);
  if (!trail) {
    throw new CloudTrailError('InvalidParameterException', `InsightSource ${source} is not the ARN of a trail in account ${ctx.accountId}.`);
  }
  const maxResults = (input.MaxResults ?? LOOKUP_DEFAULT_MAX_RESULTS) as number;
  const [dimension] = Object.entries((input.Dimensions ?? {}) as Record<string, string>);

  const now = ctx.clock.now();
  const matching = trailInsightsEvents(ctx.store, trail, ctx.region, now)
    .filter(inLookupWindow(now, start, end))
    .filter((e) => {
      if (!dimension) return true;
      const [key, value] = dimension;
      return key === 'EventId' ? e.eventID === value : key === 'EventName' ? e.eventName === value : e.eventSource === value;
    })
    .sort(newestFirst);

  const { NextToken: token, ...params } = input;
  const result = page('ListInsightsData', params, matching, token as string | undefined, maxResults, 'InvalidParameterException');
  return { Events: result.items.map(toEvent), NextToken: result.nextToken };
}

export const insightsDataOperations: OperationTable = {
  ListInsightsData: listInsightsData,
};
