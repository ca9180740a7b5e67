import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail, trailArn } from '../helpers/trails.js';
import { createInsightsStore, createSourceStore } from './selector-fixtures.js';

/**
 * Mutation inputs take the global IDs the API hands out, besides names and ARNs: a client that
 * read a trail's `id` sends it back. An ID of another type is the client's mistake, refused with
 * BAD_USER_INPUT before any AWS call.
 */

/** Relay global IDs: base64 of "<type name>:<local id>"; the local id of a trail or store is its ARN. */
const globalId = (type: string, localId: string) => Buffer.from(`${type}:${localId}`).toString('base64');

let t: TestGateway;
let east: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway();
  east = t.sdkClient('us-east-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const PUT_TRAIL = `mutation ($input: PutTrailInsightSelectorsInput!) { putTrailInsightSelectors(input: $input) {
  __typename ... on PutTrailInsightSelectorsPayload { trail { id name hasInsightSelectors } } ... on AwsError { code } } }`;
const PUT_EVENT_SELECTORS = `mutation ($input: PutEventSelectorsInput!) { putEventSelectors(input: $input) {
  __typename ... on PutEventSelectorsPayload { trail { id name } } ... on AwsError { code } } }`;
const PUT_STORE = `mutation ($input: PutEventDataStoreInsightSelectorsInput!) { putEventDataStoreInsightSelectors(input: $input) {
  __typename ... on PutEventDataStoreInsightSelectorsPayload { eventDataStore { id insightsDestination { id } } } ... on AwsError { code } } }`;

describe('trail inputs', () => {
  it('putTrailInsightSelectors takes the id read from a trail, and answers the same id', async () => {
    await createTrail(east, 'audit');
    const listed = await t.query<{ trails: { edges: { node: { id: string } }[] } }>('{ trails { edges { node { id } } } }');
    const id = listed.data!.trails.edges[0]!.node.id;
    const res = await t.query<{ putTrailInsightSelectors: unknown }>(PUT_TRAIL, {
      input: { trail: id, insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.putTrailInsightSelectors).toEqual({
      __typename: 'PutTrailInsightSelectorsPayload',
      trail: { id, name: 'audit', hasInsightSelectors: true },
    });
  });

  it('putEventSelectors takes a trail id of another region, and sends the call to that region', async () => {
    const west = t.sdkClient('eu-west-1');
    await createTrail(west, 'europe');
    const id = globalId('Trail', trailArn('eu-west-1', 'europe'));
    const res = await t.query<{ putEventSelectors: unknown }>(PUT_EVENT_SELECTORS, {
      input: { trail: id, basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.putEventSelectors).toEqual({ __typename: 'PutEventSelectorsPayload', trail: { id, name: 'europe' } });
  });

  it.each([
    ['an event data store id', globalId('EventDataStore', 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/abc')],
    ['an InsightEvent id', globalId('InsightEvent', '{"region":"us-east-1","startEventId":"x"}')],
  ])('refuses %s as the trail with BAD_USER_INPUT, calling no AWS', async (_name, id) => {
    const res = await t.query<{ putTrailInsightSelectors: unknown }>(PUT_TRAIL, { input: { trail: id, insightSelectors: [] } });
    expect(res.data).toEqual({ putTrailInsightSelectors: null });
    expect(res.errors?.[0]).toMatchObject({ path: ['putTrailInsightSelectors'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0]?.message).toMatch(/`trail` takes a Trail/);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('still treats a trail name that is base64 of something else ("audits") as a name', async () => {
    await createTrail(east, 'YXVkaXRz', { S3BucketName: 'audits-logs' });
    const res = await t.query<{ putTrailInsightSelectors: { trail: { name: string } } }>(PUT_TRAIL, {
      input: { trail: 'YXVkaXRz', insightSelectors: [] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.putTrailInsightSelectors.trail.name).toBe('YXVkaXRz');
  });
});

describe('event data store inputs', () => {
  it('putEventDataStoreInsightSelectors takes the ids of the source and destination stores', async () => {
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    const [sourceId, destinationId] = [globalId('EventDataStore', source), globalId('EventDataStore', destination)];
    const res = await t.query<{ putEventDataStoreInsightSelectors: unknown }>(PUT_STORE, {
      input: { eventDataStore: sourceId, insightsDestination: destinationId, insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.putEventDataStoreInsightSelectors).toEqual({
      __typename: 'PutEventDataStoreInsightSelectorsPayload',
      eventDataStore: { id: sourceId, insightsDestination: { id: destinationId } },
    });
  });

  it('refuses a trail id as the destination with BAD_USER_INPUT, calling no AWS', async () => {
    const source = await createSourceStore(east, 'management-events');
    const res = await t.query<{ putEventDataStoreInsightSelectors: unknown }>(PUT_STORE, {
      input: {
        eventDataStore: source,
        insightsDestination: globalId('Trail', trailArn('us-east-1', 'audit')),
        insightSelectors: [{ insightType: 'ApiCallRateInsight' }],
      },
    });
    expect(res.data).toEqual({ putEventDataStoreInsightSelectors: null });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0]?.message).toMatch(/`insightsDestination` takes a EventDataStore/);
    expect(res.extensions?.awsCalls).toEqual({});
  });
});
