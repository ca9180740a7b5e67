import { localException } from '../aws/exceptions.js';
import { insightEventRecordOf } from '../aws/event-records.js';
import { fetchInsightEventsPage, type InsightEventsQuery } from '../loaders/insight-events.js';
import { checkLookupTimeRange } from '../rules/lookup-events.js';
import { accountContext } from './account-context.js';
import { builder } from './builder.js';
import { GatewayErrorCode, insightsSummaryTruncated, surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { FailedShardRef, OrganizationScopeInputRef, shardsOf, type Shard } from './organization-scope.js';
import { requestedRegion } from './region-argument.js';
import { failedShardOf, type FailedShard } from './shard-connection.js';

/**
 * `insightsSummary`: how many Insights an organization had in a window, by account, Region, event
 * source and Insights type, for a dashboard's overview in one request.
 *
 * Cost, the fewest CloudTrail allows: CloudTrail has no count or group-by for Insights, and
 * ListInsightsMetricData counts API calls, not Insights, and needs one call per API. LookupEvents
 * with EventCategory `insight` and the window returns every Insights event of an account-Region,
 * 50 per page, so a summary costs one LookupEvents call per page of each account-Region:
 * ceil(events / 50) per shard, at least 1 (an Insight is 2 events, Start and End), all shards in
 * parallel, each shard's pages one after the other. The pages are the ones `insightEvents` reads
 * for the same window, so the read cache shares them.
 */

/** Pages read at most per account-Region: 1,000 Insights events (500 Insights) in the window. */
export const MAX_SUMMARY_PAGES_PER_SHARD = 20;

interface SummaryGroup {
  accountId: string | null;
  region: string;
  eventSource: string;
  insightType: string;
  count: number;
}

interface InsightsSummaryModel {
  startTime: Date;
  endTime: Date;
  groups: SummaryGroup[];
  lookupEventsCalls: number;
  failedShards: FailedShard[];
}

interface Count {
  key: string;
  count: number;
}

const InsightsCountRef = builder.objectRef<Count>('InsightsCount').implement({
  description: 'How many Insights share one value (an account, a Region, an event source, an Insights type).',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The value.' }),
    count: t.exposeInt('count', { description: 'Insights that started in the window with this value.' }),
  }),
});

const SummaryGroupRef = builder.objectRef<SummaryGroup>('InsightsSummaryGroup').implement({
  description: 'Insights of one account, Region, event source and Insights type.',
  fields: (t) => ({
    accountId: t.exposeString('accountId', { nullable: true, description: "The account; null for the gateway's own account read without `scope`." }),
    region: t.exposeString('region', { description: 'The Region.' }),
    eventSource: t.exposeString('eventSource', { description: 'The service, e.g. `iam.amazonaws.com`.' }),
    insightType: t.exposeString('insightType', { description: '`ApiCallRateInsight` or `ApiErrorRateInsight`.' }),
    count: t.exposeInt('count', { description: 'Insights that started in the window.' }),
  }),
});

function countBy(groups: SummaryGroup[], key: (g: SummaryGroup) => string): Count[] {
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(key(g), (counts.get(key(g)) ?? 0) + g.count);
  return [...counts].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const InsightsSummaryRef = builder.objectRef<InsightsSummaryModel>('InsightsSummary').implement({
  description: 'Insights counted over a window, by account, Region, event source and Insights type.',
  fields: (t) => ({
    startTime: t.field({ type: 'DateTime', description: 'Start of the window (inclusive).', resolve: (s) => s.startTime }),
    endTime: t.field({ type: 'DateTime', description: 'End of the window.', resolve: (s) => s.endTime }),
    total: t.int({ description: 'Insights that started in the window, in the shards that answered.', resolve: (s) => s.groups.reduce((n, g) => n + g.count, 0) }),
    byAccount: t.field({ type: [InsightsCountRef], description: 'Counts per account, largest first.', resolve: (s) => countBy(s.groups, (g) => g.accountId ?? '') }),
    byRegion: t.field({ type: [InsightsCountRef], description: 'Counts per Region, largest first.', resolve: (s) => countBy(s.groups, (g) => g.region) }),
    byEventSource: t.field({ type: [InsightsCountRef], description: 'Counts per event source, largest first.', resolve: (s) => countBy(s.groups, (g) => g.eventSource) }),
    byInsightType: t.field({ type: [InsightsCountRef], description: 'Counts per Insights type, largest first.', resolve: (s) => countBy(s.groups, (g) => g.insightType) }),
    groups: t.field({
      type: [SummaryGroupRef],
      description: 'Every non-empty combination of account, Region, event source and Insights type, in scope order then by event source and type.',
      resolve: (s) => s.groups,
    }),
    lookupEventsCalls: t.int({ description: 'LookupEvents calls this summary needed: one per page (50 events) of each account-Region.', resolve: (s) => s.lookupEventsCalls }),
    failedShards: t.field({
      type: [FailedShardRef],
      description: `Account-Regions not counted, with their error (\`${GatewayErrorCode.INSIGHTS_SUMMARY_TRUNCATED}\` past ${MAX_SUMMARY_PAGES_PER_SHARD} pages of one account-Region). Empty when every count is complete.`,
      resolve: (s) => s.failedShards,
    }),
  }),
});

const InsightsSummaryWindowInput = builder.inputType('InsightsSummaryWindow', {
  description: 'The window Insights are counted over (their Start event inside it).',
  fields: (t) => ({
    startTime: t.field({ type: 'DateTime', required: true, description: 'Start of the window.' }),
    endTime: t.field({ type: 'DateTime', description: "End of the window. Defaults to the start of the current minute." }),
  }),
});

/** Counts one shard's Insights, one LookupEvents page after the other. */
async function countShard(
  query: InsightEventsQuery,
  accountId: string | null,
  ctx: GatewayContext,
  counted: { calls: number },
): Promise<SummaryGroup[]> {
  const groups = new Map<string, SummaryGroup>();
  let token: string | undefined;
  for (let page = 0; ; page += 1) {
    if (page >= MAX_SUMMARY_PAGES_PER_SHARD) {
      throw insightsSummaryTruncated(`More than ${MAX_SUMMARY_PAGES_PER_SHARD} pages of Insights events in this account-Region and window: narrow the window.`);
    }
    counted.calls += 1;
    const answer = await fetchInsightEventsPage(ctx.loaders.insights, query, token);
    for (const event of answer.events) {
      const record = insightEventRecordOf(event);
      if (record?.state !== 'Start') continue;
      const key = `${record.eventSource} ${record.insightType}`;
      const group = groups.get(key) ?? { accountId, region: query.region, eventSource: record.eventSource, insightType: record.insightType, count: 0 };
      group.count += 1;
      groups.set(key, group);
    }
    token = answer.nextToken;
    if (token === undefined) break;
  }
  return [...groups.values()].sort((a, b) => a.eventSource.localeCompare(b.eventSource) || a.insightType.localeCompare(b.insightType));
}

builder.queryField('insightsSummary', (t) =>
  t.field({
    type: InsightsSummaryRef,
    authScopes: { 'insights:read': true },
    nullable: true,
    description: `Insights that started in a window, counted by account, Region, event source and Insights type: an organization's overview in one request. Cost: one LookupEvents call (EventCategory \`insight\`, the window) per 50 Insights events of each account-Region, at least one per account-Region, all account-Regions in parallel; \`lookupEventsCalls\` says what it took. CloudTrail has no cheaper way: it counts no Insights, and ListInsightsMetricData counts API calls per API, not Insights. With \`scope\`, the member accounts' account-Regions (failures in \`failedShards\`); without, the gateway's own account in \`region\`. Null (with an error) when the arguments are refused.`,
    args: {
      window: t.arg({ type: InsightsSummaryWindowInput, required: true, description: 'The window.' }),
      scope: t.arg({ type: OrganizationScopeInputRef, description: 'Member accounts and Regions to count (ORG_ACCOUNTS).' }),
      region: t.arg.string({ description: "Without `scope`: the Region of the gateway's own account to count. Defaults to the gateway's default region." }),
    },
    resolve: async (_root, args, ctx) => {
      const endTime = args.window.endTime ?? new Date(Math.floor(ctx.loaders.insights.now().getTime() / 60_000) * 60_000);
      const startTime = args.window.startTime;
      const violation = checkLookupTimeRange(startTime, endTime);
      if (violation) await surfacingAwsFailures(async () => { throw localException(violation.type, violation.message); });
      const shards: (Shard | { accountId: null; region: string })[] =
        args.scope != null ? await shardsOf(args.scope, ctx) : [{ accountId: null, region: await requestedRegion(args.region, ctx) }];
      const counted = { calls: 0 };
      const failedShards: FailedShard[] = [];
      const perShard = await Promise.all(
        shards.map(async (shard) => {
          const query: InsightEventsQuery = { region: shard.region, source: { kind: 'account' }, startTime, endTime };
          try {
            if ('failure' in shard && shard.failure !== undefined) throw shard.failure;
            return await countShard(query, shard.accountId, accountContext(shard.accountId ?? undefined, ctx), counted);
          } catch (error) {
            if (shard.accountId === null) return surfacingAwsFailures(() => Promise.reject(error));
            failedShards.push(failedShardOf(shard, error));
            return [];
          }
        }),
      );
      failedShards.sort((a, b) => shards.findIndex((s) => s.accountId === a.accountId && s.region === a.region) - shards.findIndex((s) => s.accountId === b.accountId && s.region === b.region));
      return { startTime, endTime, groups: perShard.flat(), lookupEventsCalls: counted.calls, failedShards };
    },
  }),
);
