import type { Event } from '@aws-sdk/client-cloudtrail';
import { eventJson } from '../aws/event-records.js';
import { isInsightsMetricPeriod } from '../rules/insights-metrics.js';
import { LOOKUP_MAX_RESULTS_MAX } from '../rules/lookup-events.js';
import { builder } from './builder.js';
import { CloudTrailEventRef } from './cloudtrail-events.js';
import { resolveNextTokenConnection, SHORT_PAGES_NOTE } from './connections.js';
import { badUserInput } from '../gateway-errors.js';
import { awsErrorTypes, nullWhenAwsFails, nullWhenRefused } from './errors.js';
import { InsightEventRef, dataEventTrailOf, type InsightModel } from './insight-events.js';
import { ceilTo, floorTo } from './insights-metric-window.js';
import { InsightsMetricDataTypeEnum, InsightsMetricSeriesRef, loadMetricSeries } from './insights-metrics.js';
import { accountContext } from './account-context.js';

/**
 * What surrounded an Insight: `InsightEvent.metricSeries`, the series it was raised on around its
 * window, and `InsightEvent.events`, the management events of its API made meanwhile (LookupEvents).
 */

/** AWS Insights look back 7 days for their baseline: more context than that says nothing about the Insight. */
const MAX_SERIES_CONTEXT_MINUTES = 7 * 24 * 60;
const MAX_EVENTS_CONTEXT_MINUTES = 24 * 60;

/** The window `InsightEvent.events` reads, fixed on its first page and carried in its cursors. */
type EventsWindowState = { startTime: string; endTime: string };

function contextMs(minutes: number, max: number): number {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > max) {
    throw badUserInput(`\`contextMinutes\` must be an integer from 0 to ${max}; got ${minutes}.`);
  }
  return minutes * 60_000;
}

/** Whether a management event is one the Insight counts: writes for call-rate, its error code for error-rate. */
function countedBy(insight: InsightModel, event: Event): boolean {
  if (insight.start.insightType === 'ApiErrorRateInsight') return eventJson(event).errorCode === insight.start.errorCode;
  return event.ReadOnly === 'false' || eventJson(event).readOnly === false;
}

const CloudTrailEventConnection = builder.connectionObject(
  {
    type: CloudTrailEventRef,
    name: 'CloudTrailEventConnection',
    description: `A page of CloudTrail events, newest first. Follow \`pageInfo.endCursor\` with \`after\` for the next page. ${SHORT_PAGES_NOTE}`,
    edgesNullable: { list: false, items: false },
  },
  { name: 'CloudTrailEventEdge', description: 'An event and the cursor that resumes the list after it.' },
);

builder.objectFields(InsightEventRef, (t) => ({
  metricSeries: t.field({
    type: InsightsMetricSeriesRef,
    nullable: true,
    description: `The metric series of this Insight around its window: from \`contextMinutes\` before the start to \`contextMinutes\` after the end (or now), aligned to the period. For a data-event Insight, the series of its trail. ${nullWhenRefused('a bad `contextMinutes`')}`,
    args: {
      period: t.arg.int({ required: true, defaultValue: 60, description: 'Seconds per point: 60, 300 or 3600.' }),
      dataType: t.arg({
        type: InsightsMetricDataTypeEnum,
        required: true,
        defaultValue: 'FillWithZeros',
        description: 'FILL_WITH_ZEROS (default, for charts) or NON_ZERO_DATA.',
      }),
      contextMinutes: t.arg.int({
        required: true, defaultValue: 60,
        description: `Minutes of series shown before and after the Insight (0 to ${MAX_SERIES_CONTEXT_MINUTES}).`,
      }),
    },
    errors: {
      types: awsErrorTypes('ListInsightsMetricData'),
      directResult: true,
      union: {
        name: 'InsightEventMetricSeriesResult',
        description: "The Insight's series, or the CloudTrail error that says why it could not be read (e.g. past retention).",
      },
    },
    resolve: (insight, args, requestCtx) => {
      const ctx = accountContext(insight.accountId, requestCtx);
      const margin = contextMs(args.contextMinutes, MAX_SERIES_CONTEXT_MINUTES);
      const period = args.period;
      const until = insight.end?.eventTime.getTime() ?? ctx.loaders.insights.now().getTime();
      // A period outside 60/300/3600 is refused by planMetricSeries with AWS's error; align with 60 s then.
      const step = isInsightsMetricPeriod(period) ? period : 60;
      return loadMetricSeries(
        {
          eventSource: insight.start.eventSource,
          eventName: insight.start.eventName,
          insightType: insight.start.insightType,
          errorCode: insight.start.errorCode,
          trail: dataEventTrailOf(insight),
        },
        {
          period,
          dataType: args.dataType,
          startTime: new Date(floorTo(insight.start.eventTime.getTime() - margin, step)),
          endTime: new Date(ceilTo(until + margin, step)),
        },
        insight.region,
        ctx,
        // The window of an Insight under way ends "now": cursors are bound to the arguments.
        { insight: insight.start.sharedEventId, region: insight.region, source: insight.source, ...args },
      );
    },
  }),
  events: t.connection(
    {
      type: CloudTrailEventRef,
      nullable: true,
      description: `The management events of this API made during the Insight (LookupEvents by event name over the Insight's window, newest first): what happened here. LookupEvents holds management events only, so a data-event Insight lists none. ${nullWhenAwsFails('a bad `first`, cursor or `contextMinutes`')}`,
      args: {
        contextMinutes: t.arg.int({
          required: true, defaultValue: 0,
          description: `Widen the window by this many minutes on both sides (0 to ${MAX_EVENTS_CONTEXT_MINUTES}).`,
        }),
        onlyCounted: t.arg.boolean({
          required: true, defaultValue: false,
          description: 'Only the events the Insight counted: write calls for ApiCallRateInsight, calls that failed with its error code for ApiErrorRateInsight.',
        }),
      },
      resolve: (insight, args, requestCtx) => {
        const ctx = accountContext(insight.accountId, requestCtx);
        const margin = contextMs(args.contextMinutes, MAX_EVENTS_CONTEXT_MINUTES);
        const request = {
          LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: insight.start.eventName }],
          MaxResults: LOOKUP_MAX_RESULTS_MAX,
        };
        return resolveNextTokenConnection<Event, Event, EventsWindowState>({
          args,
          connection: 'InsightEvent.events',
          boundTo: {
            region: insight.region,
            insight: insight.start.sharedEventId,
            eventName: insight.start.eventName,
            eventSource: insight.start.eventSource,
            contextMinutes: args.contextMinutes,
            onlyCounted: args.onlyCounted,
          },
          // An Insight under way ends "now", which has moved by the next page: the window read on
          // the first page travels in the cursors, so LookupEvents gets the same request again.
          state: () => {
            const until = insight.end?.eventTime.getTime() ?? ctx.loaders.insights.now().getTime();
            return {
              startTime: new Date(insight.start.eventTime.getTime() - margin).toISOString(),
              // LookupEvents' EndTime is inclusive; the Insight's window ends where its last minute does.
              endTime: new Date(until + margin - 1000).toISOString(),
            };
          },
          fetchPage: async (nextToken, window) => {
            const page = await ctx.loaders.insights.lookupEventsPage.load({
              region: insight.region,
              request: { ...request, StartTime: new Date(window.startTime), EndTime: new Date(window.endTime), NextToken: nextToken },
            });
            // AWS filters by one attribute only: the event source is checked here.
            const events = (page.Events ?? []).filter(
              (e) => e.EventSource === insight.start.eventSource && (!args.onlyCounted || countedBy(insight, e)),
            );
            return { items: events, nextToken: page.NextToken };
          },
        });
      },
    },
    CloudTrailEventConnection,
  ),
}));
