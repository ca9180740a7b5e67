import type { InputFieldBuilder } from '@pothos/core';
import { regionOfArn } from '../aws/arn-region.js';
import { INSIGHTS_METRIC_MAX_RESULTS_MAX } from '../rules/insights-metrics.js';
import { builder } from './builder.js';
import { badUserInput } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { awsErrorTypes, nullWhenRefused } from './errors.js';
import { InsightTypeEnum } from './insight-type.js';
import { MAX_PAGES_PER_SERIES } from './insights-metric-points.js';
import { InsightsMetricDataTypeEnum, InsightsMetricSeriesRef, loadMetricSeries } from './insights-metrics.js';
import { requestedRegion } from './region-argument.js';
import { accountContext, contextFor } from './account-context.js';
import { CloudTrailServiceException, wasRejectedBeforeCall } from '../aws/exceptions.js';
import { FailedShardError, OrganizationScopeInputRef, shardsOf, type OrganizationScopeInput } from './organization-scope.js';
import { failedShardOf } from './shard-connection.js';
import type { MetricSeriesKey, MetricSeriesWindow } from './insights-metric-window.js';
import { TrailRef, trailArnOf, trailRegionOf } from './trail.js';

/**
 * The fields that read Insights metric series (ListInsightsMetricData): `Query.insightsMetricSeries`,
 * `Query.insightsMetricSeriesList` (a dashboard's several series over one window) and
 * `Trail.insightsMetricSeries` (a trail's data-event series), with their arguments. The series type
 * itself is in insights-metrics.ts.
 */

/** Most series keys one `insightsMetricSeriesList` field takes: each costs at least one AWS call. */
export const MAX_SERIES_PER_LIST = 50;

const seriesKeyFields = {
  eventSource: 'The AWS service, e.g. `ec2.amazonaws.com`.',
  eventName: 'The API, e.g. `RunInstances`.',
  errorCode: 'Required for ApiErrorRateInsight: the error code counted, e.g. `AccessDenied`. Ignored for ApiCallRateInsight, which counts every write call.',
  trail: 'Name or ARN of a trail that logs data events, for its data-event series. Leave out for management-event series.',
};
const windowFieldDescriptions = {
  period: 'Seconds per point: 60 (kept 15 days), 300 (kept 63 days) or 3600 (kept 90 days). AWS default 3600.',
  dataType: 'NON_ZERO_DATA (default) or FILL_WITH_ZEROS.',
  startTime: 'Start of the window (inclusive). Default: the oldest data kept at this period. A start before that is moved up to it (see `truncatedByRetention`).',
  endTime: 'End of the window (exclusive). Default: the end of the current period.',
  pageSize: `Points per AWS page (ListInsightsMetricData MaxResults, 1 to ${INSIGHTS_METRIC_MAX_RESULTS_MAX}; AWS default ${INSIGHTS_METRIC_MAX_RESULTS_MAX}). Smaller pages cost more AWS calls; the summaries are refused when the window could take more than ${MAX_PAGES_PER_SERIES} pages.`,
  region: "The region to read. Defaults to the trail ARN's region, else the gateway's default region.",
};

type MetricInputFieldBuilder = InputFieldBuilder<typeof builder.$inferSchemaTypes, 'InputObject'>;

/** The input fields that name a series, shared by the one-series and the list inputs. */
const seriesKeyInputFields = (t: MetricInputFieldBuilder) => ({
  eventSource: t.string({ required: true, description: seriesKeyFields.eventSource }),
  eventName: t.string({ required: true, description: seriesKeyFields.eventName }),
  insightType: t.field({ type: InsightTypeEnum, required: true, description: 'Which Insights analysis.' }),
  errorCode: t.string({ description: seriesKeyFields.errorCode }),
  trail: t.string({ description: seriesKeyFields.trail }),
});

/** The input fields of the window a series is read over, shared by the one-series and the list inputs. */
const windowInputFields = (t: MetricInputFieldBuilder) => ({
  period: t.int({ description: windowFieldDescriptions.period }),
  dataType: t.field({ type: InsightsMetricDataTypeEnum, description: windowFieldDescriptions.dataType }),
  startTime: t.field({ type: 'DateTime', description: windowFieldDescriptions.startTime }),
  endTime: t.field({ type: 'DateTime', description: windowFieldDescriptions.endTime }),
  pageSize: t.int({ description: windowFieldDescriptions.pageSize }),
  region: t.string({ description: windowFieldDescriptions.region }),
});

const InsightsMetricSeriesKeyInput = builder.inputType('InsightsMetricSeriesKeyInput', {
  description: 'Which series: one per event source, event name and Insights type (and error code, and trail for data events).',
  fields: (t) => seriesKeyInputFields(t),
});

const InsightsMetricSeriesInput = builder.inputType('InsightsMetricSeriesInput', {
  description: 'One Insights metric series and the window to read.',
  fields: (t) => ({ ...seriesKeyInputFields(t), ...windowInputFields(t) }),
});

const InsightsMetricSeriesListInput = builder.inputType('InsightsMetricSeriesListInput', {
  description: 'Several Insights metric series read over one window, as a dashboard does.',
  fields: (t) => ({
    series: t.field({
      type: [InsightsMetricSeriesKeyInput],
      required: true,
      description: `The series to read, at most ${MAX_SERIES_PER_LIST}. Each distinct series costs one AWS call per page; a repeated one costs nothing more.`,
    }),
    ...windowInputFields(t),
  }),
});

async function regionFor(trail: string | null | undefined, region: string | null | undefined, ctx: GatewayContext) {
  if (region == null && trail) {
    const fromArn = regionOfArn(trail);
    if (fromArn) return fromArn;
  }
  return requestedRegion(region, ctx);
}

const seriesErrors = awsErrorTypes('ListInsightsMetricData');

builder.queryFields((t) => ({
  insightsMetricSeries: t.field({
    type: InsightsMetricSeriesRef,
    authScopes: { 'insights:read': true },
    nullable: true,
    description: `One Insights metric series over a window (ListInsightsMetricData). Invalid arguments are refused before any AWS call with the error AWS would give. ${nullWhenRefused('a bad `region`')}`,
    args: { input: t.arg({ type: InsightsMetricSeriesInput, required: true, description: 'The series and the window to read.' }) },
    errors: {
      types: seriesErrors,
      directResult: true,
      union: {
        name: 'InsightsMetricSeriesResult',
        description: 'The series, or the CloudTrail error that says why it could not be read (`... on AwsError { code message }`).',
      },
    },
    resolve: async (_root, { input }, ctx) =>
      loadMetricSeries(input, input, await regionFor(input.trail, input.region, ctx), ctx),
  }),
  insightsMetricSeriesList: t.field({
    type: [InsightsMetricSeriesRef],
    authScopes: { 'insights:read': true },
    // An item that fails in a way no union member describes is null (with its error), not the list;
    // the list is null only when the whole field is refused (a missing scope), not the response.
    nullable: { list: true, items: true },
    description:
      'Several Insights metric series over one window, in the order asked: each item is its series or its own error (or null, with a GraphQL error, when the failure is not a CloudTrail one). One AWS call per distinct series page; the same series asked twice costs one. With `scope`, the series of every account-Region of the scope: see `scope`.',
    args: {
      input: t.arg({ type: InsightsMetricSeriesListInput, required: true, description: 'The series and the one window to read them over.' }),
      scope: t.arg({
        type: OrganizationScopeInputRef,
        description:
          "Read the series in member accounts instead of the gateway's own (ORG_ACCOUNTS; not with `input.region`, use `scope.regions`, nor with a series' `trail`, which names one account's trail). The list then holds, for each account-Region of the scope in scope order (accounts, then each account's Regions), every series of `input.series` in the order asked: item `k` is account-Region `k / series.length` and series `k % series.length`. Each series says its `accountId` and `region`, with a global id of its own per account. Every account-Region is read in parallel, within ORG_MAX_CONCURRENCY_PER_REGION calls in flight per account-Region: one ListInsightsMetricData call per distinct series page per account-Region, no more. An item that could not be read there (the role cannot be assumed, AccessDenied, throttling...) is a `FailedShard` (an `AwsError` with `accountId` and `region`), while the other items answer; input CloudTrail would refuse is the same typed error as without `scope`.",
      }),
    },
    itemErrors: {
      // FailedShard first: it is a CloudTrail service exception too, and the first matching type is used.
      types: [FailedShardError, ...seriesErrors],
      directResult: true,
      union: {
        name: 'InsightsMetricSeriesListItemResult',
        description: 'One series of the list, or the CloudTrail error that says why it could not be read (with `scope`, a `FailedShard` names the account-Region).',
      },
    },
    resolve: async (_root, { input, scope }, ctx) => {
      if (input.series.length > MAX_SERIES_PER_LIST) {
        throw badUserInput(`\`series\` lists ${input.series.length} series; at most ${MAX_SERIES_PER_LIST} are read at once.`);
      }
      if (scope != null) return organizationSeriesList(input, scope, ctx);
      // Each item is its own promise: a failed series becomes that item's error, the others still answer.
      return input.series.map((key) => {
        const item = regionFor(key.trail, input.region, ctx).then((region) => loadMetricSeries(key, input, region, ctx));
        // Marked as handled here; the errors plugin reads the rejection when it completes the item.
        item.catch(() => undefined);
        return item;
      });
    },
  }),
}));

type SeriesListInput = MetricSeriesWindow & { series: readonly MetricSeriesKey[]; region?: string | null };

/**
 * `insightsMetricSeriesList(scope:)`: every series in every account-Region of the scope, shard-major.
 * Each account reads through its own view (credentials, loaders, the per account-Region bound on
 * calls in flight), so a series repeated in the list still costs one call per page in each shard.
 */
async function organizationSeriesList(input: SeriesListInput, scope: OrganizationScopeInput, ctx: GatewayContext) {
  if (input.region != null) throw badUserInput('`input.region` and `scope` cannot be combined: name the Regions in `scope.regions`.');
  if (input.series.some((key) => key.trail != null)) {
    throw badUserInput("A series' `trail` names one trail of one account: leave out `scope` to read a trail's data-event series.");
  }
  const shards = await shardsOf(scope, ctx);
  return shards.flatMap((shard) =>
    input.series.map((key) => {
      const item = (async () => {
        if (shard.failure !== undefined) throw new FailedShardError(failedShardOf(shard, shard.failure));
        try {
          return await loadMetricSeries(key, input, shard.region, accountContext(shard.accountId, ctx));
        } catch (error) {
          // Input CloudTrail would refuse is the same typed error as without `scope`; the rest is the shard's failure.
          if (error instanceof CloudTrailServiceException && wasRejectedBeforeCall(error)) throw error;
          throw new FailedShardError(failedShardOf(shard, error));
        }
      })();
      // Marked as handled here; the errors plugin reads the rejection when it completes the item.
      item.catch(() => undefined);
      return item;
    }),
  );
}

builder.objectField(TrailRef, 'insightsMetricSeries', (t) =>
  t.field({
    type: InsightsMetricSeriesRef,
    // Checked before ListInsightsMetricData is called, on top of the Trail's cloudtrail:read.
    authScopes: { 'insights:read': true },
    nullable: true,
    description: `An Insights metric series of this trail's data events (ListInsightsMetricData with TrailName). Management-event series belong to the account and region: read them with \`Query.insightsMetricSeries\`. ${nullWhenRefused()}`,
    args: {
      eventSource: t.arg.string({ required: true, description: seriesKeyFields.eventSource }),
      eventName: t.arg.string({ required: true, description: seriesKeyFields.eventName }),
      insightType: t.arg({ type: InsightTypeEnum, required: true, description: 'Which Insights analysis.' }),
      errorCode: t.arg.string({ description: seriesKeyFields.errorCode }),
      period: t.arg.int({ description: windowFieldDescriptions.period }),
      dataType: t.arg({ type: InsightsMetricDataTypeEnum, description: windowFieldDescriptions.dataType }),
      startTime: t.arg({ type: 'DateTime', description: windowFieldDescriptions.startTime }),
      endTime: t.arg({ type: 'DateTime', description: windowFieldDescriptions.endTime }),
      pageSize: t.arg.int({ description: windowFieldDescriptions.pageSize }),
    },
    errors: {
      types: seriesErrors,
      directResult: true,
      union: {
        name: 'TrailInsightsMetricSeriesResult',
        description: "The trail's series, or the CloudTrail error that says why it could not be read.",
      },
    },
    resolve: async (trail, args, requestCtx) => {
      const ctx = contextFor(trail, requestCtx);
      const region = trailRegionOf(trail) ?? (await ctx.cloudTrail.defaultRegion());
      return loadMetricSeries({ ...args, trail: trailArnOf(trail) }, args, region, ctx);
    },
  }),
);
