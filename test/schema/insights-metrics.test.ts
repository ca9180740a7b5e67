import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { computeExpected, type Expected, type SeriesPoints } from '../emulator/expected/expected.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway.js';
import { startSampleInsightsGateway } from '../helpers/insights-gateway.js';
import { eventDataStoreWithInsights } from '../emulator/insights-helpers.js';

/**
 * Insights metric series through the gateway, over the emulator with the real sample logs
 * (us-east-1, 2023-07-10 11:42-12:37 UTC) ingested. Expected values come from the independent
 * script under test/emulator/expected/, which reads the raw log files.
 */

const NOW = new Date('2023-07-11T00:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

interface Point {
  timestamp: string;
  value: number;
}

interface Series {
  __typename: string;
  code?: string;
  message?: string;
  rejectedBeforeCall?: boolean;
  eventSource?: string;
  eventName?: string;
  insightType?: string;
  errorCode?: string | null;
  period?: number;
  dataType?: string;
  requestedStartTime?: string | null;
  requestedEndTime?: string | null;
  effectiveStartTime?: string;
  effectiveEndTime?: string;
  retentionStartTime?: string;
  truncatedByRetention?: boolean;
  total?: number;
  maximum?: number | null;
  maximumTime?: string | null;
  mean?: number | null;
  pointCount?: number;
  points?: { edges: { cursor: string; node: Point }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const SERIES_FIELDS = `
  __typename
  ... on AwsError { code message rejectedBeforeCall }
  ... on InsightsMetricSeries {
    eventSource eventName insightType errorCode period dataType
    requestedStartTime requestedEndTime effectiveStartTime effectiveEndTime retentionStartTime truncatedByRetention
    total maximum maximumTime mean pointCount
    points(first: $first, after: $after) { edges { cursor node { timestamp value } } pageInfo { hasNextPage endCursor } }
  }`;

const SERIES_QUERY = `query Series($input: InsightsMetricSeriesInput!, $first: Int = 1000, $after: String) {
  insightsMetricSeries(input: $input) { ${SERIES_FIELDS} }
}`;

let expected: Expected;

/** The points the independent script computed for a series at a period, oldest first. */
function expectedPoints(
  type: 'ApiCallRateInsight' | 'ApiErrorRateInsight',
  key: string,
  period: 60 | 300 | 3600,
): Point[] {
  const series: SeriesPoints | undefined = expected.series[type][`us-east-1|${key}`];
  return Object.entries(series?.[String(period)] ?? {}).map(([t, value]) => ({
    timestamp: new Date(t).toISOString(),
    value,
  }));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const gatewayWithInsights = (options: { cache?: false | { ttlMs: number } } = {}) => startSampleInsightsGateway(NOW, options);

async function series(
  t: TestGateway,
  input: Record<string, unknown>,
  paging: { first?: number; after?: string } = {},
): Promise<{ series: Series; response: GraphQLResponse<{ insightsMetricSeries: Series }> }> {
  const response = await t.query<{ insightsMetricSeries: Series }>(SERIES_QUERY, { input, ...paging });
  expect(response.errors).toBeUndefined();
  return { series: response.data?.insightsMetricSeries as Series, response };
}

const putParameter = { eventSource: 'ssm.amazonaws.com', eventName: 'PutParameter', insightType: 'ApiCallRateInsight' };
const createRole = { eventSource: 'iam.amazonaws.com', eventName: 'CreateRole', insightType: 'ApiCallRateInsight' };
const getPasswordDataDenied = {
  eventSource: 'ec2.amazonaws.com',
  eventName: 'GetPasswordData',
  insightType: 'ApiErrorRateInsight',
  errorCode: 'Client.UnauthorizedOperation',
};

beforeAll(() => {
  expected = computeExpected([SAMPLE_LOGS_DIR]);
});

describe('InsightsMetricSeries values', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWithInsights();
  });
  afterAll(() => t.close());

  it.each([60, 300, 3600] as const)(
    'a call-rate series at %i s counts the write calls of each period, as the raw logs do',
    async (period) => {
      for (const key of [createRole, putParameter, { ...createRole, eventSource: 'ec2.amazonaws.com', eventName: 'CreateVpc' }]) {
        const { series: s } = await series(t, { ...key, period, startTime: '2023-07-10T00:00:00Z' });
        const want = expectedPoints('ApiCallRateInsight', `${key.eventSource}|${key.eventName}`, period);
        expect(want.length).toBeGreaterThan(0);
        expect(s.points?.edges.map((e) => e.node)).toEqual(want);
        expect(s).toMatchObject({ period, dataType: 'NON_ZERO_DATA', eventSource: key.eventSource, errorCode: null });
      }
    },
  );

  it('an error-rate series counts the calls that failed with its error code', async () => {
    const { series: s } = await series(t, { ...getPasswordDataDenied, period: 60, startTime: '2023-07-10T00:00:00Z' });
    const want = expectedPoints('ApiErrorRateInsight', 'ec2.amazonaws.com|GetPasswordData|Client.UnauthorizedOperation', 60);
    expect(s.points?.edges.map((e) => e.node)).toEqual(want);
    expect(s).toMatchObject({ insightType: 'ApiErrorRateInsight', errorCode: 'Client.UnauthorizedOperation' });
  });

  it('summaries give total, maximum (and when), mean and point count of the window', async () => {
    const { series: s } = await series(t, { ...createRole, period: 60, startTime: '2023-07-10T00:00:00Z' });
    const want = expectedPoints('ApiCallRateInsight', 'iam.amazonaws.com|CreateRole', 60);
    const total = want.reduce((sum, p) => sum + p.value, 0);
    const maximum = Math.max(...want.map((p) => p.value));
    expect(s).toMatchObject({
      total,
      maximum,
      maximumTime: want.find((p) => p.value === maximum)?.timestamp,
      mean: total / want.length,
      pointCount: want.length,
    });
  });

  it('FILL_WITH_ZEROS answers one point per period of the window, zero where nothing happened', async () => {
    const start = Date.parse('2023-07-10T11:30:00Z');
    const end = Date.parse('2023-07-10T12:30:00Z');
    const { series: s } = await series(t, {
      ...putParameter,
      period: 300,
      dataType: 'FILL_WITH_ZEROS',
      startTime: iso(start),
      endTime: iso(end),
    });
    const counted = new Map(expectedPoints('ApiCallRateInsight', 'ssm.amazonaws.com|PutParameter', 300).map((p) => [p.timestamp, p.value]));
    const want: Point[] = [];
    for (let ms = start; ms < end; ms += 300_000) want.push({ timestamp: iso(ms), value: counted.get(iso(ms)) ?? 0 });
    expect(s.points?.edges.map((e) => e.node)).toEqual(want);
    expect(s).toMatchObject({ pointCount: 12, total: [...counted.values()].reduce((a, b) => a + b, 0), mean: s.total! / 12 });
  });

  it('an error code with ApiCallRateInsight is accepted and ignored: the call-rate series, read once', async () => {
    const response = await t.query<{ plain: Series; withCode: Series }>(
      `query($plain: InsightsMetricSeriesInput!, $withCode: InsightsMetricSeriesInput!) {
        plain: insightsMetricSeries(input: $plain) { ... on InsightsMetricSeries { errorCode total pointCount } }
        withCode: insightsMetricSeries(input: $withCode) { __typename ... on InsightsMetricSeries { errorCode total pointCount } }
      }`,
      { plain: { ...putParameter, period: 60 }, withCode: { ...putParameter, period: 60, errorCode: 'AccessDenied' } },
    );
    expect(response.errors).toBeUndefined();
    const want = expectedPoints('ApiCallRateInsight', 'ssm.amazonaws.com|PutParameter', 60);
    const callRate = { errorCode: null, total: want.reduce((sum, p) => sum + p.value, 0), pointCount: want.length };
    expect(response.data).toEqual({ plain: callRate, withCode: { __typename: 'InsightsMetricSeries', ...callRate } });
    expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
  });

  it('a series with no activity in the window has no points and null maximum and mean', async () => {
    const { series: s } = await series(t, { ...putParameter, period: 60, startTime: '2023-07-10T13:00:00Z' });
    expect(s).toMatchObject({ pointCount: 0, total: 0, maximum: null, maximumTime: null, mean: null, points: { edges: [] } });
  });
});

describe('InsightsMetricSeries paging', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWithInsights();
  });
  afterAll(() => t.close());

  it('points page with first/after across AWS pages of pageSize points, each AWS page read once', async () => {
    const want = expectedPoints('ApiCallRateInsight', 'iam.amazonaws.com|CreateRole', 60);
    expect(want.length).toBe(12);
    const input = { ...createRole, period: 60, startTime: '2023-07-10T11:40:00Z', endTime: '2023-07-10T12:40:00Z', pageSize: 5 };
    const seen: Point[] = [];
    let after: string | undefined;
    const calls: number[] = [];
    for (;;) {
      const { series: s, response } = await series(t, input, { first: 4, after });
      seen.push(...(s.points?.edges.map((e) => e.node) ?? []));
      calls.push(response.extensions?.awsCalls?.ListInsightsMetricData ?? 0);
      if (!s.points?.pageInfo.hasNextPage) break;
      after = s.points.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toEqual(want);
    // Summaries walk all 3 AWS pages (12 points, 5 per page) in every request; the points reuse them.
    expect(calls).toEqual([3, 3, 3]);
  });

  it('summaries cover every AWS page, not only the first', async () => {
    const want = expectedPoints('ApiCallRateInsight', 'iam.amazonaws.com|CreateRole', 60);
    const window = { startTime: '2023-07-10T11:40:00Z', endTime: '2023-07-10T12:40:00Z' };
    const { series: s, response } = await series(t, { ...createRole, period: 60, ...window, pageSize: 3 }, { first: 1 });
    expect(s.pointCount).toBe(12);
    expect(s.total).toBe(want.reduce((sum, p) => sum + p.value, 0));
    expect(s.points?.edges).toHaveLength(1);
    expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 4 });
  });

  it('a small page size over a long window is answered for points alone: pageSize 100 at 60 s over 15 days, points(first: 10)', async () => {
    // The default 60-second window is 15 days, 21600 periods: up to 216 pages of 100, but 10 points need one.
    const response = await t.query<{ insightsMetricSeries: Series }>(
      `query($input: InsightsMetricSeriesInput!) { insightsMetricSeries(input: $input) {
        __typename ... on InsightsMetricSeries { points(first: 10) { edges { node { timestamp value } } pageInfo { hasNextPage } } } } }`,
      { input: { ...createRole, period: 60, pageSize: 100 } },
    );
    expect(response.errors).toBeUndefined();
    const want = expectedPoints('ApiCallRateInsight', 'iam.amazonaws.com|CreateRole', 60);
    expect(want.length).toBeGreaterThan(10);
    expect(response.data?.insightsMetricSeries.points).toEqual({ edges: want.slice(0, 10).map((node) => ({ node })), pageInfo: { hasNextPage: true } });
    expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
  });

  it('summaries that could take more than 20 AWS calls are refused on the summary fields only, before any further call', async () => {
    // 60 one-minute periods at 2 points a page: up to 30 pages.
    const response = await t.query<{ insightsMetricSeries: Series }>(
      `query($input: InsightsMetricSeriesInput!) { insightsMetricSeries(input: $input) {
        __typename ... on InsightsMetricSeries { eventName total points(first: 4) { edges { node { timestamp value } } } } } }`,
      { input: { ...createRole, period: 60, startTime: '2023-07-10T11:40:00Z', endTime: '2023-07-10T12:40:00Z', pageSize: 2 } },
    );
    const want = expectedPoints('ApiCallRateInsight', 'iam.amazonaws.com|CreateRole', 60);
    expect(response.data?.insightsMetricSeries).toEqual({
      __typename: 'InsightsMetricSeries',
      eventName: 'CreateRole',
      total: null,
      points: { edges: want.slice(0, 4).map((node) => ({ node })) },
    });
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({
      path: ['insightsMetricSeries', 'total'],
      extensions: { code: 'BAD_USER_INPUT', awsPagesNeeded: 30, maxAwsPages: 20 },
    });
    expect(response.errors?.[0]?.message).toMatch(/up to 30 AWS calls/);
    // Two pages of 2 points for points(first: 4); the first one is also the series' own read.
    expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 2 });
  });

  it('a cursor used with other series arguments is refused', async () => {
    const first = await series(t, { ...createRole, period: 60, startTime: '2023-07-10T00:00:00Z' }, { first: 2 });
    const cursor = first.series.points?.pageInfo.endCursor as string;
    const response = await t.query(SERIES_QUERY, { input: { ...createRole, period: 300, startTime: '2023-07-10T00:00:00Z' }, first: 2, after: cursor });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('points(first: 21601) is refused', async () => {
    const response = await t.query(SERIES_QUERY, { input: { ...createRole, period: 60 }, first: 21601 });
    expect(response.errors?.[0]?.message).toMatch(/`first` must be between 0 and 21600/);
  });

  it('points(first: 0) answers no points and reads no AWS page for them', async () => {
    const response = await t.query<{ insightsMetricSeries: Series }>(
      `query($input: InsightsMetricSeriesInput!) { insightsMetricSeries(input: $input) {
        ... on InsightsMetricSeries { points(first: 0) { edges { cursor } pageInfo { hasNextPage } } } } }`,
      { input: { ...createRole, period: 60, startTime: '2023-07-10T11:40:00Z', endTime: '2023-07-10T12:40:00Z', pageSize: 2 } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.insightsMetricSeries.points).toEqual({ edges: [], pageInfo: { hasNextPage: true } });
    // Only the series' own first page.
    expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
  });
});

describe('InsightsMetricSeries cursors when the clock moves', () => {
  const POINTS_QUERY = `query Points($input: InsightsMetricSeriesInput!, $first: Int, $after: String) {
    insightsMetricSeries(input: $input) { ... on InsightsMetricSeries {
      effectiveEndTime points(first: $first, after: $after) { edges { node { timestamp value } } pageInfo { hasNextPage endCursor } } } }
  }`;
  const points = async (t: TestGateway, input: Record<string, unknown>, paging: { first: number; after?: string }) => {
    const response = await t.query<{ insightsMetricSeries: Series }>(POINTS_QUERY, { input, ...paging });
    expect(response.errors).toBeUndefined();
    return response.data?.insightsMetricSeries as Series;
  };

  it('a cursor of the default window (ending at the current period) resumes after the clock passes the next period', async () => {
    let now = NOW;
    const t = await startSampleInsightsGateway(NOW, { clock: () => now });
    try {
      const input = { ...createRole, period: 60, pageSize: 5 };
      const first = await points(t, input, { first: 4 });
      expect(first.effectiveEndTime).toBe(NOW.toISOString());
      const seen = first.points?.edges.map((e) => e.node) ?? [];
      let after = first.points?.pageInfo.endCursor ?? undefined;
      // 90 s later the current period ends at 00:02: the window asked for (none) now ends elsewhere.
      now = new Date(NOW.getTime() + 90_000);
      while (after) {
        const next = await points(t, input, { first: 4, after });
        expect(next.effectiveEndTime).toBe('2023-07-11T00:02:00.000Z');
        seen.push(...(next.points?.edges.map((e) => e.node) ?? []));
        after = next.points?.pageInfo.hasNextPage ? (next.points.pageInfo.endCursor ?? undefined) : undefined;
      }
      expect(seen).toEqual(expectedPoints('ApiCallRateInsight', 'iam.amazonaws.com|CreateRole', 60));
    } finally {
      await t.close();
    }
  });
});

describe('InsightsMetricSeries windows and retention', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWithInsights();
  });
  afterAll(() => t.close());

  it('without a window, the answer runs from the oldest retained point to the end of the current period', async () => {
    const { series: s } = await series(t, { ...putParameter, period: 300 });
    expect(s).toMatchObject({
      requestedStartTime: null,
      requestedEndTime: null,
      effectiveStartTime: iso(NOW.getTime() - 63 * DAY),
      effectiveEndTime: NOW.toISOString(),
      retentionStartTime: iso(NOW.getTime() - 63 * DAY),
      truncatedByRetention: false,
      period: 300,
      total: 67,
    });
  });

  it('the AWS default period is 3600 seconds', async () => {
    const { series: s } = await series(t, putParameter);
    expect(s.period).toBe(3600);
    expect(s.effectiveStartTime).toBe(iso(NOW.getTime() - 90 * DAY));
  });

  it.each([
    [60, 15],
    [300, 63],
  ])('a %i-second window starting before its %i days of retention is answered from the retention start, and says so', async (period, days) => {
    const asked = iso(NOW.getTime() - (days + 5) * DAY);
    const { series: s } = await series(t, { ...putParameter, period, startTime: asked, endTime: NOW.toISOString() });
    expect(s).toMatchObject({
      requestedStartTime: asked,
      requestedEndTime: NOW.toISOString(),
      truncatedByRetention: true,
      effectiveStartTime: iso(NOW.getTime() - days * DAY),
      retentionStartTime: iso(NOW.getTime() - days * DAY),
      total: 67,
    });
  });

  it('the same start is within the 90 days kept at 3600 seconds: not truncated', async () => {
    const asked = iso(NOW.getTime() - 20 * DAY);
    const { series: s } = await series(t, { ...putParameter, period: 3600, startTime: asked });
    expect(s).toMatchObject({ truncatedByRetention: false, effectiveStartTime: asked, total: 67 });
  });
});

describe('InsightsMetricSeries validation before any AWS call', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWithInsights();
  });
  afterAll(() => t.close());

  const sixteenDaysAgo = iso(NOW.getTime() - 16 * DAY);
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a period other than 60, 300 or 3600', { ...putParameter, period: 120 }, 'InvalidParameterException', /Period/],
    ['ApiErrorRateInsight without an error code', { ...getPasswordDataDenied, errorCode: undefined }, 'InvalidParameterException', /ErrorCode is required/],
    ['a page size of 0', { ...putParameter, pageSize: 0 }, 'InvalidParameterException', /MaxResults/],
    ['a page size above 21600', { ...putParameter, pageSize: 21601 }, 'InvalidParameterException', /MaxResults/],
    ['a start at the end', { ...putParameter, startTime: '2023-07-10T12:00:00Z', endTime: '2023-07-10T12:00:00Z' }, 'InvalidParameterException', /StartTime must be before EndTime/],
    ['a start after the end', { ...putParameter, startTime: '2023-07-10T13:00:00Z', endTime: '2023-07-10T12:00:00Z' }, 'InvalidParameterException', /StartTime must be before EndTime/],
    ['a 60-second window wholly past its 15 days', { ...putParameter, period: 60, endTime: sixteenDaysAgo }, 'InvalidParameterException', /15 days/],
    ['an empty event source', { ...putParameter, eventSource: '' }, 'InvalidParameterException', /EventSource/],
    ['an invalid trail name', { ...putParameter, trail: 'bad name!' }, 'InvalidTrailNameException', /./],
    ['a malformed trail ARN', { ...putParameter, trail: 'arn:aws:cloudtrail:us-east-1:123:trail/x' }, 'InvalidParameterException', /trail ARN/],
  ])('%s is refused with %s', async (_case, input, code, message) => {
    const { series: s, response } = await series(t, input);
    expect(s).toMatchObject({ __typename: code, code, rejectedBeforeCall: true });
    expect(s.message).toMatch(message);
    expect(response.extensions?.awsCalls).toEqual({});
  });

  it('more than 50 series in one list is refused', async () => {
    const response = await t.query(
      `query($input: InsightsMetricSeriesListInput!) { insightsMetricSeriesList(input: $input) { __typename } }`,
      { input: { series: Array.from({ length: 51 }, () => putParameter) } },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.extensions?.awsCalls).toEqual({});
  });

  it('an invalid series of a list is that item\'s error; the others are answered', async () => {
    const response = await t.query<{ insightsMetricSeriesList: Series[] }>(
      `query($input: InsightsMetricSeriesListInput!) { insightsMetricSeriesList(input: $input) {
        __typename ... on AwsError { code } ... on InsightsMetricSeries { eventName total } } }`,
      { input: { period: 60, series: [putParameter, { ...putParameter, eventSource: '' }, createRole] } },
    );
    expect(response.data?.insightsMetricSeriesList).toEqual([
      { __typename: 'InsightsMetricSeries', eventName: 'PutParameter', total: 67 },
      { __typename: 'InvalidParameterException', code: 'InvalidParameterException' },
      { __typename: 'InsightsMetricSeries', eventName: 'CreateRole', total: 13 },
    ]);
    expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 2 });
  });
});

describe('InsightsMetricSeries errors from CloudTrail', () => {
  const window = { period: 60, startTime: '2023-07-10T11:40:00Z', endTime: '2023-07-10T12:40:00Z', pageSize: 5 };

  it('a throttled later page nulls the summaries, each with the AWS code and retryable, and leaves the series answered', async () => {
    const t = await gatewayWithInsights();
    try {
      // The series' own first page succeeds; its second page (read for the summaries) is throttled.
      t.emulator.faults.set({ failures: [{ operation: 'ListInsightsMetricData', errorType: 'ThrottlingException', after: 1 }] });
      const response = await t.query<{ insightsMetricSeries: Series }>(
        `query($input: InsightsMetricSeriesInput!) { insightsMetricSeries(input: $input) {
          __typename ... on InsightsMetricSeries { eventName total pointCount points(first: 4) { edges { node { timestamp value } } } } } }`,
        { input: { ...createRole, ...window } },
      );
      const want = expectedPoints('ApiCallRateInsight', 'iam.amazonaws.com|CreateRole', 60);
      expect(response.data?.insightsMetricSeries).toEqual({
        __typename: 'InsightsMetricSeries',
        eventName: 'CreateRole',
        total: null,
        pointCount: null,
        points: { edges: want.slice(0, 4).map((node) => ({ node })) },
      });
      expect(response.errors?.map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.retryable]).sort()).toEqual([
        ['insightsMetricSeries.pointCount', 'ThrottlingException', true],
        ['insightsMetricSeries.total', 'ThrottlingException', true],
      ]);
    } finally {
      await t.close();
    }
  });

  it('in a list, a series whose later page is throttled loses its summaries only: the other series are answered', async () => {
    const t = await gatewayWithInsights();
    try {
      // Both first pages succeed; the first later page read (of either series) is throttled, once.
      t.emulator.faults.set({ failures: [{ operation: 'ListInsightsMetricData', errorType: 'ThrottlingException', after: 2, times: 1 }] });
      const response = await t.query<{ insightsMetricSeriesList: Series[] }>(
        `query($input: InsightsMetricSeriesListInput!) { insightsMetricSeriesList(input: $input) {
          __typename ... on InsightsMetricSeries { eventName total } } }`,
        { input: { ...window, series: [createRole, putParameter] } },
      );
      const totals = [createRole, putParameter].map((key) =>
        expectedPoints('ApiCallRateInsight', `${key.eventSource}|${key.eventName}`, 60)
          .filter((p) => p.timestamp >= '2023-07-10T11:40' && p.timestamp < '2023-07-10T12:40')
          .reduce((sum, p) => sum + p.value, 0),
      );
      const items = response.data?.insightsMetricSeriesList ?? [];
      expect(items.map((i) => [i.__typename, i.eventName])).toEqual([
        ['InsightsMetricSeries', 'CreateRole'],
        ['InsightsMetricSeries', 'PutParameter'],
      ]);
      const throttled = items.findIndex((i) => i.total === null);
      expect(throttled).toBeGreaterThanOrEqual(0);
      expect(items.map((i, n) => (n === throttled ? null : i.total))).toEqual(totals.map((total, n) => (n === throttled ? null : total)));
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]).toMatchObject({
        path: ['insightsMetricSeriesList', throttled, 'total'],
        extensions: { code: 'ThrottlingException', retryable: true },
      });
    } finally {
      await t.close();
    }
  });

  it('without Insights enabled, CloudTrail refuses the read and the result says so', async () => {
    const t = await startTestGateway({
      emulator: { now: NOW, logs: [SAMPLE_LOGS_DIR] },
      gateway: { insights: { now: () => NOW, cache: false } },
    });
    try {
      const { series: s, response } = await series(t, putParameter);
      expect(s).toMatchObject({ __typename: 'OperationNotPermittedException', rejectedBeforeCall: false });
      expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
    } finally {
      await t.close();
    }
  });
});

describe('InsightsMetricSeries AWS calls', () => {
  const LIST_QUERY = `query($input: InsightsMetricSeriesListInput!) { insightsMetricSeriesList(input: $input) {
    __typename ... on AwsError { code retryable } ... on InsightsMetricSeries { eventName total maximum mean pointCount points(first: 100) { edges { node { value } } } } } }`;

  function twentySeriesKeys() {
    const keys = Object.keys(expected.series.ApiCallRateInsight).slice(0, 20);
    expect(keys).toHaveLength(20);
    return keys.map((k) => {
      const [, eventSource, eventName] = k.split('|');
      return { eventSource, eventName, insightType: 'ApiCallRateInsight' };
    });
  }

  it('a dashboard of 20 distinct series costs 20 ListInsightsMetricData calls, summaries and points included', async () => {
    const t = await gatewayWithInsights();
    try {
      const response = await t.query<{ insightsMetricSeriesList: Series[] }>(LIST_QUERY, {
        input: { period: 60, startTime: '2023-07-10T00:00:00Z', series: twentySeriesKeys() },
      });
      expect(response.errors).toBeUndefined();
      const answered = response.data?.insightsMetricSeriesList ?? [];
      expect(answered).toHaveLength(20);
      for (const [i, key] of twentySeriesKeys().entries()) {
        const want = expectedPoints('ApiCallRateInsight', `${key.eventSource}|${key.eventName}`, 60);
        expect(answered[i]).toMatchObject({ eventName: key.eventName, pointCount: want.length, total: want.reduce((s, p) => s + p.value, 0) });
      }
      expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 20 });
    } finally {
      await t.close();
    }
  });

  it('the same series asked twice in one query costs one call', async () => {
    const t = await gatewayWithInsights();
    try {
      const response = await t.query(
        `query($input: InsightsMetricSeriesInput!, $list: InsightsMetricSeriesListInput!) {
          a: insightsMetricSeries(input: $input) { ... on InsightsMetricSeries { total points { edges { node { value } } } } }
          b: insightsMetricSeries(input: $input) { ... on InsightsMetricSeries { maximum pointCount } }
          c: insightsMetricSeriesList(input: $list) { ... on InsightsMetricSeries { mean } }
        }`,
        { input: { ...putParameter, period: 60 }, list: { period: 60, series: [putParameter, putParameter] } },
      );
      expect(response.errors).toBeUndefined();
      expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
    } finally {
      await t.close();
    }
  });

  it('a repeat request within the cache TTL costs no call; after the TTL it costs one again', async () => {
    const t = await gatewayWithInsights({ cache: { ttlMs: 1500 } });
    try {
      const variables = { input: { period: 60, series: twentySeriesKeys() } };
      const first = await t.query(LIST_QUERY, variables);
      expect(first.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 20 });
      const again = await t.query(LIST_QUERY, variables);
      expect(again.extensions?.awsCalls).toEqual({});
      expect(again.data).toEqual(first.data);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const later = await t.query(LIST_QUERY, variables);
      expect(later.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 20 });
    } finally {
      await t.close();
    }
  });

  it('a failed read is not cached: the next request calls CloudTrail again', async () => {
    const t = await gatewayWithInsights({ cache: { ttlMs: 60_000 } });
    try {
      t.emulator.faults.set({ failures: [{ operation: 'ListInsightsMetricData', errorType: 'ThrottlingException', times: 1 }] });
      const failed = await series(t, putParameter);
      expect(failed.series).toMatchObject({ __typename: 'ThrottlingException', rejectedBeforeCall: false });
      expect(failed.response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
      const retried = await series(t, putParameter);
      expect(retried.series).toMatchObject({ __typename: 'InsightsMetricSeries', total: 67 });
      expect(retried.response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
    } finally {
      await t.close();
    }
  });

  it('with the cache turned off, every request reads CloudTrail', async () => {
    const t = await gatewayWithInsights({ cache: false });
    try {
      for (let i = 0; i < 2; i += 1) {
        const { response } = await series(t, putParameter);
        expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
      }
    } finally {
      await t.close();
    }
  });
});

describe('InsightsMetricSeries after Insights selectors change', () => {
  const PUT_TRAIL = `mutation($input: PutTrailInsightSelectorsInput!) { putTrailInsightSelectors(input: $input) { __typename } }`;
  const PUT_STORE = `mutation($input: PutEventDataStoreInsightSelectorsInput!) { putEventDataStoreInsightSelectors(input: $input) { __typename } }`;

  it('turning a type off on a trail forgets the cached series: the next read is CloudTrail\'s refusal, not the cached points', async () => {
    const t = await gatewayWithInsights({ cache: { ttlMs: 60_000 } });
    try {
      const before = await series(t, putParameter);
      expect(before.series).toMatchObject({ __typename: 'InsightsMetricSeries', total: 67 });
      const cached = await series(t, putParameter);
      expect(cached.response.extensions?.awsCalls).toEqual({});

      const put = await t.query<{ putTrailInsightSelectors: { __typename: string } }>(PUT_TRAIL, {
        input: { trail: 'audit', insightSelectors: [{ insightType: 'ApiErrorRateInsight' }] },
      });
      expect(put.data?.putTrailInsightSelectors.__typename).toBe('PutTrailInsightSelectorsPayload');

      const after = await series(t, putParameter);
      expect(after.series).toMatchObject({ __typename: 'OperationNotPermittedException', rejectedBeforeCall: false });
      expect(after.response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
    } finally {
      await t.close();
    }
  });

  it('turning Insights off on an event data store forgets the cached series too', async () => {
    const t = await startTestGateway({
      emulator: { now: NOW, logs: [SAMPLE_LOGS_DIR] },
      gateway: { insights: { now: () => NOW, cache: { ttlMs: 60_000 } } },
    });
    try {
      const { source } = await eventDataStoreWithInsights(t.sdkClient(), [{ InsightType: 'ApiCallRateInsight' }]);
      const before = await series(t, putParameter);
      expect(before.series).toMatchObject({ __typename: 'InsightsMetricSeries', total: 67 });

      const put = await t.query<{ putEventDataStoreInsightSelectors: { __typename: string } }>(PUT_STORE, {
        input: { eventDataStore: source, insightSelectors: [] },
      });
      expect(put.data?.putEventDataStoreInsightSelectors.__typename).toBe('PutEventDataStoreInsightSelectorsPayload');

      const after = await series(t, putParameter);
      expect(after.series).toMatchObject({ __typename: 'OperationNotPermittedException', rejectedBeforeCall: false });
      expect(after.response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 1 });
    } finally {
      await t.close();
    }
  });
});

describe('the InsightsDashboard example operation', () => {
  it('runs within the query limits and reads each of its series once', async () => {
    const t = await gatewayWithInsights();
    try {
      const document = readFileSync(new URL('../../schema/operations/03-insights-dashboard.graphql', import.meta.url), 'utf8');
      const response = await t.query<{ insightsMetricSeriesList: Series[] }>(document, {
        startTime: '2023-07-10T11:30:00Z',
        endTime: '2023-07-10T12:30:00Z',
      });
      expect(response.errors).toBeUndefined();
      const answered = response.data?.insightsMetricSeriesList ?? [];
      expect(answered.map((s) => [s.__typename, s.eventName, s.pointCount])).toEqual([
        ['InsightsMetricSeries', 'PutParameter', 12],
        ['InsightsMetricSeries', 'PutParameter', 12],
        ['InsightsMetricSeries', 'CreateSecret', 12],
        ['InsightsMetricSeries', 'GetPasswordData', 12],
      ]);
      expect(answered[0]?.total).toBe(67);
      expect(response.extensions?.awsCalls).toEqual({ ListInsightsMetricData: 4 });
    } finally {
      await t.close();
    }
  });
});
