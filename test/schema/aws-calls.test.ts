import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { ACCOUNT as account } from '../helpers/trails.js';

/**
 * How many AWS calls representative queries cost. AWS allows 5 trails per region, so 30 trails
 * live in 6 regions. ListTrails lists all 30 of the account from any region, in AWS pages of 7.
 */
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];
const TRAILS_PER_REGION = 5;
const TRAILS = REGIONS.length * TRAILS_PER_REGION;
const LIST_TRAILS_PAGE_SIZE = 7;
const trailName = (region: string, k: number) => `${region}-trail-${k}`;
const trailArn = (region: string, k: number) => `arn:aws:cloudtrail:${region}:${account}:trail/${trailName(region, k)}`;
const globalId = (arn: string) => Buffer.from(`Trail:${arn}`).toString('base64');
/** Trails with an even index are logging and tagged `team=<region>`. */
const isEven = (k: number) => k % 2 === 0;

let t: TestGateway;
beforeAll(async () => {
  // A connection of 30 trails with nested lists weighs more than the default query cost limit, which
  // is not what these tests are about.
  t = await startTestGateway({ emulator: { pageSize: LIST_TRAILS_PAGE_SIZE }, gateway: { maxQueryCost: 50_000 } });
  for (const region of REGIONS) {
    const client = t.sdkClient(region);
    for (let k = 0; k < TRAILS_PER_REGION; k += 1) {
      await client.send(
        new CreateTrailCommand({
          Name: trailName(region, k),
          S3BucketName: 'logs',
          TagsList: isEven(k) ? [{ Key: 'team', Value: region }] : [],
        }),
      );
      if (isEven(k)) await client.send(new StartLoggingCommand({ Name: trailName(region, k) }));
    }
  }
});
afterAll(() => t.close());

interface TrailWithStatusAndTags {
  name: string;
  status: { isLogging: boolean };
  tags: { key: string; value: string | null }[];
}

function expectStatusAndTags(trail: TrailWithStatusAndTags, region: string, k: number): void {
  expect(trail.name).toBe(trailName(region, k));
  expect(trail.status.isLogging).toBe(isEven(k));
  expect(trail.tags).toEqual(isEven(k) ? [{ key: 'team', value: region }] : []);
}

describe('AWS calls per query', () => {
  it('30 trails with status and tags by nodes(ids:): one DescribeTrails and one ListTags per region, one GetTrailStatus per trail', async () => {
    const ids = REGIONS.flatMap((region) => Array.from({ length: TRAILS_PER_REGION }, (_, k) => globalId(trailArn(region, k))));
    const res = await t.query<{ nodes: TrailWithStatusAndTags[] }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Trail { name status { isLogging } tags { key value } } } }',
      { ids },
    );
    expect(res.errors).toBeUndefined();
    REGIONS.forEach((region, r) => {
      for (let k = 0; k < TRAILS_PER_REGION; k += 1) {
        expectStatusAndTags(res.data!.nodes[r * TRAILS_PER_REGION + k]!, region, k);
      }
    });
    expect(res.extensions?.awsCalls).toEqual({
      DescribeTrails: REGIONS.length,
      // AWS: ListTags takes up to 20 ARNs; each region has 5, so one call per region.
      ListTags: REGIONS.length * Math.ceil(TRAILS_PER_REGION / 20),
      GetTrailStatus: REGIONS.length * TRAILS_PER_REGION,
    });
  });

  it('30 trails in 6 regions with status and tags through one connection: the ListTrails pages, one ListTags per home region, one GetTrailStatus per trail, no DescribeTrails', async () => {
    const res = await t.query<{ trails: { edges: { node: TrailWithStatusAndTags }[]; pageInfo: { hasNextPage: boolean } } }>(`{
      trails(region: "eu-west-1", first: ${TRAILS}) {
        edges { node { name status { isLogging } tags { key value } } }
        pageInfo { hasNextPage }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const listed = new Map(res.data!.trails.edges.map((edge) => [edge.node.name, edge.node]));
    expect(listed.size).toBe(TRAILS);
    for (const region of REGIONS) {
      for (let k = 0; k < TRAILS_PER_REGION; k += 1) expectStatusAndTags(listed.get(trailName(region, k))!, region, k);
    }
    expect(res.data!.trails.pageInfo.hasNextPage).toBe(false);
    expect(res.extensions?.awsCalls).toEqual({
      // AWS picks ListTrails' page size (7 here) and lists the account's trails of every region.
      ListTrails: Math.ceil(TRAILS / LIST_TRAILS_PAGE_SIZE),
      // GetTrailStatus and ListTags take the ARN, which ListTrails returns: nothing to describe.
      // AWS: ListTags takes up to 20 ARNs of one region; each region has 5, so one call per region.
      ListTags: REGIONS.length * Math.ceil(TRAILS_PER_REGION / 20),
      GetTrailStatus: TRAILS,
    });
  });

  it('asking a trail for its status and tags twice in one request costs one call each', async () => {
    const arn = trailArn('us-east-1', 0);
    const res = await t.query(`{
      a: trail(nameOrArn: "${arn}") { ... on Trail { status { isLogging } tags { key } } }
      b: trail(nameOrArn: "${trailName('us-east-1', 0)}") { ... on Trail { status { latestDeliveryTime } tags { value } } }
      c: node(id: "${globalId(arn)}") { ... on Trail { status { isLogging } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.awsCalls).toEqual({ DescribeTrails: 1, GetTrailStatus: 1, ListTags: 1 });
  });

  it('listing names only costs the ListTrails pages, whose TrailInfo holds the names: no DescribeTrails, status or tag calls', async () => {
    const res = await t.query<{ trails: { edges: { node: { name: string } }[] } }>(
      `{ trails(region: "us-west-2", first: ${TRAILS}) { edges { node { name } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.trails.edges).toHaveLength(TRAILS);
    expect(res.extensions?.awsCalls).toEqual({ ListTrails: Math.ceil(TRAILS / LIST_TRAILS_PAGE_SIZE) });
  });
});
