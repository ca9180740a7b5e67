import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateTrailCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway.js';
import { ACCOUNT as account } from '../helpers/trails.js';

const arnOf = (region: string, name: string) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
/** Relay global ID: base64 of `<type>:<id>`, the id of a trail being its ARN. */
const globalId = (arn: string) => Buffer.from(`Trail:${arn}`).toString('base64');

/** AWS page size of ListTrails in these tests: small, so five trails span three pages. */
const PAGE_SIZE = 2;

let t: TestGateway;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway({ emulator: { pageSize: PAGE_SIZE } });
  east = t.sdkClient('us-east-1');
  west = t.sdkClient('eu-west-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

interface TrailsPage {
  trails: {
    edges: { cursor: string; node: { name: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  };
}

const TRAILS_PAGE = /* GraphQL */ `
  query ($first: Int, $after: String, $region: String) {
    trails(first: $first, after: $after, region: $region) {
      edges { cursor node { name } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
`;

async function createTrails(client: CloudTrailClient, names: string[]): Promise<void> {
  for (const name of names) await client.send(new CreateTrailCommand({ Name: name, S3BucketName: `${name}-logs` }));
}

describe('trails connection', () => {
  it('exposes the settings each trail was created with', async () => {
    await east.send(
      new CreateTrailCommand({
        Name: 'audit',
        S3BucketName: 'audit-logs',
        S3KeyPrefix: 'prod',
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        IncludeGlobalServiceEvents: true,
      }),
    );
    await east.send(new CreateTrailCommand({ Name: 'plain', S3BucketName: 'plain-logs', IncludeGlobalServiceEvents: false }));

    const res = await t.query<{ trails: { edges: { node: Record<string, unknown> }[] } }>(`{
      trails(first: 10) {
        edges { node {
          name arn homeRegion s3BucketName s3KeyPrefix snsTopicArn includeGlobalServiceEvents isMultiRegionTrail
          isOrganizationTrail logFileValidationEnabled cloudWatchLogsLogGroupArn kmsKeyId hasCustomEventSelectors
          hasInsightSelectors
        } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const byName = Object.fromEntries(res.data!.trails.edges.map((e) => [e.node.name, e.node]));
    expect(byName.audit).toEqual({
      name: 'audit',
      arn: arnOf('us-east-1', 'audit'),
      homeRegion: 'us-east-1',
      s3BucketName: 'audit-logs',
      s3KeyPrefix: 'prod',
      snsTopicArn: null,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      isOrganizationTrail: false,
      logFileValidationEnabled: true,
      cloudWatchLogsLogGroupArn: null,
      kmsKeyId: null,
      // AWS: a new trail logs all management events (the default selector) and has Insights off.
      hasCustomEventSelectors: false,
      hasInsightSelectors: false,
    });
    expect(byName.plain).toMatchObject({ includeGlobalServiceEvents: false, isMultiRegionTrail: false, s3KeyPrefix: null });
    // One ListTrails page of two, and both trails described in one DescribeTrails call.
    expect(res.extensions?.awsCalls).toEqual({ DescribeTrails: 1, ListTrails: 1 });
  });

  for (const first of [1, PAGE_SIZE, PAGE_SIZE + 1, 5]) {
    it(`walks five trails forward with first=${first} (AWS pages of ${PAGE_SIZE}), each once and in order`, async () => {
      const names = ['trail-a', 'trail-b', 'trail-c', 'trail-d', 'trail-e'];
      await createTrails(east, names);
      const seen: string[] = [];
      const listTrailsCalls: number[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const res: GraphQLResponse<TrailsPage> = await t.query<TrailsPage>(TRAILS_PAGE, { first, after });
        expect(res.errors).toBeUndefined();
        const { edges, pageInfo } = res.data!.trails;
        seen.push(...edges.map((e) => e.node.name));
        listTrailsCalls.push(res.extensions?.awsCalls?.ListTrails ?? 0);
        expect(pageInfo.hasPreviousPage).toBe(after !== null);
        expect(pageInfo.hasNextPage).toBe(seen.length < names.length);
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen).toEqual(names);
      // Independent count: client page k holds items [k*first, min(5,(k+1)*first)) and fetches the
      // AWS pages of size 2 that hold them.
      const expected = Array.from({ length: Math.ceil(5 / first) }, (_, k) => {
        const last = Math.min(5, (k + 1) * first) - 1;
        return Math.floor(last / PAGE_SIZE) - Math.floor((k * first) / PAGE_SIZE) + 1;
      });
      expect(listTrailsCalls).toEqual(expected);
    });
  }

  it('walks past the AWS page size in one request and describes the collected trails in one call', async () => {
    const names = ['trail-a', 'trail-b', 'trail-c', 'trail-d', 'trail-e'];
    await createTrails(east, names);
    const res = await t.query<{ trails: { edges: { node: { name: string; s3BucketName: string } }[] } }>(
      '{ trails(first: 5) { edges { node { name s3BucketName status { isLogging } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.trails.edges.map((e) => e.node)).toEqual(
      names.map((name) => ({ name, s3BucketName: `${name}-logs`, status: { isLogging: false } })),
    );
    // Five trails in AWS pages of two: three ListTrails pages, then one DescribeTrails for all five.
    expect(res.extensions?.awsCalls).toEqual({ ListTrails: 3, DescribeTrails: 1, GetTrailStatus: 5 });
  });

  it('answers id, name, arn and homeRegion from ListTrails alone, with no DescribeTrails', async () => {
    await createTrails(east, ['trail-a']);
    await createTrails(west, ['trail-w']);
    const res = await t.query<{ trails: { edges: { node: Record<string, string> }[] } }>(
      '{ trails(first: 5) { edges { node { __typename id name arn homeRegion } } } }',
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.trails.edges.map((e) => e.node).sort((a, b) => a.name!.localeCompare(b.name!));
    expect(nodes).toEqual([
      { __typename: 'Trail', id: globalId(arnOf('us-east-1', 'trail-a')), name: 'trail-a', arn: arnOf('us-east-1', 'trail-a'), homeRegion: 'us-east-1' },
      { __typename: 'Trail', id: globalId(arnOf('eu-west-1', 'trail-w')), name: 'trail-w', arn: arnOf('eu-west-1', 'trail-w'), homeRegion: 'eu-west-1' },
    ]);
    // AWS: ListTrails' TrailInfo holds TrailARN, Name and HomeRegion.
    expect(res.extensions?.awsCalls).toEqual({ ListTrails: 1 });
  });

  it('describes the trails when a field ListTrails does not return is selected, even through a fragment', async () => {
    await createTrails(east, ['trail-a']);
    const res = await t.query<{ trails: { edges: { node: { name: string; s3BucketName: string } }[] } }>(
      '{ trails { edges { node { name ...Bucket } } } } fragment Bucket on Trail { ... on Trail { s3BucketName } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.trails.edges.map((e) => e.node)).toEqual([{ name: 'trail-a', s3BucketName: 'trail-a-logs' }]);
    expect(res.extensions?.awsCalls).toEqual({ ListTrails: 1, DescribeTrails: 1 });
  });

  it('answers an account without trails with no edges, no next page and one ListTrails call', async () => {
    const res = await t.query<TrailsPage>(TRAILS_PAGE, { first: 5, region: 'ap-south-1' });
    expect(res.data!.trails.edges).toEqual([]);
    expect(res.data!.trails.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
    expect(res.extensions?.awsCalls).toEqual({ ListTrails: 1 });
  });

  it('refuses a cursor used with another region, whose endpoint did not issue its NextToken, before calling AWS', async () => {
    await createTrails(east, ['trail-a', 'trail-b', 'trail-c']);
    const first = await t.query<TrailsPage>(TRAILS_PAGE, { first: 1 });
    const cursor = first.data!.trails.pageInfo.endCursor;
    const res = await t.query<TrailsPage>(TRAILS_PAGE, { first: 1, after: cursor, region: 'eu-west-1' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/cursor was issued for other arguments/);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('accepts a cursor when the region is named explicitly as the default it was issued under', async () => {
    await createTrails(east, ['trail-a', 'trail-b']);
    const first = await t.query<TrailsPage>(TRAILS_PAGE, { first: 1 });
    const res = await t.query<TrailsPage>(TRAILS_PAGE, {
      first: 1,
      after: first.data!.trails.pageInfo.endCursor,
      region: 'us-east-1',
    });
    expect(res.data!.trails.edges.map((e) => e.node.name)).toEqual(['trail-b']);
  });

  it('answers first: 0 with no edges and no AWS call (Relay refuses only a negative first)', async () => {
    const res = await t.query<TrailsPage>(`{ trails(first: 0) { edges { cursor } pageInfo { hasNextPage endCursor } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.trails.edges).toEqual([]);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('accepts the region code of the European Sovereign Cloud, eusc-de-east-1', async () => {
    const res = await t.query<TrailsPage>(TRAILS_PAGE, { region: 'eusc-de-east-1' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.trails.edges).toEqual([]);
    expect(res.extensions?.awsCalls).toEqual({ ListTrails: 1 });
  });

  it.each([
    ['first: -1', '`first` must be between 0 and 100'],
    ['first: 101', '`first` must be between 0 and 100'],
    ['last: 2', 'pages forward only'],
    ['before: "x", first: 1', 'pages forward only'],
    ['after: "not-a-cursor", first: 1', 'not a cursor of this connection'],
    ['region: "moon-1"', 'AWS region code'],
  ])('refuses %s with BAD_USER_INPUT and no AWS call', async (args, message) => {
    const res = await t.query(`{ trails(${args}) { edges { cursor } } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain(message);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('lists every trail of the account through any region, each described in its home region', async () => {
    // AWS ListTrails "Lists trails that are in the current account", whatever their home region.
    await east.send(new CreateTrailCommand({ Name: 'east-only', S3BucketName: 'logs' }));
    await east.send(new CreateTrailCommand({ Name: 'org-wide', S3BucketName: 'logs', IsMultiRegionTrail: true }));
    await west.send(new CreateTrailCommand({ Name: 'local', S3BucketName: 'logs' }));
    type Listed = { edges: { node: { name: string; arn: string; homeRegion: string; isMultiRegionTrail: boolean } }[] };
    const res = await t.query<{ eu: Listed; ap: Listed }>(`{
      eu: trails(region: "eu-west-1") { edges { node { name arn homeRegion isMultiRegionTrail } } }
      ap: trails(region: "ap-south-1") { edges { node { name arn homeRegion isMultiRegionTrail } } }
    }`);
    expect(res.errors).toBeUndefined();
    const expected = [
      { name: 'east-only', arn: arnOf('us-east-1', 'east-only'), homeRegion: 'us-east-1', isMultiRegionTrail: false },
      { name: 'local', arn: arnOf('eu-west-1', 'local'), homeRegion: 'eu-west-1', isMultiRegionTrail: false },
      { name: 'org-wide', arn: arnOf('us-east-1', 'org-wide'), homeRegion: 'us-east-1', isMultiRegionTrail: true },
    ];
    const byName = (listed: Listed) => listed.edges.map((e) => e.node).sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(res.data!.eu)).toEqual(expected);
    expect(byName(res.data!.ap)).toEqual(expected);
    expect(res.extensions?.awsCalls).toEqual({
      // Three trails in AWS pages of two, listed through two regional endpoints.
      ListTrails: 2 * Math.ceil(3 / PAGE_SIZE),
      // One DescribeTrails per home region (us-east-1, eu-west-1), shared by both connections of the request.
      DescribeTrails: 2,
    });
  });
});

describe('AWS failures in fields without an error union', () => {
  it('reports a throttled ListTrails as a retryable GraphQL error coded ThrottlingException', async () => {
    t.emulator.faults.set({ failures: [{ operation: 'ListTrails', errorType: 'ThrottlingException', times: 1 }] });
    const res = await t.query<TrailsPage>(TRAILS_PAGE, { first: 2 });
    expect(res.data).toEqual({ trails: null });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'ThrottlingException', retryable: true });
    expect(res.errors?.[0]?.extensions?.awsRequestId).toEqual(expect.any(String));
  });

  it('fails only the status of a trail whose GetTrailStatus fails, keeping the rest of the page', async () => {
    await createTrails(east, ['trail-a', 'trail-b']);
    t.emulator.faults.set({ failures: [{ operation: 'GetTrailStatus', errorType: 'ThrottlingException', times: 1 }] });
    const res = await t.query<{ trails: { edges: { node: { name: string; status: { isLogging: boolean } | null } }[] } }>(
      '{ trails { edges { node { name status { isLogging } } } } }',
    );
    const statuses = res.data!.trails.edges.map((e) => e.node.status);
    expect(statuses.filter((s) => s === null)).toHaveLength(1);
    expect(statuses.filter((s) => s !== null)).toEqual([{ isLogging: false }]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.extensions?.code).toBe('ThrottlingException');
    expect(res.errors?.[0]?.path?.at(-1)).toBe('status');
  });
});

describe('trail(nameOrArn:)', () => {
  const TRAIL = /* GraphQL */ `
    query ($nameOrArn: String!, $region: String) {
      trail(nameOrArn: $nameOrArn, region: $region) {
        __typename
        ... on Trail { id name arn homeRegion }
        ... on AwsError { code message requestId retryable rejectedBeforeCall }
      }
    }
  `;

  it('finds a trail by name in the default region and by ARN, with one DescribeTrails call each', async () => {
    await createTrails(east, ['audit']);
    const byName = await t.query<{ trail: Record<string, unknown> }>(TRAIL, { nameOrArn: 'audit' });
    expect(byName.data!.trail).toMatchObject({ __typename: 'Trail', name: 'audit', arn: arnOf('us-east-1', 'audit') });
    expect(byName.extensions?.awsCalls).toEqual({ DescribeTrails: 1 });
    const byArn = await t.query<{ trail: Record<string, unknown> }>(TRAIL, { nameOrArn: arnOf('us-east-1', 'audit') });
    expect(byArn.data!.trail).toMatchObject({ __typename: 'Trail', name: 'audit', id: byName.data!.trail.id });
  });

  it('finds a trail by name in the region asked for', async () => {
    await createTrails(west, ['audit']);
    const res = await t.query<{ trail: Record<string, unknown> }>(TRAIL, { nameOrArn: 'audit', region: 'eu-west-1' });
    expect(res.data!.trail).toMatchObject({ __typename: 'Trail', homeRegion: 'eu-west-1' });
  });

  it('answers an unknown trail with a TrailNotFoundException result', async () => {
    const res = await t.query<{ trail: Record<string, unknown> }>(TRAIL, { nameOrArn: 'missing' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.trail).toMatchObject({
      __typename: 'TrailNotFoundException',
      code: 'TrailNotFoundException',
      retryable: false,
      rejectedBeforeCall: false,
    });
    expect(res.data!.trail.message).toContain('missing');
  });

  it('answers a shadow trail asked for by name in another region as not found, and finds it by ARN', async () => {
    // AWS DescribeTrails: "To return information about a trail in another Region, you must specify its trail ARN."
    await east.send(new CreateTrailCommand({ Name: 'org-wide', S3BucketName: 'logs', IsMultiRegionTrail: true }));
    const byName = await t.query<{ trail: Record<string, unknown> }>(TRAIL, { nameOrArn: 'org-wide', region: 'eu-west-1' });
    expect(byName.data!.trail.__typename).toBe('TrailNotFoundException');
    const byArn = await t.query<{ trail: Record<string, unknown> }>(TRAIL, {
      nameOrArn: arnOf('us-east-1', 'org-wide'),
      region: 'eu-west-1',
    });
    expect(byArn.data!.trail).toMatchObject({ __typename: 'Trail', homeRegion: 'us-east-1' });
  });

  it.each([
    // AWS: names are 3-128 characters of letters, digits, periods, underscores and dashes.
    ['ab', 'InvalidTrailNameException'],
    ['my--trail', 'InvalidTrailNameException'],
    ['192.168.5.4', 'InvalidTrailNameException'],
    ['arn:aws:cloudtrail:us-east-1:123:trail/x', 'CloudTrailARNInvalidException'],
  ])('refuses %s with %s before calling AWS', async (nameOrArn, code) => {
    const res = await t.query<{ trail: Record<string, unknown> }>(TRAIL, { nameOrArn });
    expect(res.data!.trail).toMatchObject({ __typename: code, code, rejectedBeforeCall: true, requestId: null });
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('serves a trail asked for by name, by ARN and by node id in one request from one DescribeTrails call', async () => {
    await createTrails(east, ['audit']);
    const arn = arnOf('us-east-1', 'audit');
    // Relay global ID: base64 of "<type>:<local id>", the local id being the ARN.
    const id = Buffer.from(`Trail:${arn}`).toString('base64');
    const res = await t.query<Record<string, { name: string }>>(`{
      byName: trail(nameOrArn: "audit") { ... on Trail { name } }
      byArn: trail(nameOrArn: "${arn}") { ... on Trail { name } }
      byId: node(id: "${id}") { ... on Trail { name } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ byName: { name: 'audit' }, byArn: { name: 'audit' }, byId: { name: 'audit' } });
    expect(res.extensions?.awsCalls).toEqual({ DescribeTrails: 1 });
  });
});
