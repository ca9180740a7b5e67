import { ListTrailsCommand, TrailNotFoundException, type Trail, type TrailInfo } from '@aws-sdk/client-cloudtrail';
import { localException } from '../aws/exceptions.js';
import { regionOfArn } from '../aws/arn-region.js';
import { checkTrailArn, checkTrailNameOrArn } from '../rules/arn.js';
import type { TrailKey } from '../loaders/trails.js';
import { builder } from './builder.js';
import { accountContext, accountOf, contextFor, fromAccount } from './account-context.js';
import { OrganizationScopeInputRef, shardsOf, type OrganizationScopeInput, type Shard } from './organization-scope.js';
import { failedShardsField, resolveShardedConnection } from './shard-connection.js';
import { resolveNextTokenConnection, SHORT_PAGES_NOTE } from './connections.js';
import { badUserInput, surfacingAwsFailures } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';
import { awsErrorTypes, nullWhenRefused } from './errors.js';
import { requestedRegion } from './region-argument.js';
import { fieldsSelectedAt } from './selection.js';
import { TagRef } from './tags.js';
import { TrailStatusRef } from './trail-status.js';
import { brandedAsNode } from './global-ids.js';

/**
 * A CloudTrail trail, backed by the SDK's `Trail` as DescribeTrails returns it. The global ID is the
 * trail ARN, which names the home region: every call about a trail goes to that region.
 *
 * Other modules add fields with `builder.objectFields(TrailRef, ...)`.
 */
export const TrailRef = builder.objectRef<Trail>('Trail');

/** The trail ARN; DescribeTrails always returns it. */
export function trailArnOf(trail: Trail): string {
  return trail.TrailARN ?? '';
}

/** The region calls about this trail go to: its home region. */
export function trailRegionOf(trail: Trail): string | undefined {
  return trail.HomeRegion ?? regionOfArn(trailArnOf(trail));
}

/** A malformed ARN would make DescribeTrails refuse the whole batch, so it is answered alone as unknown. */
function trailKeyForArn(arn: string): TrailKey | undefined {
  if (checkTrailArn(arn)) return undefined;
  const region = regionOfArn(arn);
  return region ? { region, nameOrArn: arn } : undefined;
}

/** Loads trails by ARN through the request's DescribeTrails loader; null for unknown or malformed ARNs. */
export async function loadTrailsByArn(arns: readonly string[], ctx: GatewayContext): Promise<(Trail | null)[]> {
  const keys = arns.map(trailKeyForArn);
  const loaded = await ctx.loaders.trail.loadMany(keys.filter((k): k is TrailKey => k !== undefined));
  let next = 0;
  return keys.map((key) => {
    if (!key) return null;
    const result = loaded[next++];
    if (result instanceof Error) throw result;
    return result ?? null;
  });
}

/**
 * Trail fields answered from what ListTrails' TrailInfo holds (ARN, name, home region) or from calls
 * addressed by ARN alone. A trails page selecting no other field needs no DescribeTrails. Fields other
 * modules add are not listed, so selecting them keeps the DescribeTrails call.
 */
const FIELDS_FROM_TRAIL_INFO = new Set(['__typename', 'id', 'name', 'arn', 'homeRegion', 'status', 'tags', 'eventSelectors']);

/** A Trail holding only what ListTrails returned for it. */
function trailFromInfo(info: TrailInfo): Trail {
  return { TrailARN: info.TrailARN, Name: info.Name, HomeRegion: info.HomeRegion };
}

/**
 * GetTrailStatus and ListTags need only a trail's ARN, which ListTrails already gave: their loads
 * start now, in the same tick as DescribeTrails, rather than once DescribeTrails has answered and
 * the `status` and `tags` fields run. Under a 100 ms round trip that is one wave (100 ms) less. The
 * fields then read the same loader entries; a failure stays with its field (it is rethrown there),
 * so the rejections are marked handled here. The selection is read through fragments without
 * evaluating @skip/@include, so a skipped `status` may still cost its calls.
 */
function startCallsAddressedByArn(arns: readonly string[], selected: ReadonlySet<string>, ctx: GatewayContext): void {
  const known = arns.filter((arn) => arn !== '');
  if (selected.has('status')) for (const arn of known) ctx.loaders.trailStatus.load(arn).catch(() => undefined);
  if (selected.has('tags')) for (const arn of known) ctx.loaders.tags.load(arn).catch(() => undefined);
}

/**
 * A trail's global ID is its ARN; a trail seen from a member account other than its owner (an
 * organization trail in a member account) adds that account, so each account's view has its own ID.
 */
function trailLocalId(trail: Trail): string {
  const arn = trailArnOf(trail);
  const viewer = accountOf(trail);
  return viewer === undefined || arn.split(':')[4] === viewer ? arn : `${arn}|${viewer}`;
}

/** Trails again from their local ids, each read in the account that saw it. */
async function loadTrailsByLocalId(ids: readonly string[], ctx: GatewayContext): Promise<(Trail | null)[]> {
  return Promise.all(
    ids.map(async (id) => {
      const [arn = '', viewer] = id.split('|');
      const owner = arn.split(':')[4];
      const account = viewer ?? (owner !== undefined && ctx.organization?.accounts.account(owner) ? owner : undefined);
      if (account !== undefined && ctx.organization?.accounts.account(account) === undefined) return null;
      const [trail] = await loadTrailsByArn([arn], accountContext(account, ctx));
      return trail ? fromAccount(trail, account) : null;
    }),
  );
}

builder.node(TrailRef, {
  // Wherever a Trail is returned (trails, trail, node, a mutation's payload, a series' trail).
  authScopes: { 'cloudtrail:read': true },
  description:
    'A trail: the configuration that delivers CloudTrail events to an S3 bucket (and optionally CloudWatch Logs), and on which CloudTrail Insights can be enabled.',
  id: { resolve: trailLocalId },
  loadMany: async (ids, ctx) => (await loadTrailsByLocalId(ids, ctx)).map((trail) => brandedAsNode(TrailRef.name, trail)),
  fields: (t) => ({
    name: t.string({ description: 'The trail name, unique in its home region.', resolve: (trail) => trail.Name ?? '' }),
    arn: t.string({
      description: 'The trail ARN, e.g. `arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail`.',
      resolve: trailArnOf,
    }),
    accountId: t.string({
      description:
        "The account the trail was read from: the member account of a `scope`d read (an organization trail is seen from each member account), else the trail's own account (from its ARN).",
      resolve: (trail) => accountOf(trail) ?? trailArnOf(trail).split(':')[4] ?? '',
    }),
    homeRegion: t.string({
      description: 'The region the trail was created in. A multi-region trail also appears in every other region.',
      resolve: (trail) => trailRegionOf(trail) ?? '',
    }),
    s3BucketName: t.string({
      description: 'The S3 bucket CloudTrail delivers the log files to.',
      resolve: (trail) => trail.S3BucketName ?? '',
    }),
    s3KeyPrefix: t.string({
      nullable: true,
      description: 'The key prefix of the log files in the bucket. Null when files go to the bucket root.',
      resolve: (trail) => trail.S3KeyPrefix ?? null,
    }),
    snsTopicArn: t.string({
      nullable: true,
      description: 'The SNS topic notified of each delivered log file. Null when notifications are off.',
      resolve: (trail) => trail.SnsTopicARN ?? null,
    }),
    includeGlobalServiceEvents: t.boolean({
      description: 'Whether events of global services such as IAM are recorded.',
      resolve: (trail) => trail.IncludeGlobalServiceEvents ?? false,
    }),
    isMultiRegionTrail: t.boolean({
      description: 'Whether the trail records events of all regions, or only of its home region.',
      resolve: (trail) => trail.IsMultiRegionTrail ?? false,
    }),
    isOrganizationTrail: t.boolean({
      description: 'Whether the trail records events of every account of the AWS Organization.',
      resolve: (trail) => trail.IsOrganizationTrail ?? false,
    }),
    logFileValidationEnabled: t.boolean({
      description: 'Whether CloudTrail delivers digest files that let you prove log files were not altered.',
      resolve: (trail) => trail.LogFileValidationEnabled ?? false,
    }),
    cloudWatchLogsLogGroupArn: t.string({
      nullable: true,
      description: 'The CloudWatch Logs log group events are also sent to. Null when not configured.',
      resolve: (trail) => trail.CloudWatchLogsLogGroupArn ?? null,
    }),
    cloudWatchLogsRoleArn: t.string({
      nullable: true,
      description: 'The IAM role CloudTrail assumes to write to the log group. Null when not configured.',
      resolve: (trail) => trail.CloudWatchLogsRoleArn ?? null,
    }),
    kmsKeyId: t.string({
      nullable: true,
      description: 'The KMS key (full ARN) encrypting log and digest files. Null when S3 default encryption is used.',
      resolve: (trail) => trail.KmsKeyId ?? null,
    }),
    hasCustomEventSelectors: t.boolean({
      description: 'Whether the trail has event selectors other than the default (all management events).',
      resolve: (trail) => trail.HasCustomEventSelectors ?? false,
    }),
    hasInsightSelectors: t.boolean({
      description: 'Whether CloudTrail Insights is enabled on the trail (it has insight selectors).',
      resolve: (trail) => trail.HasInsightSelectors ?? false,
    }),
    status: t.field({
      type: TrailStatusRef,
      nullable: true,
      description:
        'Whether the trail is logging and how its latest deliveries went. Costs one GetTrailStatus call per trail. Null (with an error) when CloudTrail does not answer.',
      resolve: (trail, _args, ctx) => surfacingAwsFailures(() => contextFor(trail, ctx).loaders.trailStatus.load(trailArnOf(trail))),
    }),
    tags: t.field({
      type: [TagRef],
      nullable: true,
      description:
        'The tags on the trail. Tags of up to 20 trails are fetched in one ListTags call. Null (with an error) when CloudTrail does not answer.',
      resolve: (trail, _args, ctx) => surfacingAwsFailures(() => contextFor(trail, ctx).loaders.tags.load(trailArnOf(trail))),
    }),
  }),
});

builder.queryFields((t) => ({
  trails: t.connection(
    {
      authScopes: { 'cloudtrail:read': true },
      type: TrailRef,
      nullable: true,
      description: `Every trail of the account (ListTrails): ListTrails returns the account's trails in every region, whichever regional endpoint is asked, each once with its home region. Each trail is described (DescribeTrails) in its home region, one call per home region for the trails of a page, unless the page selects only \`id\`, \`name\`, \`arn\`, \`homeRegion\`, \`status\`, \`tags\` or \`eventSelectors\`, which need no description. Pages forward with \`first\` and \`after\`. ${SHORT_PAGES_NOTE} Null (with an error) when the arguments are refused or CloudTrail does not answer; the other fields of the query are still answered.`,
      args: {
        region: t.arg.string({
          description:
            'The regional endpoint ListTrails is asked at. It does not filter the list: every region answers with the account\'s trails in every region. A cursor resumes only under the region it was issued under, since it holds that endpoint\'s NextToken. Defaults to the gateway\'s default region.',
        }),
        scope: t.arg({
          type: OrganizationScopeInputRef,
          description:
            "The trails of member accounts instead of the gateway's own (not with `region`): one ListTrails call per account page (ListTrails answers for every Region of an account), asked in the account's first Region of the scope, all accounts in parallel, listed account by account; with `scope.regions`, only trails whose home Region is one of them. An organization trail appears in each member account that sees it, with that account's `accountId`. Accounts that fail are in `failedShards`.",
        }),
      },
      edgesNullable: { list: false, items: false },
      resolve: async (_root, args, ctx, info) => {
        const selected = fieldsSelectedAt(info, ['edges', 'node']);
        const needsDescribe = [...selected].some((field) => !FIELDS_FROM_TRAIL_INFO.has(field));
        if (args.scope != null) {
          if (args.region != null) throw badUserInput('`region` and `scope` cannot be combined: name the Regions in `scope.regions`.');
          return resolveOrganizationTrails(args, args.scope, needsDescribe, ctx);
        }
        const region = await requestedRegion(args.region, ctx);
        return resolveNextTokenConnection<TrailInfo, Trail>({
          args,
          connection: 'trails',
          // AWS: a NextToken "must be passed in with the same parameters"; here, to the same regional endpoint.
          boundTo: { region },
          fetchPage: async (nextToken) => {
            const out = await ctx.cloudTrail.send(new ListTrailsCommand({ NextToken: nextToken }), region);
            return { items: out.Trails ?? [], nextToken: out.NextToken };
          },
          // The list spans every region; each ARN names its trail's home region, where DescribeTrails describes it.
          toNodes: (infos) => {
            const arns = infos.map((i) => i.TrailARN ?? '');
            startCallsAddressedByArn(arns, selected, ctx);
            return needsDescribe ? loadTrailsByArn(arns, ctx) : infos.map(trailFromInfo);
          },
        });
      },
    },
    {
      name: 'TrailConnection',
      description: 'A page of trails. Follow `pageInfo.endCursor` with `after` for the next page.',
      fields: (t) => ({ failedShards: failedShardsField(t) }),
    },
    { name: 'TrailEdge', description: 'A trail and the cursor that resumes the list after it.' },
  ),
  trail: t.field({
    type: TrailRef,
    authScopes: { 'cloudtrail:read': true },
    nullable: true,
    description: `One trail by name or ARN. A name finds a trail created in \`region\`; a trail of another region (such as a multi-region trail seen from elsewhere) needs its ARN. An unknown trail is a \`TrailNotFoundException\` result. ${nullWhenRefused('a bad `region`')}`,
    args: {
      nameOrArn: t.arg.string({ required: true, description: 'The trail name, or its ARN.' }),
      region: t.arg.string({
        description: 'The region to look a name up in. Ignored for an ARN, which names its region. Defaults to the gateway\'s default region.',
      }),
    },
    errors: {
      types: awsErrorTypes('GetTrail', 'DescribeTrails'),
      directResult: true,
      union: {
        name: 'TrailResult',
        description: 'The trail, or the CloudTrail error that says why it could not be read (`... on AwsError { code message }`).',
      },
    },
    resolve: async (_root, args, ctx) => {
      const violation = checkTrailNameOrArn(args.nameOrArn);
      if (violation) throw localException(violation.type, violation.message);
      const region = regionOfArn(args.nameOrArn) ?? (await requestedRegion(args.region, ctx));
      const trail = await ctx.loaders.trail.load({ region, nameOrArn: args.nameOrArn });
      if (!trail) {
        throw new TrailNotFoundException({ message: `Unknown trail: ${args.nameOrArn} in ${region}.`, $metadata: {} });
      }
      return trail;
    },
  }),
}));

/** `trails(scope:)`: each member account's trails, account by account (src/schema/shard-connection.ts). */
async function resolveOrganizationTrails(
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
  scope: OrganizationScopeInput,
  needsDescribe: boolean,
  ctx: GatewayContext,
) {
  // ListTrails lists an account's trails of every Region from any Region: one shard per account.
  const shards: Shard[] = [];
  for (const shard of await shardsOf(scope, ctx)) if (!shards.some((s) => s.accountId === shard.accountId)) shards.push(shard);
  const homeRegions = scope.regions ? new Set(scope.regions) : undefined;
  return resolveShardedConnection<TrailInfo, Trail>({
    args,
    connection: 'trails',
    boundTo: { regions: scope.regions ?? null },
    shards,
    ctx,
    fetchPage: async (shard, reads, nextToken) => {
      const out = await reads.cloudTrail.send(new ListTrailsCommand({ NextToken: nextToken }), shard.region);
      const trails = out.Trails ?? [];
      return { items: homeRegions ? trails.filter((t) => t.HomeRegion !== undefined && homeRegions.has(t.HomeRegion)) : trails, nextToken: out.NextToken };
    },
    compare: () => 0,
    toNodes: async (infos) => {
      const byAccount = new Map<string, number[]>();
      infos.forEach(({ shard }, k) => byAccount.set(shard.accountId, [...(byAccount.get(shard.accountId) ?? []), k]));
      const nodes: (Trail | null)[] = infos.map(() => null);
      await Promise.all(
        [...byAccount].map(async ([accountId, indexes]) => {
          const accountCtx = accountContext(accountId, ctx);
          const arns = indexes.map((k) => infos[k]?.item.TrailARN ?? '');
          const trails = needsDescribe ? await loadTrailsByArn(arns, accountCtx) : indexes.map((k) => trailFromInfo(infos[k]!.item));
          indexes.forEach((k, i) => {
            const trail = trails[i];
            nodes[k] = trail ? fromAccount(trail, accountId) : null;
          });
        }),
      );
      return nodes;
    },
  });
}
