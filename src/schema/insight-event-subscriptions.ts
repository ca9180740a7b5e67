import { GraphQLError } from 'graphql';
import { insightEventRecordOf, type InsightEventRecord } from '../aws/event-records.js';
import { LiveSubscriptionRefusal } from '../live/live-insights.js';
import { fromWireEvent, type InsightNotice, type InsightNoticeKind } from '../live/insight-notices.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { InsightEventRef, type InsightModel } from './insight-events.js';
import { InsightTypeEnum } from './insight-type.js';
import { requestedRegion } from './region-argument.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * `Subscription.insightEventStarted` / `insightEventEnded`: Insights on management events as they
 * appear in CloudTrail, over server-sent events. One poller per account and Region reads
 * LookupEvents (src/live/) and every subscriber of that Region hears its notices.
 */

builder.subscriptionType({ description: 'Live CloudTrail Insights, served over server-sent events (GraphQL over SSE).' });

/** A notice with its Insight read from the events it carries. */
interface InsightEventNotification {
  cursor: string;
  insight: InsightModel;
}

const InsightEventNotificationRef = builder.objectRef<InsightEventNotification>('InsightEventNotification').implement({
  description: 'An Insight that started or ended, and its position in the live feed of its Region.',
  fields: (t) => ({
    cursor: t.string({
      description:
        'Position in the live feed of the Region; also sent as the SSE event `id`. Subscribe again with `after: cursor` (or let EventSource send it as `Last-Event-ID`) to resume without gaps or repeats, within the replay window (LIVE_INSIGHTS_REPLAY_MAX_EVENTS notices per Region).',
      resolve: (n) => n.cursor,
    }),
    insight: t.field({
      type: InsightEventRef,
      description: 'The Insight: ACTIVE on `insightEventStarted`, ENDED (with its End event, statistics and attributions) on `insightEventEnded`.',
      resolve: (n) => n.insight,
    }),
  }),
});

const InsightEventSubscriptionFilterInput = builder.inputType('InsightEventSubscriptionFilter', {
  description: 'Which Insights to hear about. Every field narrows; all are optional.',
  fields: (t) => ({
    eventSource: t.string({ description: 'The service, e.g. `ssm.amazonaws.com`.' }),
    eventName: t.string({ description: 'The API, e.g. `PutParameter`.' }),
    insightType: t.field({ type: InsightTypeEnum, description: 'Only Insights of this type.' }),
    errorCode: t.string({ description: 'Only ApiErrorRateInsight Insights about this error code.' }),
  }),
});

interface SubscriptionFilter {
  eventSource?: string | null;
  eventName?: string | null;
  insightType?: string | null;
  errorCode?: string | null;
}

function matches(record: InsightEventRecord, filter: SubscriptionFilter): boolean {
  if (filter.eventSource && record.eventSource !== filter.eventSource) return false;
  if (filter.eventName && record.eventName !== filter.eventName) return false;
  if (filter.insightType && record.insightType !== filter.insightType) return false;
  if (filter.errorCode && record.errorCode !== filter.errorCode) return false;
  return true;
}

function notificationOf(notice: InsightNotice): InsightEventNotification | undefined {
  const start = insightEventRecordOf(fromWireEvent(notice.start));
  const end = notice.end === null ? null : (insightEventRecordOf(fromWireEvent(notice.end)) ?? null);
  if (!start) return undefined;
  return { cursor: notice.cursor, insight: { region: notice.region, source: { kind: 'account' }, start, end } };
}

/**
 * The notices of one kind that pass the filter, as notifications. Not an async generator: one
 * waiting for the next notice cannot be ended until a notice comes, and a client that disconnects
 * must release its subscription at once (yoga calls `return()`).
 */
function notificationsOf(
  notices: AsyncIterableIterator<InsightNotice>,
  kind: InsightNoticeKind,
  filter: SubscriptionFilter,
): AsyncIterableIterator<InsightEventNotification> {
  return {
    async next(): Promise<IteratorResult<InsightEventNotification>> {
      for (;;) {
        const step = await notices.next();
        if (step.done) return { done: true, value: undefined };
        if (step.value.kind !== kind) continue;
        const notification = notificationOf(step.value);
        if (notification && matches(notification.insight.start, filter)) return { done: false, value: notification };
      }
    },
    async return(): Promise<IteratorResult<InsightEventNotification>> {
      await notices.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * The position to resume after: the `after` argument, else the `Last-Event-ID` header EventSource
 * sends when it reconnects (the SSE `id` of the last event it got).
 */
function resumeCursor(after: string | null | undefined, ctx: GatewayContext): string | undefined {
  return after ?? ctx.lastEventId ?? undefined;
}

function subscriptionField(name: string, kind: InsightNoticeKind, description: string) {
  builder.subscriptionField(name, (t) =>
    t.field({
      type: InsightEventNotificationRef,
      authScopes: { 'insights:read': true },
      description,
      args: {
        region: t.arg.string({ description: "The Region to watch. Defaults to the gateway's default region." }),
        filter: t.arg({ type: InsightEventSubscriptionFilterInput, description: 'Which Insights to hear about.' }),
        after: t.arg.string({
          description: 'Resume after this `cursor` (notices kept for resuming come first). Without it (and without a `Last-Event-ID` header), notices from now on.',
        }),
      },
      subscribe: async (_root, args, ctx) => {
        const live = ctx.liveInsights;
        if (!live) throw new GraphQLError('Live Insights are not served by this gateway.', { extensions: { code: GatewayErrorCode.LIVE_INSIGHTS_UNAVAILABLE } });
        const region = await requestedRegion(args.region, ctx);
        try {
          const notices = await live.subscribe({ region, callerId: ctx.caller.id, after: resumeCursor(args.after, ctx) });
          return notificationsOf(notices, kind, args.filter ?? {});
        } catch (error) {
          if (error instanceof LiveSubscriptionRefusal) throw new GraphQLError(error.message, { extensions: { code: error.code } });
          throw error;
        }
      },
      resolve: (notification, _args, ctx) => {
        if (ctx.liveCursor) ctx.liveCursor.current = notification.cursor;
        return notification;
      },
    }),
  );
}

const COMMON = `Insights on management events of the Region (LookupEvents, EventCategory \`insight\`), read by one poller per account and Region however many subscribe; at most one notice per Insights event. Needs the scope insights:read.`;

subscriptionField(
  'insightEventStarted',
  'started',
  `An Insight started: CloudTrail recorded its Start event. ${COMMON}`,
);
subscriptionField(
  'insightEventEnded',
  'ended',
  `An Insight ended: CloudTrail recorded its End event (with the Insight's statistics and attributions). ${COMMON}`,
);
