import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { describeWaves, recordAwsCalls, waveCount, type AwsCallRecorder } from '../../bench/waves.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail, enableTrailInsights } from '../helpers/trails.js';
import { createInsightsStore, createSourceStore } from './selector-fixtures.js';

/**
 * Round trips to CloudTrail per request: a call that needs only what an earlier answer already holds
 * is sent with the other calls that need the same answer, not after them. The emulator adds 30 ms
 * to every call so that the calls of one wave are seen to overlap; no assertion reads a clock.
 */

let t: TestGateway;
let recorder: AwsCallRecorder;
const stores: { source: string; first: string; second: string } = { source: '', first: '', second: '' };
beforeAll(async () => {
  t = await startTestGateway();
  recorder = recordAwsCalls(t.clients);
  for (const region of ['us-east-1', 'eu-west-1']) {
    const client = t.sdkClient(region);
    await createTrail(client, `plain-${region}`, { TagsList: [{ Key: 'team', Value: region }] });
    await createTrail(client, `watched-${region}`);
  }
  const east = t.sdkClient('us-east-1');
  stores.source = await createSourceStore(east, 'management-events');
  stores.first = await createInsightsStore(east, 'insights-first');
  stores.second = await createInsightsStore(east, 'insights-second');
  t.emulator.faults.set({ latencyMs: { '*': 30 } });
});
afterAll(() => t.close());

const overview = readFileSync('schema/operations/01-trails-overview.graphql', 'utf8');

describe('AWS call waves', () => {
  it('TrailsOverview without Insights on any trail: ListTrails, then DescribeTrails, GetTrailStatus and ListTags together', async () => {
    recorder.reset();
    const res = await t.query(overview);
    expect(res.errors).toBeUndefined();
    expect(describeWaves(recorder.spans())).toBe('ListTrails | DescribeTrails GetTrailStatus ListTags');
    expect(waveCount(recorder.spans())).toBe(2);
  });

  it('a trail with Insights on adds the one wave that needs DescribeTrails (HasInsightSelectors) before GetInsightSelectors', async () => {
    t.emulator.faults.set({});
    await enableTrailInsights(t.sdkClient('eu-west-1'), 'watched-eu-west-1');
    t.emulator.faults.set({ latencyMs: { '*': 30 } });
    recorder.reset();
    const res = await t.query(overview);
    expect(res.errors).toBeUndefined();
    expect(describeWaves(recorder.spans())).toBe('ListTrails | DescribeTrails GetTrailStatus ListTags | GetInsightSelectors');
  });

  it('status and tags alone need no DescribeTrails: two waves', async () => {
    recorder.reset();
    const res = await t.query('{ trails { edges { node { name status { isLogging } tags { key } } } } }');
    expect(res.errors).toBeUndefined();
    expect(describeWaves(recorder.spans())).toBe('ListTrails | GetTrailStatus ListTags');
  });

  it('putTrailInsightSelectors reads the selectors in force and the trail together, then puts: two waves, the payload showing the new state', async () => {
    recorder.reset();
    const res = await t.query(`mutation {
      putTrailInsightSelectors(input: { trail: "plain-us-east-1", insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
        __typename
        ... on PutTrailInsightSelectorsPayload {
          trail { name hasInsightSelectors insightSelectors { enabled } }
          previousInsightSelectors { enabled }
        }
      }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      putTrailInsightSelectors: {
        __typename: 'PutTrailInsightSelectorsPayload',
        trail: { name: 'plain-us-east-1', hasInsightSelectors: true, insightSelectors: { enabled: true } },
        previousInsightSelectors: { enabled: false },
      },
    });
    expect(describeWaves(recorder.spans())).toBe('DescribeTrails GetInsightSelectors | PutInsightSelectors');
  });

  it('putEventSelectors reads the selectors in force and the trail together, then puts: two waves, hasCustomEventSelectors from the put', async () => {
    const putEventSelectors = (selectors: string) => `mutation {
      putEventSelectors(input: { trail: "plain-eu-west-1", region: "eu-west-1", basic: ${selectors} }) {
        __typename
        ... on PutEventSelectorsPayload {
          trail { name hasCustomEventSelectors eventSelectors { ... on BasicEventSelectors { selectors { readWriteType } } } }
          previousEventSelectors { ... on BasicEventSelectors { selectors { readWriteType } } }
        }
      }
    }`;
    recorder.reset();
    const custom = await t.query(putEventSelectors('[{ readWriteType: WriteOnly }]'));
    expect(custom.errors).toBeUndefined();
    expect(custom.data).toEqual({
      putEventSelectors: {
        __typename: 'PutEventSelectorsPayload',
        trail: { name: 'plain-eu-west-1', hasCustomEventSelectors: true, eventSelectors: { selectors: [{ readWriteType: 'WriteOnly' }] } },
        previousEventSelectors: { selectors: [{ readWriteType: 'All' }] },
      },
    });
    expect(describeWaves(recorder.spans())).toBe('DescribeTrails GetEventSelectors | PutEventSelectors');

    // Back to AWS's default selector: the trail described before the put said true; the payload says false.
    const reset = await t.query(putEventSelectors('[{ readWriteType: All, includeManagementEvents: true }]'));
    expect(reset.errors).toBeUndefined();
    expect(reset.data).toMatchObject({ putEventSelectors: { trail: { hasCustomEventSelectors: false } } });
    const described = await t.query(`{ trail(nameOrArn: "plain-eu-west-1", region: "eu-west-1") { ... on Trail { hasCustomEventSelectors } } }`);
    expect(described.data).toEqual({ trail: { hasCustomEventSelectors: false } });
  });

  it('putEventDataStoreInsightSelectors reads the selectors in force and the stores with them, and the old destination with the put: two waves', async () => {
    const put = (destination: string) =>
      t.query(
        `mutation ($source: String!, $destination: String!) {
          putEventDataStoreInsightSelectors(input: { eventDataStore: $source, insightsDestination: $destination, insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
            __typename
            ... on PutEventDataStoreInsightSelectorsPayload {
              eventDataStore { name insightSelectors { enabled } insightsDestination { name } }
              previousInsightsDestination { name }
            }
          }
        }`,
        { source: stores.source, destination },
      );
    t.emulator.faults.set({});
    expect((await put(stores.first)).errors).toBeUndefined();
    t.emulator.faults.set({ latencyMs: { '*': 30 } });
    recorder.reset();
    const res = await put(stores.second);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      putEventDataStoreInsightSelectors: {
        __typename: 'PutEventDataStoreInsightSelectorsPayload',
        eventDataStore: { name: 'management-events', insightSelectors: { enabled: true }, insightsDestination: { name: 'insights-second' } },
        previousInsightsDestination: { name: 'insights-first' },
      },
    });
    expect(describeWaves(recorder.spans())).toBe('GetEventDataStore GetInsightSelectors | GetEventDataStore PutInsightSelectors');
    // The same calls as reading the stores after the put: one GetEventDataStore per store.
    expect(recorder.spans().filter((s) => s.operation === 'GetEventDataStore')).toHaveLength(3);
  });

  it('putEventDataStoreInsightSelectors reads a store whose updatedTimestamp the payload selects after the put, since AWS does not say whether the put moves it', async () => {
    recorder.reset();
    const res = await t.query(
      `mutation ($source: String!, $destination: String!) {
        putEventDataStoreInsightSelectors(input: { eventDataStore: $source, insightsDestination: $destination, insightSelectors: [{ insightType: ApiErrorRateInsight }] }) {
          __typename
          ... on PutEventDataStoreInsightSelectorsPayload { eventDataStore { name updatedTimestamp } }
        }
      }`,
      { source: stores.source, destination: stores.first },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ putEventDataStoreInsightSelectors: { eventDataStore: { name: 'management-events' } } });
    expect(describeWaves(recorder.spans())).toBe('GetInsightSelectors | PutInsightSelectors | GetEventDataStore');
  });
});
