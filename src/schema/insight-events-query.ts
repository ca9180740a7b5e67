import { localException } from '../aws/exceptions.js';
import { insightEventRecordOf, type InsightEventRecord } from '../aws/event-records.js';
import {
  fetchInsightEventsPage,
  insightEventsRequest,
  type InsightEventsQuery,
  type InsightsSource,
} from '../loaders/insight-events.js';
import { regionOfArn } from '../aws/arn-region.js';
import { checkTrailArn } from '../rules/arn.js';
import { checkInsightsDataQuery, checkLookupAttributes, checkLookupTimeRange } from '../rules/lookup-events.js';
import type { RuleViolation } from '../rules/violation.js';
import { builder } from './builder.js';
import { resolveNextTokenConnection, SHORT_PAGES_NOTE } from './connections.js';
import { badUserInput, surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { nullWhenAwsFails } from './errors.js';
import { InsightEventRef, type InsightModel } from './insight-events.js';
import { InsightTypeEnum } from './insight-type.js';
import { requestedRegion } from './region-argument.js';
import { OrganizationScopeInputRef, shardsOf, type OrganizationScopeInput } from './organization-scope.js';
import { failedShardsField, resolveShardedConnection } from './shard-connection.js';

/**
 * `Query.insightEvents`: the Insights of a Region (or of a trail that logs data events), one item
 * per Insight, its Start and End events paired by `sharedEventID`.
 */

const InsightEventsFilterInput = builder.inputType('InsightEventsFilter', {
  description: 'Which Insights to list. Every field narrows the list; all are optional.',
  fields: (t) => ({
    startTime: t.field({ type: 'DateTime', description: 'Insights that started at or after this time.' }),
    endTime: t.field({
      type: 'DateTime',
      description:
        'Insights that started at or before this time. Defaults to the start of the minute the first page is read in; the cursors keep that end, so later pages list the same Insights.',
    }),
    eventSource: t.string({ description: 'The service, e.g. `ssm.amazonaws.com`.' }),
    eventName: t.string({ description: 'The API, e.g. `PutParameter`.' }),
    insightType: t.field({ type: InsightTypeEnum, description: 'Only Insights of this type.' }),
    errorCode: t.string({ description: 'Only ApiErrorRateInsight Insights about this error code.' }),
    trailArn: t.string({
      description:
        'The ARN of a trail that logs data events: list its Insights with ListInsightsData. Without it, the Insights on management events of the Region are listed with LookupEvents.',
    }),
  }),
});

interface InsightEventsFilter {
  startTime?: Date | null;
  endTime?: Date | null;
  eventSource?: string | null;
  eventName?: string | null;
  insightType?: string | null;
  errorCode?: string | null;
  trailArn?: string | null;
}

function rejectIf(violation: RuleViolation | undefined): void {
  if (violation) throw localException(violation.type, violation.message);
}

/** The checks AWS applies to the request (LookupEvents, or ListInsightsData for a trail), before any call. */
function checkInsightEventsQuery(query: InsightEventsQuery): void {
  const request = insightEventsRequest(query);
  if (query.source.kind === 'trail') {
    const arnViolation = checkTrailArn(query.source.trailArn);
    // ListInsightsData documents InvalidParameterException as its only client error.
    if (arnViolation) rejectIf({ type: 'InvalidParameterException', message: arnViolation.message });
    rejectIf(checkInsightsDataQuery(request));
    return;
  }
  rejectIf(checkLookupTimeRange(query.startTime, query.endTime));
  if ('LookupAttributes' in request) rejectIf(checkLookupAttributes(request.LookupAttributes, request.EventCategory));
}

function matchesFilter(record: InsightEventRecord, filter: InsightEventsFilter): boolean {
  if (filter.eventSource && record.eventSource !== filter.eventSource) return false;
  if (filter.eventName && record.eventName !== filter.eventName) return false;
  if (filter.insightType && record.insightType !== filter.insightType) return false;
  if (filter.errorCode && record.errorCode !== filter.errorCode) return false;
  return true;
}

builder.queryField('insightEvents', (t) =>
  t.connection(
    {
      type: InsightEventRef,
      authScopes: { 'insights:read': true },
      nullable: true,
      description:
        `CloudTrail Insights of a Region, newest first, one item per Insight (its Start and End events paired). Read with LookupEvents (EventCategory \`insight\`) for Insights on management events, or with ListInsightsData when \`filter.trailArn\` names a trail that logs data events. AWS filters by one of event name or event source; the other filters are applied to each page, so a page may need more than one AWS call. ${SHORT_PAGES_NOTE} ${nullWhenAwsFails('a bad `first`, cursor or `region`')}`,
      args: {
        filter: t.arg({ type: InsightEventsFilterInput, description: 'Which Insights to list.' }),
        region: t.arg.string({ description: "The Region to read. Defaults to the trail ARN's region, else the gateway's default region." }),
        scope: t.arg({
          type: OrganizationScopeInputRef,
          description:
            'Read member accounts instead of the gateway\'s own (ORG_ACCOUNTS): every account-Region of the scope in parallel, merged newest first across all of them (ties in scope order), with a cursor holding each account-Region\'s position. One LookupEvents call per account-Region page. Not with `region` (use `scope.regions`) or `filter.trailArn`. Account-Regions that fail are listed in `failedShards`.',
        }),
      },
      edgesNullable: { list: false, items: false },
      resolve: async (_root, args, ctx) => {
        const filter: InsightEventsFilter = args.filter ?? {};
        if (args.scope != null) return resolveOrganizationInsights(args, args.scope, filter, ctx);
        // A trail's Insights are read in the trail's Region unless another is named.
        const trailRegion = args.region == null && filter.trailArn ? regionOfArn(filter.trailArn) : undefined;
        const region = trailRegion ?? (await requestedRegion(args.region, ctx));
        const source: InsightsSource = filter.trailArn ? { kind: 'trail', trailArn: filter.trailArn } : { kind: 'account' };
        const query: InsightEventsQuery = {
          region,
          source,
          startTime: filter.startTime ?? undefined,
          endTime: filter.endTime ?? undefined,
          eventName: filter.eventName ?? undefined,
          eventSource: filter.eventSource ?? undefined,
        };
        // Input AWS would refuse is the same error a refused call gives: see resolveNextTokenConnection.
        await surfacingAwsFailures(async () => checkInsightEventsQuery(query));
        return resolveInsightConnection(args, query, filter, ctx);
      },
    },
    {
      name: 'InsightEventConnection',
      description: 'A page of Insights, newest first. Follow `pageInfo.endCursor` with `after` for the next page.',
      fields: (t) => ({ failedShards: failedShardsField(t) }),
    },
    { name: 'InsightEventEdge', description: 'An Insight and the cursor that resumes the list after it.' },
  ),
);

/** The window every page of one walk reads: fixed on the first page, carried in the cursors. */
type InsightsWindowState = { endTime: string };

/**
 * Where a walk without an end time stops: the start of the current minute. Insights events are
 * minute-aligned (an Insight starts and ends on a minute of its per-minute series, known once that
 * minute is over), so nothing is lost, and the first pages asked for within one minute are one
 * AWS request, which the cross-request read cache answers. Never before the walk's start time, which
 * AWS would refuse.
 */
function defaultEndTime(now: Date, startTime: Date | undefined): Date {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  return new Date(Math.max(minute, startTime?.getTime() ?? -Infinity));
}

/**
 * Pages over the Start events and pairs each with its End. An End comes after its Start, so in a
 * newest-first walk that began at the newest event with no end time it is on a page already read;
 * otherwise (a resumed page, an end time) the End loader looks for it, one walk per request.
 *
 * A cursor is a position in the AWS pages of one request. Without an end time AWS lists up to
 * "now", which moves: an Insight that arrives between two pages would shift the list and repeat an
 * item. So the first page fixes the end of the window and every later page sends the same.
 */
function resolveInsightConnection(
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
  query: InsightEventsQuery,
  filter: InsightEventsFilter,
  ctx: GatewayContext,
) {
  const endsSeen = new Map<string, InsightEventRecord>();
  const sawEveryNewerEvent = args.after == null && query.endTime === undefined;
  return resolveNextTokenConnection<InsightEventRecord, InsightModel, InsightsWindowState>({
    args,
    connection: 'insightEvents',
    boundTo: { query, filter },
    state: () => ({ endTime: (query.endTime ?? defaultEndTime(ctx.loaders.insights.now(), query.startTime)).toISOString() }),
    fetchPage: async (nextToken, window) => {
      const page = await fetchInsightEventsPage(ctx.loaders.insights, { ...query, endTime: new Date(window.endTime) }, nextToken);
      const records = page.events.map(insightEventRecordOf).filter((r): r is InsightEventRecord => r !== undefined);
      for (const record of records) if (record.state === 'End') endsSeen.set(record.sharedEventId, record);
      return {
        items: records.filter((r) => r.state === 'Start' && matchesFilter(r, filter)),
        nextToken: page.nextToken,
      };
    },
    toNodes: (starts) =>
      Promise.all(
        starts.map(async (start): Promise<InsightModel> => {
          const seen = endsSeen.get(start.sharedEventId);
          const end =
            seen ??
            (sawEveryNewerEvent
              ? null
              : await ctx.loaders.insights.insightEnd.load({
                  region: query.region,
                  source: query.source,
                  sharedEventId: start.sharedEventId,
                  startTime: start.eventTime,
                }));
          return { region: query.region, source: query.source, start, end };
        }),
      ),
  });
}

/**
 * `insightEvents(scope:)`: the Insights of many account-Regions, newest first across all of them.
 * Each account-Region (shard) is paged like the single-account list (LookupEvents, 50 per page,
 * the window's end fixed on the first page and carried in the cursor); the pages are merged by the
 * Start event's time, ties in scope order, so any page size over any number of shards resumes
 * exactly (src/aws/shard-merge.ts).
 */
async function resolveOrganizationInsights(
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null; region?: string | null },
  scope: OrganizationScopeInput,
  filter: InsightEventsFilter,
  ctx: GatewayContext,
) {
  if (args.region != null) throw badUserInput('`region` and `scope` cannot be combined: name the Regions in `scope.regions`.');
  if (filter.trailArn) throw badUserInput('`filter.trailArn` names one trail of one account: leave out `scope` to read its Insights.');
  const shards = await shardsOf(scope, ctx);
  const base = {
    source: { kind: 'account' } as InsightsSource,
    startTime: filter.startTime ?? undefined,
    endTime: filter.endTime ?? undefined,
    eventName: filter.eventName ?? undefined,
    eventSource: filter.eventSource ?? undefined,
  };
  await surfacingAwsFailures(async () => checkInsightEventsQuery({ ...base, region: shards.find((s) => s.failure === undefined)?.region ?? 'us-east-1' }));
  const endsSeen = new Map<string, InsightEventRecord>();
  const sawEveryNewerEvent = args.after == null && base.endTime === undefined;
  return resolveShardedConnection<InsightEventRecord, InsightModel, InsightsWindowState>({
    args,
    connection: 'insightEvents',
    boundTo: { base, filter },
    shards,
    ctx,
    state: () => ({ endTime: (base.endTime ?? defaultEndTime(ctx.loaders.insights.now(), base.startTime)).toISOString() }),
    fetchPage: async (shard, reads, nextToken, window) => {
      const query = { ...base, region: shard.region, endTime: new Date(window.endTime) };
      const page = await fetchInsightEventsPage(reads.loaders.insights, query, nextToken);
      const records = page.events.map(insightEventRecordOf).filter((r): r is InsightEventRecord => r !== undefined);
      for (const r of records) if (r.state === 'End') endsSeen.set(`${shard.accountId} ${r.sharedEventId}`, r);
      return { items: records.filter((r) => r.state === 'Start' && matchesFilter(r, filter)), nextToken: page.nextToken };
    },
    // Newest first; the merge breaks ties in scope order.
    compare: (a, b) => b.item.eventTime.getTime() - a.item.eventTime.getTime(),
    toNodes: (starts) =>
      Promise.all(
        starts.map(async ({ item: start, shard }): Promise<InsightModel> => {
          const reads = ctx.organization?.forAccount(shard.accountId);
          const end =
            endsSeen.get(`${shard.accountId} ${start.sharedEventId}`) ??
            (sawEveryNewerEvent || !reads
              ? null
              : await reads.loaders.insights.insightEnd
                  .load({ region: shard.region, source: base.source, sharedEventId: start.sharedEventId, startTime: start.eventTime })
                  // The End is a detail of the Insight: one that cannot be read leaves it ACTIVE rather than failing the page.
                  .catch(() => null));
          return { accountId: shard.accountId, region: shard.region, source: base.source, start, end };
        }),
      ),
  });
}
