import type { AttributionValue, InsightAttribution, InsightEventRecord, InsightStatistics } from '../aws/event-records.js';
import { eventJson } from '../aws/event-records.js';
import { fetchInsightStart, type InsightsSource } from '../loaders/insight-events.js';
import { builder } from './builder.js';
import { CloudTrailEventRef } from './cloudtrail-events.js';
import { badUserInput, surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { InsightTypeEnum } from './insight-type.js';
import { requestedRegion } from './region-argument.js';
import { accountContext } from './account-context.js';
import { brandedAsNode } from './global-ids.js';

/** The account CloudTrail delivered the event to, from the record. */
function recipientAccountOf(record: InsightEventRecord): string | undefined {
  const account = (eventJson(record.event) as { recipientAccountId?: unknown } | undefined)?.recipientAccountId;
  return typeof account === 'string' ? account : undefined;
}

/**
 * CloudTrail Insights events, paired: AWS records an Insight as two events sharing a
 * `sharedEventID`, a Start when unusual activity begins and an End when it stops (the CloudTrail
 * User Guide, "CloudTrail Insights events"). The gateway shows one `InsightEvent` per Insight. What
 * surrounded it (its metric series, the calls made meanwhile) is in insight-event-context.ts.
 */

/** One Insight: its Start event, its End event once it has ended, and where it was read from. */
export interface InsightModel {
  /** The member account it was read from (the organization view); absent for the gateway's own account. */
  accountId?: string;
  region: string;
  source: InsightsSource;
  start: InsightEventRecord;
  end: InsightEventRecord | null;
}

/**
 * The trail of an Insight on data events, or undefined for one on management events. ListInsightsData
 * "Returns Insights events generated on a trail that logs data events", so an Insight read from it
 * is a data-event Insight of that trail; an Insight read with LookupEvents is on management events.
 * Only data-event series take a TrailName (ListInsightsMetricData: "This parameter should only be
 * provided to fetch Insights metrics data generated on trails logging data events").
 */
export function dataEventTrailOf(insight: InsightModel): string | undefined {
  return insight.source.kind === 'trail' ? insight.source.trailArn : undefined;
}

export const InsightEventRef = builder.objectRef<InsightModel>('InsightEvent');

const InsightStateEnum = builder.enumType('InsightState', {
  description: 'Whether an Insight is still under way.',
  values: {
    ACTIVE: { value: 'ACTIVE', description: 'Only its Start event exists: the unusual activity has not ended yet.' },
    ENDED: { value: 'ENDED', description: 'Its End event exists: the activity is back to its baseline.' },
  } as const,
});

const AttributionValueRef = builder.objectRef<AttributionValue>('InsightAttributionValue').implement({
  description: 'One value of an attribute (a caller ARN, a user agent, an error code) and how often it occurred.',
  fields: (t) => ({
    value: t.string({
      description: 'The value. AWS writes `null` (the string) for calls without the attribute, such as calls that did not fail.',
      resolve: (v) => v.value,
    }),
    average: t.float({ description: 'Calls with this value per minute, averaged over the Insight or the baseline.', resolve: (v) => v.average }),
  }),
});

const AttributionRef = builder.objectRef<InsightAttribution>('InsightAttribution').implement({
  description: "An attribute's top values during the Insight next to its top values during the baseline: what changed.",
  fields: (t) => ({
    insight: t.field({
      type: [AttributionValueRef],
      description: 'Top values during the Insight, highest average first (AWS lists at most five).',
      resolve: (a) => a.insight,
    }),
    baseline: t.field({
      type: [AttributionValueRef],
      description: 'Top values during the baseline period, highest average first.',
      resolve: (a) => a.baseline,
    }),
  }),
});

const noAttribution: InsightAttribution = { attribute: '', insight: [], baseline: [] };
function attributionOf(attributions: InsightAttribution[], attribute: string): InsightAttribution {
  return attributions.find((a) => a.attribute === attribute) ?? { ...noAttribution, attribute };
}

const AttributionsRef = builder.objectRef<InsightAttribution[]>('InsightAttributions').implement({
  description: 'Who and what drove an Insight, as AWS attributes it when the Insight ends.',
  fields: (t) => ({
    userIdentityArns: t.field({
      type: AttributionRef,
      description: 'The callers (`userIdentity.arn`).',
      resolve: (a) => attributionOf(a, 'userIdentityArn'),
    }),
    userAgents: t.field({ type: AttributionRef, description: 'The clients (`userAgent`).', resolve: (a) => attributionOf(a, 'userAgent') }),
    errorCodes: t.field({ type: AttributionRef, description: 'The error codes (`errorCode`).', resolve: (a) => attributionOf(a, 'errorCode') }),
  }),
});

const StatisticsRef = builder.objectRef<InsightStatistics>('InsightStatistics').implement({
  description: 'How unusual an Insight was: its average against the baseline average, per minute.',
  fields: (t) => ({
    baselineAverage: t.float({
      nullable: true,
      description: 'Calls (or errors) per minute during the baseline period before the Insight.',
      resolve: (s) => s.baselineAverage ?? null,
    }),
    insightAverage: t.float({
      nullable: true,
      description: 'Calls (or errors) per minute during the Insight: over its whole duration once ended, at its start while active.',
      resolve: (s) => s.insightAverage ?? null,
    }),
    insightDurationMinutes: t.int({
      nullable: true,
      description: 'How long the Insight lasted, in minutes; null while it is active.',
      resolve: (s) => s.insightDuration ?? null,
    }),
    baselineDurationMinutes: t.int({
      nullable: true,
      description: 'How long the baseline period was, in minutes (up to 7 days); null while the Insight is active.',
      resolve: (s) => s.baselineDuration ?? null,
    }),
  }),
});

/** The statistics of the End event once there is one (it adds durations and the whole-Insight average). */
function statisticsOf(insight: InsightModel): InsightStatistics {
  return insight.end ? { ...insight.start.statistics, ...definedOnly(insight.end.statistics) } : insight.start.statistics;
}

function definedOnly(stats: InsightStatistics): InsightStatistics {
  return Object.fromEntries(Object.entries(stats).filter(([, v]) => v !== undefined)) as InsightStatistics;
}

/**
 * The local part of an InsightEvent's global ID: what reads the Insight again. Its Start event's ID
 * (LookupEvents and ListInsightsData both filter by `EventId`), the Region, and the trail for a
 * data-event Insight (read with ListInsightsData).
 */
interface InsightLocalId {
  /** A member account's id; absent for the gateway's own account. */
  account?: string;
  region: string;
  startEventId: string;
  trailArn?: string;
}

function insightLocalId(insight: InsightModel): string {
  // The same Start event id in two accounts is two Insights: a member account's id names it.
  const id: InsightLocalId = { ...(insight.accountId ? { account: insight.accountId } : {}), region: insight.region, startEventId: insight.start.eventId };
  if (insight.source.kind === 'trail') id.trailArn = insight.source.trailArn;
  return JSON.stringify(id);
}

function parseInsightLocalId(localId: string): InsightLocalId {
  let id: Partial<InsightLocalId> | null = null;
  try {
    id = JSON.parse(localId) as Partial<InsightLocalId>;
  } catch {
    // Refused below.
  }
  if (
    typeof id?.region !== 'string' ||
    typeof id.startEventId !== 'string' ||
    (id.trailArn !== undefined && typeof id.trailArn !== 'string') ||
    (id.account !== undefined && (typeof id.account !== 'string' || !/^\d{12}$/.test(id.account)))
  ) {
    throw badUserInput('This is not the ID of an InsightEvent: pass an `id` read from an InsightEvent.');
  }
  return id as InsightLocalId;
}

/** An Insight again from its global ID: its Start event by event ID, then its End (if it has ended). */
async function loadInsight(localId: string, requestCtx: GatewayContext): Promise<InsightModel | null> {
  const id = parseInsightLocalId(localId);
  // An Insight of an account the gateway no longer reads no longer exists for it.
  if (id.account !== undefined && requestCtx.organization?.accounts.account(id.account) === undefined) return null;
  const ctx = accountContext(id.account, requestCtx);
  const region = await requestedRegion(id.region, ctx);
  const source: InsightsSource = id.trailArn === undefined ? { kind: 'account' } : { kind: 'trail', trailArn: id.trailArn };
  return surfacingAwsFailures(async () => {
    const start = await fetchInsightStart(ctx.loaders.insights, region, source, id.startEventId);
    if (start === undefined) return null;
    const end = await ctx.loaders.insights.insightEnd.load({ region, source, sharedEventId: start.sharedEventId, startTime: start.eventTime });
    return { ...(id.account ? { accountId: id.account } : {}), region, source, start, end };
  });
}

builder.node(InsightEventRef, {
  authScopes: { 'insights:read': true },
  description:
    'One CloudTrail Insight: a stretch of unusual API call volume (ApiCallRateInsight) or error volume (ApiErrorRateInsight) for one API, with its statistics, who drove it (attributions), its metric series and the calls made meanwhile.',
  id: { resolve: insightLocalId },
  loadOne: async (id, ctx) => brandedAsNode(InsightEventRef.name, await loadInsight(id, ctx)),
  fields: (t) => ({
    sharedEventId: t.string({
      description: 'The ID AWS gives both events of the Insight (`sharedEventID`): identifies the Insight.',
      resolve: (i) => i.start.sharedEventId,
    }),
    state: t.field({
      type: InsightStateEnum,
      description: 'ACTIVE until CloudTrail records the End event, then ENDED.',
      resolve: (i) => (i.end ? 'ENDED' : 'ACTIVE'),
    }),
    startTime: t.field({ type: 'DateTime', description: 'When the unusual activity began (the Start event).', resolve: (i) => i.start.eventTime }),
    endTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it ended (the End event); null while it is active.',
      resolve: (i) => i.end?.eventTime ?? null,
    }),
    eventSource: t.string({ description: 'The service, e.g. `ssm.amazonaws.com`.', resolve: (i) => i.start.eventSource }),
    eventName: t.string({ description: 'The API, e.g. `PutParameter`.', resolve: (i) => i.start.eventName }),
    insightType: t.field({ type: InsightTypeEnum, description: 'Which analysis raised it.', resolve: (i) => i.start.insightType }),
    errorCode: t.string({
      nullable: true,
      description: 'For ApiErrorRateInsight, the error code whose volume was unusual; null for ApiCallRateInsight.',
      resolve: (i) => i.start.errorCode ?? null,
    }),
    region: t.string({ description: 'The Region it was raised in.', resolve: (i) => i.region }),
    accountId: t.string({
      nullable: true,
      description: 'The account it was raised in: the member account it was read from (`scope`), else the account CloudTrail recorded it for (`recipientAccountId`); null when the record names none.',
      resolve: (i) => i.accountId ?? recipientAccountOf(i.start) ?? null,
    }),
    trailArn: t.string({
      nullable: true,
      description: 'The trail, for an Insight on data events read with ListInsightsData; null for Insights on management events.',
      resolve: (i) => dataEventTrailOf(i) ?? null,
    }),
    statistics: t.field({ type: StatisticsRef, description: 'Averages and durations.', resolve: statisticsOf }),
    attributions: t.field({
      type: AttributionsRef,
      nullable: true,
      description: 'Top callers, user agents and error codes during the Insight and the baseline; null until it ends (AWS adds them to the End event).',
      resolve: (i) => (i.end && i.end.attributions.length > 0 ? i.end.attributions : null),
    }),
    startEvent: t.field({ type: CloudTrailEventRef, description: 'The Start Insights event as CloudTrail recorded it.', resolve: (i) => i.start.event }),
    endEvent: t.field({
      type: CloudTrailEventRef,
      nullable: true,
      description: 'The End Insights event; null while the Insight is active.',
      resolve: (i) => i.end?.event ?? null,
    }),
  }),
});
