import { AddTagsCommand, CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudTrailClients } from '../src/aws/clients.js';
import { startEmulator } from '../src/emulator/index.js';
import { SAMPLE_LOGS_DIR } from '../src/emulator/ingest/index.js';
import { createGateway } from '../src/server.js';

/**
 * AWS calls a query makes, next to the fewest CloudTrail's API allows for the same answer. The
 * minimum is computed from the data the query returned and the API's limits, not from the gateway:
 *   ListTrails: AWS picks the page size (the emulator's `pageSize` here) -> ceil(trails / page);
 *   DescribeTrails: takes any list of names/ARNs, per region -> one per home region of the trails, and
 *     none when the query reads only what ListTrails' TrailInfo holds (name, ARN, home region) or
 *     what calls addressed by ARN return (status, tags);
 *   ListTags: at most 20 ARNs per call, per region -> ceil(trails in region / 20) per region (its
 *     NextToken is "Reserved for future use": one response answers all the ARNs asked);
 *   GetTrailStatus, GetInsightSelectors: one trail per call -> one per trail (GetInsightSelectors only
 *     for trails whose DescribeTrails answer says HasInsightSelectors; the others have none to read);
 *   LookupEvents: MaxResults up to 50 -> one call for a first page of 50 or fewer;
 *   ListInsightsMetricData: one series per call -> one per distinct series.
 */
/** Small, so that ListTrails pages over the bench's few trails as it would over an account with many. */
export const LIST_TRAILS_PAGE_SIZE = 2;
const LIST_TAGS_MAX_ARNS = 20;
const LOOKUP_EVENTS_MAX_RESULTS = 50;

type Json = Record<string, unknown>;
interface TrailNode {
  homeRegion: string;
  hasInsightSelectors?: boolean;
}

export interface CallComparison {
  name: string;
  made: Record<string, number>;
  minimum: Record<string, number>;
}

const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
const count = <T>(items: T[], key: (item: T) => string) =>
  items.reduce((m, item) => m.set(key(item), (m.get(key(item)) ?? 0) + 1), new Map<string, number>());

function trailNodes(data: Json): TrailNode[] {
  const trails = data.trails as { edges: { node: TrailNode }[] };
  return trails.edges.map((edge) => edge.node);
}

function listTrails(nodes: TrailNode[]): Record<string, number> {
  return { ListTrails: Math.max(1, Math.ceil(nodes.length / LIST_TRAILS_PAGE_SIZE)) };
}

function listAndDescribe(nodes: TrailNode[]): Record<string, number> {
  return { ...listTrails(nodes), DescribeTrails: count(nodes, (n) => n.homeRegion).size };
}

function listTags(nodes: TrailNode[]): number {
  return [...count(nodes, (n) => n.homeRegion).values()].reduce((sum, n) => sum + Math.ceil(n / LIST_TAGS_MAX_ARNS), 0);
}

interface BenchQuery {
  name: string;
  query: string;
  minimum: (data: Json) => Record<string, number>;
}

const QUERIES: BenchQuery[] = [
  {
    name: 'trail names (all)',
    query: '{ trails(first: 100) { edges { node { name homeRegion } } } }',
    minimum: (data) => listTrails(trailNodes(data)),
  },
  {
    name: 'trail names, first 3',
    query: '{ trails(first: 3) { edges { node { name homeRegion } } } }',
    minimum: (data) => listTrails(trailNodes(data)),
  },
  {
    name: 'trails with tags',
    query: '{ trails(first: 100) { edges { node { name homeRegion tags { key value } } } } }',
    minimum: (data) => ({ ...listTrails(trailNodes(data)), ListTags: listTags(trailNodes(data)) }),
  },
  {
    name: 'trails overview (status, tags)',
    query: '{ trails(first: 100) { edges { node { name homeRegion status { isLogging } tags { key } } } } }',
    minimum: (data) => {
      const nodes = trailNodes(data);
      return { ...listTrails(nodes), GetTrailStatus: nodes.length, ListTags: listTags(nodes) };
    },
  },
  {
    name: 'trails with Insights selectors',
    query:
      '{ trails(first: 100) { edges { node { name homeRegion hasInsightSelectors insightSelectors { enabled } } } } }',
    minimum: (data) => {
      const nodes = trailNodes(data);
      return { ...listAndDescribe(nodes), GetInsightSelectors: nodes.filter((n) => n.hasInsightSelectors).length };
    },
  },
  {
    name: 'latest 10 Insights events',
    query: '{ insightEvents(first: 10) { ... on InsightEventConnection { edges { node { eventName startTime } } } } }',
    minimum: () => ({ LookupEvents: Math.ceil(10 / LOOKUP_EVENTS_MAX_RESULTS) }),
  },
  {
    name: 'metric series list, one series asked twice',
    query: `{ insightsMetricSeriesList(input: { period: 3600, series: [
        { eventSource: "ssm.amazonaws.com", eventName: "DeleteParameter", insightType: ApiCallRateInsight },
        { eventSource: "ssm.amazonaws.com", eventName: "DeleteParameter", insightType: ApiCallRateInsight },
        { eventSource: "ssm.amazonaws.com", eventName: "DescribeParameters", insightType: ApiCallRateInsight }
      ] }) { __typename } }`,
    minimum: () => ({ ListInsightsMetricData: 2 }),
  },
];

/**
 * Runs every benchmark query once over the demo data (5 trails: 3 homed in us-east-1, 2 in eu-west-1)
 * plus a tagged us-east-1 trail and a tagged multi-Region trail from eu-west-1: ListTrails lists the
 * account's 7 trails, from 2 home Regions.
 */
export async function compareAwsCalls(): Promise<CallComparison[]> {
  const emulator = await startEmulator({
    seed: 'demo',
    logs: [SAMPLE_LOGS_DIR],
    replayRecent: true,
    pageSize: LIST_TRAILS_PAGE_SIZE,
  });
  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
  const extraTrails = [
    { region: 'us-east-1', Name: 'bench-us', IsMultiRegionTrail: false },
    { region: 'eu-west-1', Name: 'bench-org-wide', IsMultiRegionTrail: true },
  ];
  for (const { region, ...trail } of extraTrails) {
    const sdk = new CloudTrailClient({ region, endpoint: emulator.url, credentials });
    const { TrailARN } = await sdk.send(new CreateTrailCommand({ ...trail, S3BucketName: 'bench-logs' }));
    await sdk.send(new AddTagsCommand({ ResourceId: TrailARN, TagsList: [{ Key: 'bench', Value: 'true' }] }));
    sdk.destroy();
  }
  const clients = new CloudTrailClients({ endpoint: emulator.url, defaultRegion: 'us-east-1', credentials, maxAttempts: 1 });
  const gateway = createGateway({ clients, reportAwsCalls: true, maxQueryCost: 100_000 });
  try {
    const results: CallComparison[] = [];
    for (const { name, query, minimum } of QUERIES) {
      const res = await gateway.fetch('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { data?: Json; errors?: { message: string }[]; extensions?: { awsCalls?: Record<string, number> } };
      if (body.errors?.length || !body.data) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
      results.push({ name, made: body.extensions?.awsCalls ?? {}, minimum: minimum(body.data) });
    }
    return results;
  } finally {
    clients.destroy();
    await emulator.close();
  }
}

export function formatCallComparisons(results: CallComparison[]): string {
  const rows = results.map(({ name, made, minimum }) => {
    const detail = [...new Set([...Object.keys(made), ...Object.keys(minimum)])]
      .sort()
      .map((op) => `${op} ${made[op] ?? 0}/${minimum[op] ?? 0}`)
      .join(', ');
    const ratio = total(minimum) === 0 ? '-' : (total(made) / total(minimum)).toFixed(2);
    return `  ${name.padEnd(44)} ${String(total(made)).padStart(5)} ${String(total(minimum)).padStart(8)} ${ratio.padStart(6)}   ${detail}`;
  });
  return [`  ${'query'.padEnd(44)} ${'made'.padStart(5)} ${'minimum'.padStart(8)} ${'ratio'.padStart(6)}   per operation (made/minimum)`, ...rows].join('\n');
}
