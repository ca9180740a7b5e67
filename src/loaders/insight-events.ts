import DataLoader from 'dataloader';
import type {
  Event,
  ListInsightsDataRequest,
  ListInsightsDataResponse,
  LookupAttribute,
  LookupEventsRequest,
  LookupEventsResponse,
} from '@aws-sdk/client-cloudtrail';
import { LOOKUP_MAX_RESULTS_MAX } from '../rules/lookup-events.js';
import { insightEventRecordOf, type InsightEventRecord } from '../aws/event-records.js';
import type { PageLoader } from './cached-pages.js';

/**
 * Insights events, read from one of the two CloudTrail operations that return them:
 * - LookupEvents with EventCategory `insight`: the Insights events on management events of the
 *   account and Region (AWS: "LookupEvents returns recent Insights events for trails that enable
 *   Insights").
 * - ListInsightsData with a trail ARN as InsightSource: the Insights events of a trail that logs
 *   data events (AWS: "Returns Insights events generated on a trail that logs data events").
 *
 * Both filter by at most one of EventName and EventSource and page 50 events at a time, newest first.
 */

export type InsightsSource = { kind: 'account' } | { kind: 'trail'; trailArn: string };

export interface InsightEventsQuery {
  region: string;
  source: InsightsSource;
  startTime?: Date;
  endTime?: Date;
  /** Sent to AWS as the one lookup attribute (or dimension) when given: the narrower filter. */
  eventName?: string;
  eventSource?: string;
}

/** The page loaders Insights events are read through. */
export interface EventPageLoaders {
  /** One LookupEvents page (management events, or Insights events with EventCategory `insight`). */
  lookupEventsPage: PageLoader<LookupEventsRequest, LookupEventsResponse>;
  /** One ListInsightsData page (Insights events of a trail that logs data events). */
  insightsDataPage: PageLoader<ListInsightsDataRequest, ListInsightsDataResponse>;
}

export interface EventsPage {
  events: Event[];
  nextToken?: string;
}

/**
 * The one filter AWS accepts ("Currently the list can contain only one item"): the event name when
 * given (it narrows most), else the event source. The other is applied to the page by the caller.
 */
function lookupAttributeFor(query: InsightEventsQuery): LookupAttribute | undefined {
  if (query.eventName) return { AttributeKey: 'EventName', AttributeValue: query.eventName };
  if (query.eventSource) return { AttributeKey: 'EventSource', AttributeValue: query.eventSource };
  return undefined;
}

export function insightEventsRequest(query: InsightEventsQuery): LookupEventsRequest | ListInsightsDataRequest {
  const attribute = lookupAttributeFor(query);
  if (query.source.kind === 'trail') {
    return {
      InsightSource: query.source.trailArn,
      DataType: 'InsightsEvents',
      Dimensions: attribute ? { [attribute.AttributeKey as string]: attribute.AttributeValue } : undefined,
      StartTime: query.startTime,
      EndTime: query.endTime,
      MaxResults: LOOKUP_MAX_RESULTS_MAX,
    };
  }
  return {
    EventCategory: 'insight',
    LookupAttributes: attribute ? [attribute] : undefined,
    StartTime: query.startTime,
    EndTime: query.endTime,
    MaxResults: LOOKUP_MAX_RESULTS_MAX,
  };
}

/** One page of Insights events; the largest page AWS allows (50), since each call is rate-limited. */
export async function fetchInsightEventsPage(
  loaders: EventPageLoaders,
  query: InsightEventsQuery,
  nextToken: string | undefined,
): Promise<EventsPage> {
  if (query.source.kind === 'trail') {
    const request = { ...(insightEventsRequest(query) as ListInsightsDataRequest), NextToken: nextToken };
    const page = await loaders.insightsDataPage.load({ region: query.region, request });
    return { events: page.Events ?? [], nextToken: page.NextToken };
  }
  const request = { ...(insightEventsRequest(query) as LookupEventsRequest), NextToken: nextToken };
  const page = await loaders.lookupEventsPage.load({ region: query.region, request });
  return { events: page.Events ?? [], nextToken: page.NextToken };
}

/** An Insight whose End event is wanted: it shares the Start's `sharedEventId` and comes after it. */
export interface InsightEndKey {
  region: string;
  source: InsightsSource;
  sharedEventId: string;
  startTime: Date;
}

function sourceKey(region: string, source: InsightsSource): string {
  return source.kind === 'trail' ? `${region} trail ${source.trailArn}` : `${region} account`;
}

/** Safety net against a service that keeps answering with a NextToken. */
const MAX_END_SEARCH_PAGES = 100;

/**
 * Finds End events of Insights whose Start is known, when the pages already read did not hold them
 * (a page resumed from a cursor, or a time range that ends before the Insight did). All the
 * Insights asked for in one tick share one walk per Region and source: Insights events newer than
 * the oldest Start, read until every End is found. Resolves to null for an Insight still under way.
 */
export function createInsightEndLoader(loaders: EventPageLoaders): DataLoader<InsightEndKey, InsightEventRecord | null, string> {
  return new DataLoader<InsightEndKey, InsightEventRecord | null, string>(
    async (keys) => {
      const groups = new Map<string, InsightEndKey[]>();
      for (const key of keys) {
        const id = sourceKey(key.region, key.source);
        groups.set(id, [...(groups.get(id) ?? []), key]);
      }
      const found = new Map<string, InsightEventRecord>();
      const failed = new Map<string, Error>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const wanted = new Set(group.map((k) => k.sharedEventId));
          const first = group[0] as InsightEndKey;
          const since = new Date(Math.min(...group.map((k) => k.startTime.getTime())));
          const query: InsightEventsQuery = { region: first.region, source: first.source, startTime: since };
          try {
            let token: string | undefined;
            for (let pages = 0; pages < MAX_END_SEARCH_PAGES && wanted.size > 0; pages += 1) {
              const page = await fetchInsightEventsPage(loaders, query, token);
              for (const event of page.events) {
                const record = insightEventRecordOf(event);
                if (record?.state === 'End' && wanted.delete(record.sharedEventId)) found.set(record.sharedEventId, record);
              }
              token = page.nextToken;
              if (token === undefined) break;
            }
          } catch (error) {
            for (const key of group) failed.set(key.sharedEventId, error as Error);
          }
        }),
      );
      return keys.map((key) => failed.get(key.sharedEventId) ?? found.get(key.sharedEventId) ?? null);
    },
    { cacheKeyFn: (key) => `${sourceKey(key.region, key.source)} ${key.sharedEventId}` },
  );
}

/**
 * The Start event of one Insight, by the event ID of its Start event: LookupEvents filtered by the
 * `EventId` lookup attribute (Insights on management events), or ListInsightsData by the `EventId`
 * dimension (a trail's data-event Insights). Undefined when CloudTrail no longer holds it (LookupEvents
 * keeps 90 days) or the ID is not a Start event's.
 */
export async function fetchInsightStart(
  loaders: EventPageLoaders,
  region: string,
  source: InsightsSource,
  startEventId: string,
): Promise<InsightEventRecord | undefined> {
  const events =
    source.kind === 'trail'
      ? ((
          await loaders.insightsDataPage.load({
            region,
            request: { InsightSource: source.trailArn, DataType: 'InsightsEvents', Dimensions: { EventId: startEventId }, MaxResults: LOOKUP_MAX_RESULTS_MAX },
          })
        ).Events ?? [])
      : ((
          await loaders.lookupEventsPage.load({
            region,
            request: {
              EventCategory: 'insight',
              LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: startEventId }],
              MaxResults: LOOKUP_MAX_RESULTS_MAX,
            },
          })
        ).Events ?? []);
  return events
    .map(insightEventRecordOf)
    .find((record) => record?.state === 'Start' && record.eventId === startEventId);
}
