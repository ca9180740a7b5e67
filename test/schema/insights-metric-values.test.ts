import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import { startSampleInsightsGateway } from '../helpers/insights-gateway.js';

/**
 * `InsightsMetricSeries.values`, the columnar form of `points`, read through the gateway over the
 * emulator with the sample logs: the same page, paged by the same window rules and cursors.
 */

const NOW = new Date('2023-07-11T00:00:00Z');

interface Columns {
  timestamps: string[];
  values: number[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface Points {
  edges: { node: { timestamp: string; value: number } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const QUERY = `query Both($input: InsightsMetricSeriesInput!, $first: Int, $after: String) {
  insightsMetricSeries(input: $input) {
    __typename
    ... on InsightsMetricSeries {
      values(first: $first, after: $after) { timestamps values pageInfo { hasNextPage endCursor } }
      points(first: $first, after: $after) { edges { node { timestamp value } } pageInfo { hasNextPage endCursor } }
    }
  }
}`;

const VALUES_ONLY = `query Values($input: InsightsMetricSeriesInput!, $first: Int, $after: String) {
  insightsMetricSeries(input: $input) {
    ... on InsightsMetricSeries { values(first: $first, after: $after) { timestamps values pageInfo { hasNextPage endCursor } } }
  }
}`;

const POINTS_ONLY = `query Points($input: InsightsMetricSeriesInput!, $first: Int, $after: String) {
  insightsMetricSeries(input: $input) {
    ... on InsightsMetricSeries { points(first: $first, after: $after) { edges { cursor node { timestamp value } } pageInfo { hasNextPage endCursor } } }
  }
}`;

const createRole = { eventSource: 'iam.amazonaws.com', eventName: 'CreateRole', insightType: 'ApiCallRateInsight' };
/** One hour at 60 s, filled with zeros: 60 points over AWS pages of 25. */
const window = {
  ...createRole,
  period: 60,
  dataType: 'FILL_WITH_ZEROS',
  startTime: '2023-07-10T11:40:00Z',
  endTime: '2023-07-10T12:40:00Z',
  pageSize: 25,
};

describe('InsightsMetricSeries.values', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startSampleInsightsGateway(NOW);
  });
  afterAll(() => t.close());

  it('every page of values holds the points of the same page of points, aligned, with the same pageInfo', async () => {
    let after: string | undefined;
    const timestamps: string[] = [];
    let pages = 0;
    for (;;) {
      const res = await t.query<{ insightsMetricSeries: { values: Columns; points: Points } }>(QUERY, { input: window, first: 16, after });
      expect(res.errors).toBeUndefined();
      const { values, points } = res.data?.insightsMetricSeries as { values: Columns; points: Points };
      expect(values.timestamps).toEqual(points.edges.map((e) => e.node.timestamp));
      expect(values.values).toEqual(points.edges.map((e) => e.node.value));
      expect(values.pageInfo).toEqual(points.pageInfo);
      timestamps.push(...values.timestamps);
      pages += 1;
      if (!values.pageInfo.hasNextPage) break;
      after = values.pageInfo.endCursor ?? undefined;
    }
    // FILL_WITH_ZEROS: one point per minute of the hour, each once, in order.
    expect(pages).toBe(4);
    expect(timestamps).toEqual(Array.from({ length: 60 }, (_, i) => new Date(Date.parse(window.startTime) + i * 60_000).toISOString()));
  });

  it('a cursor of points resumes values, and the end cursor of values resumes points', async () => {
    const first = await t.query<{ insightsMetricSeries: { points: Points & { edges: { cursor: string }[] } } }>(POINTS_ONLY, { input: window, first: 30 });
    const edges = first.data?.insightsMetricSeries.points.edges ?? [];
    const tenth = edges[9]?.cursor;
    expect(tenth).toBeTypeOf('string');
    const fromEdge = await t.query<{ insightsMetricSeries: { values: Columns } }>(VALUES_ONLY, { input: window, first: 5, after: tenth });
    const columns = fromEdge.data?.insightsMetricSeries.values as Columns;
    expect(columns.timestamps).toEqual(edges.slice(10, 15).map((e) => e.node.timestamp));

    const resumed = await t.query<{ insightsMetricSeries: { points: Points } }>(POINTS_ONLY, { input: window, first: 5, after: columns.pageInfo.endCursor });
    expect(resumed.data?.insightsMetricSeries.points.edges.map((e) => e.node.timestamp)).toEqual(edges.slice(15, 20).map((e) => e.node.timestamp));
  });

  it('values alone read only the AWS pages the page needs', async () => {
    const res = await t.query(VALUES_ONLY, { input: window, first: 10 });
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
  });

  it('a cursor of other arguments and a page size past the AWS maximum are refused as bad input', async () => {
    const other = await t.query<{ insightsMetricSeries: { values: Columns } }>(VALUES_ONLY, { input: window, first: 5 });
    const cursor = other.data?.insightsMetricSeries.values.pageInfo.endCursor;
    const wrong = await t.query(VALUES_ONLY, { input: { ...window, period: 300, pageSize: 25 }, first: 5, after: cursor });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await t.query(VALUES_ONLY, { input: window, first: 21601 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
