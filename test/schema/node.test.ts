import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateTrailCommand, DeleteTrailCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { isInterfaceType } from 'graphql';
import { NODE_TYPE_NAMES } from '../../src/schema/global-ids.js';
import { schema } from '../../src/schema/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { trailArn } from '../helpers/trails.js';

/** Relay global IDs: base64 of "<type name>:<local id>"; the local id of a trail is its ARN. */
const globalId = (type: string, localId: string) => Buffer.from(`${type}:${localId}`).toString('base64');

let t: TestGateway;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway();
  east = t.sdkClient('us-east-1');
  west = t.sdkClient('eu-west-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

describe('Trail as a Relay node', () => {
  it('round-trips: the id a connection gives back fetches the same trail through node(id:)', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    const listed = await t.query<{ trails: { edges: { node: { id: string } }[] } }>('{ trails { edges { node { id } } } }');
    const id = listed.data!.trails.edges[0]!.node.id;
    expect(id).toBe(globalId('Trail', trailArn('us-east-1', 'audit')));

    const res = await t.query<{ node: Record<string, unknown> }>(
      'query ($id: ID!) { node(id: $id) { __typename id ... on Trail { name arn s3BucketName } } }',
      { id },
    );
    expect(res.data!.node).toEqual({
      __typename: 'Trail',
      id,
      name: 'audit',
      arn: trailArn('us-east-1', 'audit'),
      s3BucketName: 'audit-logs',
    });
    expect(res.extensions?.awsCalls).toEqual({ DescribeTrails: 1 });
  });

  it('answers node(id:) and nodes(ids:) asking for the same trail in one request, loading it once', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    const id = globalId('Trail', trailArn('us-east-1', 'audit'));
    const res = await t.query<{ node: { __typename: string; id: string }; nodes: { __typename: string; id: string }[] }>(
      'query ($id: ID!) { node(id: $id) { __typename id } nodes(ids: [$id, $id]) { __typename id } }',
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ node: { __typename: 'Trail', id }, nodes: [{ __typename: 'Trail', id }, { __typename: 'Trail', id }] });
    expect(res.extensions?.awsCalls).toEqual({ DescribeTrails: 1 });
  });

  it('fetches trails of several regions with nodes(ids:) in one DescribeTrails call per region, in order', async () => {
    await east.send(new CreateTrailCommand({ Name: 'east-a', S3BucketName: 'logs' }));
    await east.send(new CreateTrailCommand({ Name: 'east-b', S3BucketName: 'logs' }));
    await west.send(new CreateTrailCommand({ Name: 'west-a', S3BucketName: 'logs' }));
    const ids = [
      globalId('Trail', trailArn('eu-west-1', 'west-a')),
      globalId('Trail', trailArn('us-east-1', 'east-b')),
      globalId('Trail', trailArn('us-east-1', 'east-a')),
    ];
    const res = await t.query<{ nodes: ({ name: string; homeRegion: string } | null)[] }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Trail { name homeRegion } } }',
      { ids },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { name: 'west-a', homeRegion: 'eu-west-1' },
      { name: 'east-b', homeRegion: 'us-east-1' },
      { name: 'east-a', homeRegion: 'us-east-1' },
    ]);
    expect(res.extensions?.awsCalls).toEqual({ DescribeTrails: 2 });
  });

  it('resolves the id of a multi-region trail listed in another region to the trail in its home region', async () => {
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'logs', IsMultiRegionTrail: true }));
    const listed = await t.query<{ trails: { edges: { node: { id: string; homeRegion: string } }[] } }>(
      '{ trails(region: "eu-west-1") { edges { node { id homeRegion } } } }',
    );
    const [edge] = listed.data!.trails.edges;
    expect(edge!.node.homeRegion).toBe('us-east-1');
    const res = await t.query<{ node: Record<string, unknown> }>(
      'query ($id: ID!) { node(id: $id) { ... on Trail { name homeRegion isMultiRegionTrail } } }',
      { id: edge!.node.id },
    );
    expect(res.data!.node).toEqual({ name: 'everywhere', homeRegion: 'us-east-1', isMultiRegionTrail: true });
  });

  it('answers null for the id of a trail that was deleted since', async () => {
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'logs' }));
    await east.send(new DeleteTrailCommand({ Name: 'audit' }));
    const res = await t.query<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', {
      id: globalId('Trail', trailArn('us-east-1', 'audit')),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toBeNull();
  });

  it('answers null without calling AWS for a trail id whose ARN is malformed', async () => {
    const res = await t.query<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', {
      id: globalId('Trail', 'arn:aws:cloudtrail:us-east-1:123:trail/x'),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toBeNull();
    expect(res.extensions?.awsCalls).toEqual({});
  });
});

describe('malformed global IDs', () => {
  it.each([
    ['not base64 of anything', 'garbage'],
    ['base64 without a type name', Buffer.from('no-type-name').toString('base64')],
    ['the id of a type that is no Node', globalId('InsightStatistics', 'a1b2c3d4')],
  ])('node(id:) refuses %s as BAD_USER_INPUT, keeping the sibling fields and calling no AWS', async (_name, id) => {
    const res = await t.query<{ defaultRegion: string; node: unknown }>('query ($id: ID!) { defaultRegion node(id: $id) { id } }', { id });
    expect(res.data).toEqual({ defaultRegion: 'us-east-1', node: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({ path: ['node'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0]?.message).toContain(JSON.stringify(id));
    expect(res.errors?.[0]?.message).toMatch(/is not a global ID/);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('nodes(ids:) with one malformed ID is null with a BAD_USER_INPUT error', async () => {
    const res = await t.query<{ nodes: unknown }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [globalId('Trail', trailArn('us-east-1', 'audit')), 'garbage'],
    });
    expect(res.data).toEqual({ nodes: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['nodes'], 'BAD_USER_INPUT']]);
  });

  it('knows every type that implements Node, so no valid ID is refused', () => {
    const node = schema.getType('Node');
    if (!isInterfaceType(node)) throw new Error('the schema has no Node interface');
    const implementations = schema.getPossibleTypes(node).map((type) => type.name);
    expect([...NODE_TYPE_NAMES].sort()).toEqual(implementations.sort());
  });
});
