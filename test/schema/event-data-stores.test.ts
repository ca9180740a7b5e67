import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateEventDataStoreCommand,
  CreateTrailCommand,
  DeleteEventDataStoreCommand,
  type CloudTrailClient,
} from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
/** AWS page size of ListEventDataStores in these tests: five stores span three pages. */
const PAGE_SIZE = 2;
const globalId = (type: string, localId: string) => Buffer.from(`${type}:${localId}`).toString('base64');

let t: TestGateway;
let east: CloudTrailClient;
let west: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway({ emulator: { pageSize: PAGE_SIZE, now: NOW } });
  east = t.sdkClient('us-east-1');
  west = t.sdkClient('eu-west-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

async function createStores(client: CloudTrailClient, names: string[]): Promise<string[]> {
  const arns: string[] = [];
  for (const name of names) {
    const out = await client.send(new CreateEventDataStoreCommand({ Name: name }));
    arns.push(out.EventDataStoreArn!);
  }
  return arns;
}

interface StoresPage {
  eventDataStores: {
    edges: { node: { name: string; arn: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const STORES_PAGE = /* GraphQL */ `
  query ($first: Int, $after: String, $region: String) {
    eventDataStores(first: $first, after: $after, region: $region) {
      edges { node { name arn } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

describe('eventDataStores connection', () => {
  for (const first of [1, PAGE_SIZE, PAGE_SIZE + 1]) {
    it(`walks five stores forward with first=${first} (AWS pages of ${PAGE_SIZE}), each once, without GetEventDataStore`, async () => {
      const names = ['store-a', 'store-b', 'store-c', 'store-d', 'store-e'];
      const arns = await createStores(east, names);
      const seen: { name: string; arn: string }[] = [];
      const calls: Record<string, number>[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const res: GraphQLResponse<StoresPage> = await t.query<StoresPage>(STORES_PAGE, { first, after });
        expect(res.errors).toBeUndefined();
        seen.push(...res.data!.eventDataStores.edges.map((e) => e.node));
        calls.push(res.extensions?.awsCalls ?? {});
        const { pageInfo } = res.data!.eventDataStores;
        expect(pageInfo.hasNextPage).toBe(seen.length < names.length);
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen.map((s) => s.name).sort()).toEqual(names);
      expect(new Set(seen.map((s) => s.arn))).toEqual(new Set(arns));
      // Names and ARNs come with ListEventDataStores: no per-store call.
      for (const c of calls) expect(Object.keys(c)).toEqual(['ListEventDataStores']);
      const expected = Array.from({ length: Math.ceil(5 / first) }, (_, k) => {
        const last = Math.min(5, (k + 1) * first) - 1;
        return Math.floor(last / PAGE_SIZE) - Math.floor((k * first) / PAGE_SIZE) + 1;
      });
      expect(calls.map((c) => c.ListEventDataStores)).toEqual(expected);
    });
  }

  it('exposes what the store was created with, one GetEventDataStore per store', async () => {
    await east.send(
      new CreateEventDataStoreCommand({
        Name: 'audit-lake',
        RetentionPeriod: 90,
        MultiRegionEnabled: false,
        TerminationProtectionEnabled: false,
        BillingMode: 'FIXED_RETENTION_PRICING',
        AdvancedEventSelectors: [
          {
            Name: 'S3 writes',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'readOnly', Equals: ['false'] },
            ],
          },
        ],
        TagsList: [{ Key: 'env', Value: 'prod' }],
      }),
    );
    await createStores(east, ['defaults']);
    const res = await t.query<{ eventDataStores: { edges: { node: Record<string, unknown> }[] } }>(`{
      eventDataStores {
        edges { node {
          name region status multiRegionEnabled organizationEnabled retentionPeriod terminationProtectionEnabled
          createdTimestamp updatedTimestamp billingMode kmsKeyId
          advancedEventSelectors { name fieldSelectors { field equals startsWith notEquals } }
          tags { key value }
        } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const byName = Object.fromEntries(res.data!.eventDataStores.edges.map((e) => [e.node.name, e.node]));
    expect(byName['audit-lake']).toEqual({
      name: 'audit-lake',
      region: 'us-east-1',
      status: 'ENABLED',
      multiRegionEnabled: false,
      organizationEnabled: false,
      retentionPeriod: 90,
      terminationProtectionEnabled: false,
      createdTimestamp: NOW.toISOString(),
      updatedTimestamp: NOW.toISOString(),
      billingMode: 'FIXED_RETENTION_PRICING',
      kmsKeyId: null,
      advancedEventSelectors: [
        {
          name: 'S3 writes',
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'], startsWith: null, notEquals: null },
            { field: 'resources.type', equals: ['AWS::S3::Object'], startsWith: null, notEquals: null },
            { field: 'readOnly', equals: ['false'], startsWith: null, notEquals: null },
          ],
        },
      ],
      tags: [{ key: 'env', value: 'prod' }],
    });
    // AWS CreateEventDataStore defaults: multi-region and termination protection on, extendable
    // pricing with 366 days of retention, all management events.
    expect(byName.defaults).toMatchObject({
      multiRegionEnabled: true,
      terminationProtectionEnabled: true,
      billingMode: 'EXTENDABLE_RETENTION_PRICING',
      retentionPeriod: 366,
      advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }],
      tags: [],
    });
    expect(res.extensions?.awsCalls).toEqual({ ListEventDataStores: 1, GetEventDataStore: 2, ListTags: 1 });
  });

  it('refuses a cursor used with another region, before calling AWS', async () => {
    await createStores(east, ['store-a', 'store-b', 'store-c']);
    const first = await t.query<StoresPage>(STORES_PAGE, { first: 1 });
    const res = await t.query(STORES_PAGE, { first: 1, after: first.data!.eventDataStores.pageInfo.endCursor, region: 'eu-west-1' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('refuses a trails cursor, before calling AWS', async () => {
    await createStores(east, ['store-a']);
    await east.send(new CreateTrailCommand({ Name: 'trail-a', S3BucketName: 'logs' }));
    await east.send(new CreateTrailCommand({ Name: 'trail-b', S3BucketName: 'logs' }));
    const trails = await t.query<{ trails: { pageInfo: { endCursor: string } } }>('{ trails(first: 1) { pageInfo { endCursor } } }');
    const res = await t.query(STORES_PAGE, { first: 1, after: trails.data!.trails.pageInfo.endCursor });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('lists the stores of the region asked for', async () => {
    await createStores(east, ['east-store']);
    await createStores(west, ['west-store']);
    const res = await t.query<StoresPage>(STORES_PAGE, { region: 'eu-west-1' });
    expect(res.data!.eventDataStores.edges.map((e) => e.node.name)).toEqual(['west-store']);
  });
});

describe('eventDataStore(arn:)', () => {
  const STORE = /* GraphQL */ `
    query ($arn: String!) {
      eventDataStore(arn: $arn) {
        __typename
        ... on EventDataStore { id name status }
        ... on AwsError { code message requestId rejectedBeforeCall }
      }
    }
  `;

  it('answers the store for its ARN', async () => {
    const [arn] = await createStores(west, ['lake']);
    const res = await t.query<{ eventDataStore: Record<string, unknown> }>(STORE, { arn });
    expect(res.data!.eventDataStore).toEqual({
      __typename: 'EventDataStore',
      id: globalId('EventDataStore', arn!),
      name: 'lake',
      status: 'ENABLED',
    });
    expect(res.extensions?.awsCalls).toEqual({ GetEventDataStore: 1 });
  });

  it('reports a deleted store as PENDING_DELETION', async () => {
    const out = await east.send(new CreateEventDataStoreCommand({ Name: 'lake', TerminationProtectionEnabled: false }));
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: out.EventDataStoreArn }));
    const res = await t.query<{ eventDataStore: Record<string, unknown> }>(STORE, { arn: out.EventDataStoreArn });
    expect(res.data!.eventDataStore).toMatchObject({ __typename: 'EventDataStore', status: 'PENDING_DELETION' });
  });

  it('answers an unknown store with an EventDataStoreNotFoundException result from AWS', async () => {
    const arn = 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/00000000-0000-4000-8000-000000000000';
    const res = await t.query<{ eventDataStore: Record<string, unknown> }>(STORE, { arn });
    expect(res.errors).toBeUndefined();
    expect(res.data!.eventDataStore).toMatchObject({
      __typename: 'EventDataStoreNotFoundException',
      code: 'EventDataStoreNotFoundException',
      rejectedBeforeCall: false,
    });
    expect(res.data!.eventDataStore.requestId).toEqual(expect.any(String));
  });

  it.each([
    'not-an-arn',
    'arn:aws:cloudtrail:us-east-1:123456789012:trail/audit',
    'arn:aws:cloudtrail:us-east-1:123:eventdatastore/abc',
  ])('refuses %s with EventDataStoreARNInvalidException before calling AWS', async (arn) => {
    const res = await t.query<{ eventDataStore: Record<string, unknown> }>(STORE, { arn });
    expect(res.data!.eventDataStore).toMatchObject({
      __typename: 'EventDataStoreARNInvalidException',
      rejectedBeforeCall: true,
      requestId: null,
    });
    expect(res.extensions?.awsCalls).toEqual({});
  });
});

describe('EventDataStore as a Relay node', () => {
  it('round-trips an id from the connection through node(id:), with one GetEventDataStore', async () => {
    await createStores(east, ['lake']);
    const listed = await t.query<{ eventDataStores: { edges: { node: { id: string; arn: string } }[] } }>(
      '{ eventDataStores { edges { node { id arn } } } }',
    );
    const { id, arn } = listed.data!.eventDataStores.edges[0]!.node;
    expect(id).toBe(globalId('EventDataStore', arn));
    const res = await t.query<{ node: Record<string, unknown> }>(
      'query ($id: ID!) { node(id: $id) { __typename id ... on EventDataStore { name retentionPeriod } } }',
      { id },
    );
    expect(res.data!.node).toEqual({ __typename: 'EventDataStore', id, name: 'lake', retentionPeriod: 366 });
    expect(res.extensions?.awsCalls).toEqual({ GetEventDataStore: 1 });
  });

  it('fetches trails and stores of several regions with nodes(ids:), null for one that does not exist', async () => {
    const [eastStore] = await createStores(east, ['east-lake']);
    const [westStore] = await createStores(west, ['west-lake']);
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'logs' }));
    const ids = [
      globalId('EventDataStore', westStore!),
      globalId('Trail', 'arn:aws:cloudtrail:us-east-1:123456789012:trail/audit'),
      globalId('EventDataStore', 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/00000000-0000-4000-8000-000000000000'),
      globalId('EventDataStore', eastStore!),
    ];
    const res = await t.query<{ nodes: (Record<string, unknown> | null)[] }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on EventDataStore { name } ... on Trail { name } } }',
      { ids },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { __typename: 'EventDataStore', name: 'west-lake' },
      { __typename: 'Trail', name: 'audit' },
      null,
      { __typename: 'EventDataStore', name: 'east-lake' },
    ]);
    expect(res.extensions?.awsCalls).toEqual({ DescribeTrails: 1, GetEventDataStore: 3 });
  });
});
