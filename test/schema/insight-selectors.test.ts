import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail, enableTrailInsights, trailArn } from '../helpers/trails.js';
import {
  AWS_ERROR_FIELDS,
  createInsightsStore,
  createSourceStore,
  logS3DataEvents,
  type AwsErrorResult,
} from './selector-fixtures.js';

let t: TestGateway;
let east: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway({ gateway: { logError: () => undefined } });
  east = t.sdkClient('us-east-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

interface Insights {
  enabled: boolean;
  selectors: { insightType: string; eventCategories: string[] }[];
}
const INSIGHTS = 'enabled selectors { insightType eventCategories }';
const DISABLED: Insights = { enabled: false, selectors: [] };

const PUT_TRAIL = /* GraphQL */ `
  mutation ($input: PutTrailInsightSelectorsInput!) {
    putTrailInsightSelectors(input: $input) {
      ${AWS_ERROR_FIELDS}
      ... on PutTrailInsightSelectorsPayload {
        trail { name hasInsightSelectors insightSelectors { ${INSIGHTS} } }
        previousInsightSelectors { ${INSIGHTS} }
        insightSelectors { ${INSIGHTS} }
      }
    }
  }
`;

interface PutTrailPayload {
  __typename: string;
  trail: { name: string; hasInsightSelectors: boolean; insightSelectors: Insights };
  previousInsightSelectors: Insights;
  insightSelectors: Insights;
}

async function putTrail(input: Record<string, unknown>) {
  return t.query<{ putTrailInsightSelectors: PutTrailPayload & AwsErrorResult }>(PUT_TRAIL, { input });
}

async function trailInsights(name: string): Promise<{ hasInsightSelectors: boolean; insightSelectors: Insights }> {
  const res = await t.query<{ trail: { hasInsightSelectors: boolean; insightSelectors: Insights } }>(
    `query ($n: String!) { trail(nameOrArn: $n) { ... on Trail { hasInsightSelectors insightSelectors { ${INSIGHTS} } } } }`,
    { n: name },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.trail;
}

describe('Trail.insightSelectors', () => {
  it('reads a trail without Insights as disabled, without calling GetInsightSelectors', async () => {
    await createTrail(east, 'quiet');
    const res = await t.query(`{ trail(nameOrArn: "quiet") { ... on Trail { insightSelectors { ${INSIGHTS} } } } }`);
    expect(res.data).toEqual({ trail: { insightSelectors: DISABLED } });
    expect(res.extensions?.awsCalls?.GetInsightSelectors).toBeUndefined();
  });

  it('calls GetInsightSelectors only for the trails whose HasInsightSelectors is true, once each', async () => {
    for (const name of ['alpha', 'bravo', 'charlie', 'delta']) await createTrail(east, name);
    await enableTrailInsights(east, 'bravo');
    await enableTrailInsights(east, 'delta', [{ InsightType: 'ApiErrorRateInsight' }]);

    // Each trail is asked for twice (connection and alias), so de-duplication is visible too.
    const res = await t.query<{
      trails: { edges: { node: { name: string; insightSelectors: Insights } }[] };
      again: { insightSelectors: Insights };
    }>(`{
      trails(first: 10) { edges { node { name insightSelectors { ${INSIGHTS} } } } }
      again: trail(nameOrArn: "bravo") { ... on Trail { insightSelectors { ${INSIGHTS} } } }
    }`);
    expect(res.errors).toBeUndefined();
    const byName = Object.fromEntries(res.data!.trails.edges.map((e) => [e.node.name, e.node.insightSelectors]));
    expect(byName).toEqual({
      alpha: DISABLED,
      bravo: { enabled: true, selectors: [{ insightType: 'ApiCallRateInsight', eventCategories: ['Management'] }] },
      charlie: DISABLED,
      delta: { enabled: true, selectors: [{ insightType: 'ApiErrorRateInsight', eventCategories: ['Management'] }] },
    });
    expect(res.data!.again.insightSelectors).toEqual(byName.bravo);
    expect(res.extensions?.awsCalls?.GetInsightSelectors).toBe(2);
  });

  it('is null with an error for a trail whose GetInsightSelectors fails, and the other trails still read', async () => {
    await createTrail(east, 'alpha');
    await createTrail(east, 'bravo');
    await enableTrailInsights(east, 'bravo');
    t.emulator.faults.set({ failures: [{ operation: 'GetInsightSelectors', errorType: 'ThrottlingException' }] });

    const res = await t.query<{ trails: { edges: { node: { name: string; insightSelectors: Insights | null } }[] } }>(
      `{ trails(first: 10) { edges { node { name insightSelectors { ${INSIGHTS} } } } } }`,
    );
    expect(res.data!.trails.edges.map((e) => e.node)).toEqual([
      { name: 'alpha', insightSelectors: DISABLED },
      { name: 'bravo', insightSelectors: null },
    ]);
    expect(res.errors?.map((e) => e.path)).toEqual([['trails', 'edges', 1, 'node', 'insightSelectors']]);
  });
});

describe('putTrailInsightSelectors', () => {
  it('turns Insights on: the payload shows it was off before, and a follow-up query sees it on', async () => {
    await createTrail(east, 'audit');
    expect((await trailInsights('audit')).hasInsightSelectors).toBe(false);

    const res = await putTrail({ trail: 'audit', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] });
    expect(res.errors).toBeUndefined();
    const on = { enabled: true, selectors: [{ insightType: 'ApiCallRateInsight', eventCategories: ['Management'] }] };
    expect(res.data!.putTrailInsightSelectors).toEqual({
      __typename: 'PutTrailInsightSelectorsPayload',
      trail: { name: 'audit', hasInsightSelectors: true, insightSelectors: on },
      previousInsightSelectors: DISABLED,
      insightSelectors: on,
    });
    // Selectors read once before the put; the trail read back once; its new selectors come from the put's answer.
    expect(res.extensions?.awsCalls).toEqual({ GetInsightSelectors: 1, PutInsightSelectors: 1, DescribeTrails: 1 });
    expect(await trailInsights('audit')).toEqual({ hasInsightSelectors: true, insightSelectors: on });
  });

  it('takes the trail ARN and sends the call to the region the ARN names', async () => {
    const arn = await createTrail(t.sdkClient('eu-west-1'), 'europe');
    const res = await putTrail({ trail: arn, insightSelectors: [{ insightType: 'ApiErrorRateInsight' }] });
    expect(res.data!.putTrailInsightSelectors.trail).toMatchObject({ name: 'europe', hasInsightSelectors: true });
    expect(arn).toBe(trailArn('eu-west-1', 'europe'));
  });

  it('with an empty list turns Insights off, and the payload shows what was on', async () => {
    await createTrail(east, 'audit');
    await enableTrailInsights(east, 'audit', [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }]);

    const res = await putTrail({ trail: 'audit', insightSelectors: [] });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.putTrailInsightSelectors;
    expect(payload.previousInsightSelectors.enabled).toBe(true);
    expect(payload.previousInsightSelectors.selectors.map((s) => s.insightType).sort()).toEqual([
      'ApiCallRateInsight',
      'ApiErrorRateInsight',
    ]);
    expect(payload.insightSelectors).toEqual(DISABLED);
    expect(payload.trail).toEqual({ name: 'audit', hasInsightSelectors: false, insightSelectors: DISABLED });
    expect(await trailInsights('audit')).toEqual({ hasInsightSelectors: false, insightSelectors: DISABLED });
  });

  it('replaces the event categories in force: sending only Data stops watching management events', async () => {
    await createTrail(east, 'audit');
    await logS3DataEvents(east, 'audit');
    await enableTrailInsights(east, 'audit', [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] }]);

    const res = await putTrail({
      trail: 'audit',
      insightSelectors: [{ insightType: 'ApiCallRateInsight', eventCategories: ['Data'] }],
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.putTrailInsightSelectors;
    expect(payload.previousInsightSelectors.selectors).toEqual([
      { insightType: 'ApiCallRateInsight', eventCategories: ['Management'] },
    ]);
    expect(payload.trail.insightSelectors.selectors).toEqual([{ insightType: 'ApiCallRateInsight', eventCategories: ['Data'] }]);
    expect((await trailInsights('audit')).insightSelectors.selectors).toEqual([
      { insightType: 'ApiCallRateInsight', eventCategories: ['Data'] },
    ]);
  });

  it('refuses a repeated Insights type before calling AWS, as InvalidInsightSelectorsException', async () => {
    await createTrail(east, 'audit');
    const res = await putTrail({
      trail: 'audit',
      insightSelectors: [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiCallRateInsight' }],
    });
    expect(res.data!.putTrailInsightSelectors).toMatchObject({
      __typename: 'InvalidInsightSelectorsException',
      code: 'InvalidInsightSelectorsException',
      rejectedBeforeCall: true,
      requestId: null,
    });
    expect(res.extensions?.awsCalls).toEqual({});
  });
});

const PUT_STORE = /* GraphQL */ `
  mutation ($input: PutEventDataStoreInsightSelectorsInput!) {
    putEventDataStoreInsightSelectors(input: $input) {
      ${AWS_ERROR_FIELDS}
      ... on PutEventDataStoreInsightSelectorsPayload {
        eventDataStore { name insightSelectors { ${INSIGHTS} } insightsDestination { arn name } }
        previousInsightSelectors { ${INSIGHTS} }
        previousInsightsDestination { arn }
        insightSelectors { ${INSIGHTS} }
      }
    }
  }
`;

interface PutStorePayload {
  eventDataStore: { name: string; insightSelectors: Insights; insightsDestination: { arn: string; name: string } | null };
  previousInsightSelectors: Insights;
  previousInsightsDestination: { arn: string } | null;
  insightSelectors: Insights;
}

async function putStore(input: Record<string, unknown>) {
  return t.query<{ putEventDataStoreInsightSelectors: PutStorePayload & AwsErrorResult }>(PUT_STORE, { input });
}

async function storeInsights(arn: string) {
  const res = await t.query<{ eventDataStore: { insightSelectors: Insights; insightsDestination: { arn: string } | null } }>(
    `query ($arn: String!) { eventDataStore(arn: $arn) { ... on EventDataStore { insightSelectors { ${INSIGHTS} } insightsDestination { arn } } } }`,
    { arn },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.eventDataStore;
}

describe('putEventDataStoreInsightSelectors', () => {
  it('turns Insights on for a source store, naming the destination store, and a follow-up query sees both', async () => {
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    expect(await storeInsights(source)).toEqual({ insightSelectors: DISABLED, insightsDestination: null });

    const res = await putStore({
      eventDataStore: source,
      insightsDestination: destination,
      insightSelectors: [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }],
    });
    expect(res.errors).toBeUndefined();
    const on = {
      enabled: true,
      selectors: [
        { insightType: 'ApiCallRateInsight', eventCategories: ['Management'] },
        { insightType: 'ApiErrorRateInsight', eventCategories: ['Management'] },
      ],
    };
    expect(res.data!.putEventDataStoreInsightSelectors).toEqual({
      __typename: 'PutEventDataStoreInsightSelectorsPayload',
      eventDataStore: {
        name: 'management-events',
        insightSelectors: on,
        insightsDestination: { arn: destination, name: 'insights-events' },
      },
      previousInsightSelectors: DISABLED,
      previousInsightsDestination: null,
      insightSelectors: on,
    });
    // Selectors read once before the put; both stores' names read once each; the new selectors come from the put's answer.
    expect(res.extensions?.awsCalls).toEqual({ GetInsightSelectors: 1, PutInsightSelectors: 1, GetEventDataStore: 2 });
    expect(await storeInsights(source)).toEqual({ insightSelectors: on, insightsDestination: { arn: destination } });
  });

  it('accepts the ID at the end of the ARNs instead of the ARNs', async () => {
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    const idOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
    const res = await putStore({
      eventDataStore: idOf(source),
      insightsDestination: idOf(destination),
      insightSelectors: [{ insightType: 'ApiErrorRateInsight' }],
    });
    expect(res.data!.putEventDataStoreInsightSelectors.eventDataStore.insightsDestination?.arn).toBe(destination);
  });

  it('with an empty list turns Insights off and drops the destination; the payload shows the old destination', async () => {
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    await putStore({ eventDataStore: source, insightsDestination: destination, insightSelectors: [{ insightType: 'ApiCallRateInsight' }] });

    const res = await putStore({ eventDataStore: source, insightSelectors: [] });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.putEventDataStoreInsightSelectors;
    expect(payload.previousInsightSelectors.enabled).toBe(true);
    expect(payload.previousInsightsDestination).toEqual({ arn: destination });
    expect(payload.insightSelectors).toEqual(DISABLED);
    expect(payload.eventDataStore).toMatchObject({ insightSelectors: DISABLED, insightsDestination: null });
    expect(await storeInsights(source)).toEqual({ insightSelectors: DISABLED, insightsDestination: null });
  });

  it('refuses the Data category for an event data store before calling AWS', async () => {
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    const res = await putStore({
      eventDataStore: source,
      insightsDestination: destination,
      insightSelectors: [{ insightType: 'ApiCallRateInsight', eventCategories: ['Data'] }],
    });
    expect(res.data!.putEventDataStoreInsightSelectors).toMatchObject({
      __typename: 'InvalidInsightSelectorsException',
      rejectedBeforeCall: true,
    });
    expect(res.extensions?.awsCalls).toEqual({});
  });
});
