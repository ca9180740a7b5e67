import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PutEventSelectorsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail } from '../helpers/trails.js';
import { AWS_ERROR_FIELDS, type AwsErrorResult } from './selector-fixtures.js';

let t: TestGateway;
let east: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway();
  east = t.sdkClient('us-east-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const SELECTORS = /* GraphQL */ `
  __typename
  ... on BasicEventSelectors {
    selectors { readWriteType includeManagementEvents dataResources { type values } excludeManagementEventSources }
  }
  ... on AdvancedEventSelectors {
    selectors { name fieldSelectors { field equals startsWith endsWith notEquals notStartsWith notEndsWith } }
  }
`;

type Selectors = { __typename: 'BasicEventSelectors' | 'AdvancedEventSelectors'; selectors: Record<string, unknown>[] };

/** AWS: a trail created without event selectors logs all read and write management events, no data events. */
const DEFAULT_SELECTORS: Selectors = {
  __typename: 'BasicEventSelectors',
  selectors: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }],
};

const S3_WRITES_SELECTOR = {
  name: 'S3 writes',
  fieldSelectors: [
    { field: 'eventCategory', equals: ['Data'] },
    { field: 'resources.type', equals: ['AWS::S3::Object'] },
    { field: 'readOnly', equals: ['false'] },
  ],
};
/** The same selector as the API returns it: every operator not used is null. */
const S3_WRITES_READ_BACK = {
  name: 'S3 writes',
  fieldSelectors: S3_WRITES_SELECTOR.fieldSelectors.map((f) => ({
    startsWith: null,
    endsWith: null,
    notEquals: null,
    notStartsWith: null,
    notEndsWith: null,
    ...f,
  })),
};

const PUT = /* GraphQL */ `
  mutation ($input: PutEventSelectorsInput!) {
    putEventSelectors(input: $input) {
      ${AWS_ERROR_FIELDS}
      ... on PutEventSelectorsPayload {
        trail { name hasCustomEventSelectors eventSelectors { ${SELECTORS} } }
        previousEventSelectors { ${SELECTORS} }
        eventSelectors { ${SELECTORS} }
      }
    }
  }
`;

interface PutPayload {
  trail: { name: string; hasCustomEventSelectors: boolean; eventSelectors: Selectors };
  previousEventSelectors: Selectors;
  eventSelectors: Selectors;
}

async function put(input: Record<string, unknown>) {
  return t.query<{ putEventSelectors: PutPayload & AwsErrorResult }>(PUT, { input });
}

async function trailSelectors(name: string): Promise<{ hasCustomEventSelectors: boolean; eventSelectors: Selectors }> {
  const res = await t.query<{ trail: { hasCustomEventSelectors: boolean; eventSelectors: Selectors } }>(
    `query ($n: String!) { trail(nameOrArn: $n) { ... on Trail { hasCustomEventSelectors eventSelectors { ${SELECTORS} } } } }`,
    { n: name },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.trail;
}

describe('Trail.eventSelectors', () => {
  it('reads a new trail as one basic selector logging all management events', async () => {
    await createTrail(east, 'audit');
    expect(await trailSelectors('audit')).toEqual({ hasCustomEventSelectors: false, eventSelectors: DEFAULT_SELECTORS });
  });

  it('calls GetEventSelectors once per trail, however often the trail is asked for', async () => {
    await createTrail(east, 'audit');
    await createTrail(east, 'backup');
    const res = await t.query(`{
      a: trail(nameOrArn: "audit") { ... on Trail { eventSelectors { __typename } } }
      b: trail(nameOrArn: "audit") { ... on Trail { eventSelectors { __typename } } }
      trails(first: 10) { edges { node { eventSelectors { __typename } } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.awsCalls?.GetEventSelectors).toBe(2);
  });

  it('reads advanced selectors set through the SDK as AdvancedEventSelectors', async () => {
    await createTrail(east, 'audit');
    await east.send(
      new PutEventSelectorsCommand({
        TrailName: 'audit',
        AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
      }),
    );
    const { eventSelectors } = await trailSelectors('audit');
    expect(eventSelectors.__typename).toBe('AdvancedEventSelectors');
  });
});

describe('putEventSelectors', () => {
  it('sets basic selectors: the payload shows the default before, and hasCustomEventSelectors flips', async () => {
    await createTrail(east, 'audit');
    const basic = [
      {
        readWriteType: 'WriteOnly',
        includeManagementEvents: true,
        dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::amzn-s3-demo-bucket1/'] }],
        excludeManagementEventSources: ['kms.amazonaws.com'],
      },
    ];
    const res = await put({ trail: 'audit', basic });
    expect(res.errors).toBeUndefined();
    const expected: Selectors = { __typename: 'BasicEventSelectors', selectors: basic };
    expect(res.data!.putEventSelectors).toEqual({
      __typename: 'PutEventSelectorsPayload',
      trail: { name: 'audit', hasCustomEventSelectors: true, eventSelectors: expected },
      previousEventSelectors: DEFAULT_SELECTORS,
      eventSelectors: expected,
    });
    // Selectors read once before the put; the trail read back once; its new selectors come from the put's answer.
    expect(res.extensions?.awsCalls).toEqual({ GetEventSelectors: 1, PutEventSelectors: 1, DescribeTrails: 1 });
    expect(await trailSelectors('audit')).toEqual({ hasCustomEventSelectors: true, eventSelectors: expected });
  });

  it('fills in AWS defaults for members left out: ReadWriteType All, management events included', async () => {
    await createTrail(east, 'audit');
    const res = await put({ trail: 'audit', basic: [{ readWriteType: 'ReadOnly' }] });
    expect(res.data!.putEventSelectors.eventSelectors.selectors).toEqual([
      { readWriteType: 'ReadOnly', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] },
    ]);
  });

  it('advanced selectors replace basic ones, and the payload shows the basic ones they replaced', async () => {
    await createTrail(east, 'audit');
    const res = await put({ trail: 'audit', advanced: [S3_WRITES_SELECTOR] });
    expect(res.errors).toBeUndefined();
    const advanced: Selectors = { __typename: 'AdvancedEventSelectors', selectors: [S3_WRITES_READ_BACK] };
    expect(res.data!.putEventSelectors.previousEventSelectors).toEqual(DEFAULT_SELECTORS);
    expect(res.data!.putEventSelectors.trail.eventSelectors).toEqual(advanced);
    expect((await trailSelectors('audit')).eventSelectors).toEqual(advanced);
  });

  it('basic selectors replace advanced ones, and the payload shows the advanced ones they replaced', async () => {
    await createTrail(east, 'audit');
    await put({ trail: 'audit', advanced: [S3_WRITES_SELECTOR] });
    const res = await put({ trail: 'audit', basic: [{ readWriteType: 'All', includeManagementEvents: true }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.putEventSelectors.previousEventSelectors).toEqual({
      __typename: 'AdvancedEventSelectors',
      selectors: [S3_WRITES_READ_BACK],
    });
    expect((await trailSelectors('audit')).eventSelectors).toEqual(DEFAULT_SELECTORS);
  });

  it.each([
    ['both basic and advanced', { basic: [{ readWriteType: 'All' }], advanced: [S3_WRITES_SELECTOR] }],
    ['neither basic nor advanced', {}],
    ['six basic selectors (AWS: at most five)', { basic: Array.from({ length: 6 }, () => ({ readWriteType: 'All' })) }],
    ['a data resource type basic selectors do not support', { basic: [{ dataResources: [{ type: 'AWS::SNS::Topic', values: ['arn:aws:sns'] }] }] }],
  ])('refuses %s before calling AWS, as InvalidEventSelectorsException', async (_case, selectors) => {
    await createTrail(east, 'audit');
    const res = await put({ trail: 'audit', ...selectors });
    expect(res.data!.putEventSelectors).toMatchObject({
      __typename: 'InvalidEventSelectorsException',
      code: 'InvalidEventSelectorsException',
      retryable: false,
      rejectedBeforeCall: true,
    });
    expect(res.extensions?.awsCalls).toEqual({});
    expect((await trailSelectors('audit')).eventSelectors).toEqual(DEFAULT_SELECTORS);
  });
});
