import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import { startSampleInsightsGateway } from '../helpers/insights-gateway.js';

/**
 * InsightEvent and InsightsMetricSeries as Relay nodes: the `id` a list hands out fetches the same
 * object again through `node(id:)`, which is what Relay's refetchable fragments and normalised
 * caches rely on. Over the emulator holding the sample logs (us-east-1, 2023-07-10 11:42-12:37 UTC).
 */

const NOW = new Date('2023-07-11T00:00:00Z');
const globalId = (type: string, localId: string) => Buffer.from(`${type}:${localId}`).toString('base64');

let t: TestGateway;
beforeAll(async () => {
  t = await startSampleInsightsGateway(NOW);
});
afterAll(() => t.close());

const INSIGHT_FIELDS = 'id sharedEventId state startTime endTime eventSource eventName insightType errorCode region statistics { insightAverage insightDurationMinutes }';

describe('InsightEvent as a Node', () => {
  it('every listed Insight is fetched again, with the same fields, by node(id:)', async () => {
    const listed = await t.query<{ insightEvents: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      `{ insightEvents(first: 50) { edges { node { ${INSIGHT_FIELDS} } } } }`,
    );
    expect(listed.errors).toBeUndefined();
    const insights = listed.data!.insightEvents.edges.map((e) => e.node);
    expect(insights.length).toBeGreaterThan(3);
    expect(new Set(insights.map((i) => i.id)).size).toBe(insights.length);

    const res = await t.query<{ nodes: Record<string, unknown>[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on InsightEvent { ${INSIGHT_FIELDS} } } }`,
      { ids: insights.map((i) => i.id) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual(insights.map((i) => ({ __typename: 'InsightEvent', ...i })));
  });

  it('reads one Insight with a LookupEvents call for its Start by event ID and one for its End', async () => {
    const listed = await t.query<{ insightEvents: { edges: { node: { id: string; state: string } }[] } }>(
      '{ insightEvents(first: 1) { edges { node { id state } } } }',
    );
    const [edge] = listed.data!.insightEvents.edges;
    expect(edge!.node.state).toBe('ENDED');
    const res = await t.query<{ node: { id: string; state: string } }>('query ($id: ID!) { node(id: $id) { id ... on InsightEvent { state } } }', {
      id: edge!.node.id,
    });
    expect(res.data!.node).toEqual(edge!.node);
    expect(res.extensions?.awsCalls).toEqual({ LookupEvents: 2 });
  });

  it('answers node(id:) and nodes(ids:) asking for the same Insight and series in one request', async () => {
    const listed = await t.query<{ insightEvents: { edges: { node: { id: string; metricSeries: { id: string } } }[] } }>(
      '{ insightEvents(first: 1) { edges { node { id metricSeries(contextMinutes: 10) { ... on InsightsMetricSeries { id } } } } } }',
    );
    const insight = listed.data!.insightEvents.edges[0]!.node;
    const series = insight.metricSeries;
    const res = await t.query<{ node: { __typename: string; id: string }; nodes: { __typename: string; id: string }[] }>(
      'query ($id: ID!, $series: ID!) { node(id: $id) { __typename id } nodes(ids: [$id, $series, $series]) { __typename id } }',
      { id: insight.id, series: series.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      node: { __typename: 'InsightEvent', id: insight.id },
      nodes: [
        { __typename: 'InsightEvent', id: insight.id },
        { __typename: 'InsightsMetricSeries', id: series.id },
        { __typename: 'InsightsMetricSeries', id: series.id },
      ],
    });
  });

  it('answers null for the id of an Insight CloudTrail does not hold', async () => {
    const id = globalId('InsightEvent', JSON.stringify({ region: 'us-east-1', startEventId: '00000000-0000-4000-8000-00000000dead' }));
    const res = await t.query<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toBeNull();
  });

  it.each([
    ['a local id that is no JSON', globalId('InsightEvent', 'a1b2c3d4')],
    ['a local id without an event ID', globalId('InsightEvent', JSON.stringify({ region: 'us-east-1' }))],
    ['a region that is no region code', globalId('InsightEvent', JSON.stringify({ region: 'mars-1', startEventId: 'x' }))],
  ])('refuses %s as BAD_USER_INPUT without calling AWS', async (_name, id) => {
    const res = await t.query<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(res.data).toEqual({ node: null });
    expect(res.errors?.[0]).toMatchObject({ path: ['node'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.extensions?.awsCalls).toEqual({});
  });
});

describe('InsightsMetricSeries as a Node', () => {
  const SERIES_FIELDS = `id eventSource eventName insightType errorCode period dataType region
    requestedStartTime requestedEndTime effectiveStartTime effectiveEndTime truncatedByRetention total maximum pointCount
    points(first: 200) { edges { node { timestamp value } } }`;

  it('a series asked without an end (a window ending "now") is fetched again over the same window', async () => {
    const read = await t.query<{ insightsMetricSeries: Record<string, unknown> & { id: string; total: number } }>(
      `{ insightsMetricSeries(input: { eventSource: "ssm.amazonaws.com", eventName: "PutParameter", insightType: ApiCallRateInsight, period: 300, startTime: "2023-07-10T11:00:00Z" }) {
        ... on InsightsMetricSeries { ${SERIES_FIELDS} } } }`,
    );
    expect(read.errors, JSON.stringify(read.errors)).toBeUndefined();
    const series = read.data!.insightsMetricSeries;
    expect(series.total).toBeGreaterThan(0);
    expect(series.requestedEndTime).toBeNull();

    const res = await t.query<{ node: Record<string, unknown> }>(
      `query ($id: ID!) { node(id: $id) { __typename ... on InsightsMetricSeries { ${SERIES_FIELDS} } } }`,
      { id: series.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toEqual({ __typename: 'InsightsMetricSeries', ...series });
    expect(res.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
  });

  it('an Insight\'s series (InsightEvent.metricSeries) has an id that fetches it again', async () => {
    const read = await t.query<{ insightEvents: { edges: { node: { metricSeries: { id: string; total: number; effectiveStartTime: string } } }[] } }>(
      '{ insightEvents(first: 1) { edges { node { metricSeries(contextMinutes: 10) { ... on InsightsMetricSeries { id total effectiveStartTime } } } } } }',
    );
    const series = read.data!.insightEvents.edges[0]!.node.metricSeries;
    const res = await t.query<{ node: unknown }>(
      'query ($id: ID!) { node(id: $id) { ... on InsightsMetricSeries { id total effectiveStartTime } } }',
      { id: series.id },
    );
    expect(res.data!.node).toEqual(series);
  });

  it('a series whose window CloudTrail refuses is null with the AWS code in the error, as on connections', async () => {
    // AWS: 60-second points are kept 15 days; a window wholly before that is refused.
    const id = globalId(
      'InsightsMetricSeries',
      JSON.stringify({
        region: 'us-east-1',
        key: { eventSource: 'ssm.amazonaws.com', eventName: 'PutParameter', insightType: 'ApiCallRateInsight' },
        window: { period: 60, dataType: 'FillWithZeros', startTime: '2023-01-01T00:00:00Z', endTime: '2023-01-01T01:00:00Z' },
        asked: { startTime: null, endTime: null, truncatedByRetention: false },
      }),
    );
    const res = await t.query<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(res.data).toEqual({ node: null });
    expect(res.errors?.[0]).toMatchObject({ path: ['node'], extensions: { code: 'InvalidParameterException', rejectedBeforeCall: true } });
  });
});
