import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { describeWaves, recordAwsCalls, waveCount, type AwsCallRecorder } from '../../bench/waves.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail, enableTrailInsights } from '../helpers/trails.js';

/**
 * Round trips to CloudTrail per request: a call that needs only what an earlier answer already holds
 * is sent with the other calls that need the same answer, not after them. The emulator adds 30 ms
 * to every call so that the calls of one wave are seen to overlap; no assertion reads a clock.
 */

let t: TestGateway;
let recorder: AwsCallRecorder;
beforeAll(async () => {
  t = await startTestGateway();
  recorder = recordAwsCalls(t.clients);
  for (const region of ['us-east-1', 'eu-west-1']) {
    const client = t.sdkClient(region);
    await createTrail(client, `plain-${region}`, { TagsList: [{ Key: 'team', Value: region }] });
    await createTrail(client, `watched-${region}`);
  }
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
});
