import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { computeExpected, type Expected, type ExpectedInsight } from '../emulator/expected/expected.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startSampleInsightsGateway } from '../helpers/insights-gateway.js';
import { createTrail, enableTrailInsights } from '../helpers/trails.js';

/**
 * Insights events through the gateway, over the emulator with the real sample logs ingested.
 * Expected Insights come from the independent script under test/emulator/expected/; the events of
 * an Insight's window are counted here straight from the raw log files.
 */

const NOW = new Date('2023-07-11T00:00:00Z');

interface Attribution {
  insight: { value: string; average: number }[];
  baseline: { value: string; average: number }[];
}

interface Insight {
  sharedEventId: string;
  state: 'ACTIVE' | 'ENDED';
  startTime: string;
  endTime: string | null;
  eventSource: string;
  eventName: string;
  insightType: string;
  errorCode: string | null;
  trailArn: string | null;
  statistics: {
    baselineAverage: number | null;
    insightAverage: number | null;
    insightDurationMinutes: number | null;
    baselineDurationMinutes: number | null;
  };
  attributions: { userIdentityArns: Attribution; userAgents: Attribution; errorCodes: Attribution } | null;
}

interface Connection<Node> {
  __typename: string;
  code?: string;
  message?: string;
  rejectedBeforeCall?: boolean;
  edges: { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const ATTRIBUTION = 'insight { value average } baseline { value average }';
const INSIGHT_FIELDS = `sharedEventId state startTime endTime eventSource eventName insightType errorCode trailArn
  statistics { baselineAverage insightAverage insightDurationMinutes baselineDurationMinutes }
  attributions { userIdentityArns { ${ATTRIBUTION} } userAgents { ${ATTRIBUTION} } errorCodes { ${ATTRIBUTION} } }`;

const INSIGHTS_QUERY = `query Insights($filter: InsightEventsFilter, $first: Int, $after: String, $region: String) {
  insightEvents(filter: $filter, first: $first, after: $after, region: $region) {
    __typename
    edges { node { ${INSIGHT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let expected: Expected;

interface RawEvent {
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  errorCode?: string;
  readOnly?: boolean;
}

/** The sample's events, read straight from the log files, once per eventID. */
function rawSampleEvents(): RawEvent[] {
  const byId = new Map<string, RawEvent>();
  for (const file of readdirSync(SAMPLE_LOGS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const { Records } = JSON.parse(readFileSync(join(SAMPLE_LOGS_DIR, file), 'utf8')) as { Records: RawEvent[] };
    for (const e of Records) if (!byId.has(e.eventID)) byId.set(e.eventID, e);
  }
  return [...byId.values()];
}

function asGateway(i: ExpectedInsight) {
  const attribution = (name: string): Attribution => ({ insight: i.attributions[name].insight, baseline: i.attributions[name].baseline });
  return {
    state: 'ENDED',
    startTime: new Date(i.start).toISOString(),
    endTime: new Date(i.end).toISOString(),
    eventSource: i.eventSource,
    eventName: i.eventName,
    insightType: i.insightType,
    errorCode: i.errorCode,
    trailArn: null,
    statistics: {
      baselineAverage: i.baselineAverage,
      insightAverage: i.insightAverage,
      insightDurationMinutes: i.insightDuration,
      baselineDurationMinutes: i.baselineDuration,
    },
    attributions: {
      userIdentityArns: attribution('userIdentityArn'),
      userAgents: attribution('userAgent'),
      errorCodes: attribution('errorCode'),
    },
  };
}

/** Orders Insights the way both sides can agree on, whatever order AWS breaks time ties in. */
function byStartThenName<T extends { startTime: string; eventName: string; insightType: string }>(list: T[]): T[] {
  return [...list].sort((a, b) =>
    a.startTime !== b.startTime ? (a.startTime < b.startTime ? 1 : -1) : `${a.eventName}|${a.insightType}`.localeCompare(`${b.eventName}|${b.insightType}`),
  );
}

const gatewayWithInsights = (now = NOW): Promise<TestGateway> => startSampleInsightsGateway(now);

/** The Start (and End, when `end` is given) Insights events of one Insight, as the CloudTrail User Guide documents them. */
function insightRecords(
  id: string,
  insight: { eventSource: string; eventName: string; insightType: string; errorCode?: string; start: string; end?: string },
) {
  const sharedEventID = `00000000-0000-4000-8000-${id.padStart(12, '0')}`;
  const record = (state: 'Start' | 'End', eventTime: string) => ({
    eventVersion: '1.08',
    eventTime,
    awsRegion: 'us-east-1',
    eventID: `${sharedEventID.slice(0, -12)}${state === 'Start' ? '1' : '2'}${id.padStart(11, '0')}`,
    eventType: 'AwsCloudTrailInsight',
    eventCategory: 'Insight',
    recipientAccountId: '123456789012',
    sharedEventID,
    // The emulator also wants the event source and name at the top level to store a record.
    eventSource: insight.eventSource,
    eventName: insight.eventName,
    insightDetails: {
      state,
      eventSource: insight.eventSource,
      eventName: insight.eventName,
      insightType: insight.insightType,
      ...(insight.errorCode ? { errorCode: insight.errorCode } : {}),
      insightContext: { statistics: { baseline: { average: 0.25 }, insight: { average: 30 } } },
    },
  });
  return insight.end ? [record('Start', insight.start), record('End', insight.end)] : [record('Start', insight.start)];
}

async function ingest(t: TestGateway, records: unknown[]): Promise<void> {
  const response = await fetch(`${t.emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify(records) });
  expect(response.status).toBe(200);
}

async function insights(t: TestGateway, variables: Record<string, unknown> = {}) {
  const response = await t.query<{ insightEvents: Connection<Insight> }>(INSIGHTS_QUERY, variables);
  expect(response.errors).toBeUndefined();
  return { connection: response.data?.insightEvents as Connection<Insight>, awsCalls: response.extensions?.awsCalls };
}

beforeAll(() => {
  expected = computeExpected([SAMPLE_LOGS_DIR]);
});

describe('insightEvents', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWithInsights();
  });
  afterAll(() => t.close());

  it('lists each Insight once, its Start and End paired by sharedEventID, newest first, with statistics and attributions', async () => {
    const { connection, awsCalls } = await insights(t, { first: 50 });
    const nodes = connection.edges.map((e) => e.node);
    expect(nodes).toHaveLength(expected.insights.length);
    expect(new Set(nodes.map((n) => n.sharedEventId)).size).toBe(nodes.length);
    const starts = nodes.map((n) => n.startTime);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(byStartThenName(nodes).map(({ sharedEventId: _id, ...rest }) => rest)).toEqual(
      byStartThenName(expected.insights.map(asGateway)),
    );
    expect(connection.pageInfo.hasNextPage).toBe(false);
    // 12 Insights are 24 events: one LookupEvents page of 50 holds them, Ends included.
    expect(awsCalls).toEqual({ LookupEvents: 1 });
  });

  it('pages with first/after without losing or repeating an Insight', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const { connection } = await insights(t, { first: 5, after });
      seen.push(...connection.edges.map((e) => e.node.sharedEventId));
      expect(connection.edges.every((e) => e.node.state === 'ENDED')).toBe(true);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toHaveLength(expected.insights.length);
    expect(new Set(seen).size).toBe(expected.insights.length);
  });

  it.each<[string, Record<string, unknown>, (i: ExpectedInsight) => boolean]>([
    ['insightType', { insightType: 'ApiErrorRateInsight' }, (i) => i.insightType === 'ApiErrorRateInsight'],
    ['eventName', { eventName: 'PutParameter' }, (i) => i.eventName === 'PutParameter'],
    ['eventSource', { eventSource: 'secretsmanager.amazonaws.com' }, (i) => i.eventSource === 'secretsmanager.amazonaws.com'],
    ['eventSource and eventName', { eventSource: 'ssm.amazonaws.com', eventName: 'DeleteParameter' }, (i) => i.eventName === 'DeleteParameter'],
    ['errorCode', { errorCode: 'ThrottlingException' }, (i) => i.errorCode === 'ThrottlingException'],
    ['start time range', { startTime: '2023-07-10T11:57:00Z', endTime: '2023-07-10T12:02:00Z' }, (i) => i.start >= '2023-07-10T11:57:00Z' && i.start <= '2023-07-10T12:02:00Z'],
  ])('filters by %s', async (_name, filter, keep) => {
    const { connection } = await insights(t, { filter, first: 50 });
    const want = expected.insights.filter(keep).map(asGateway);
    expect(want.length).toBeGreaterThan(0);
    expect(byStartThenName(connection.edges.map(({ node: { sharedEventId: _id, ...rest } }) => rest))).toEqual(byStartThenName(want));
  });

  it('an Insight that ends after the time range still gets its End, found with one more walk', async () => {
    const { connection, awsCalls } = await insights(t, { filter: { startTime: '2023-07-10T12:07:00Z', endTime: '2023-07-10T12:08:30Z' }, first: 50 });
    const want = expected.insights.filter((i) => i.start >= '2023-07-10T12:07:00Z' && i.start <= '2023-07-10T12:08:30Z');
    expect(connection.edges.map((e) => [e.node.eventName, e.node.insightType, e.node.state, e.node.endTime]).sort()).toEqual(
      want.map((i) => [i.eventName, i.insightType, 'ENDED', new Date(i.end).toISOString()]).sort(),
    );
    expect(awsCalls).toEqual({ LookupEvents: 2 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a start after the end', { startTime: '2023-07-10T13:00:00Z', endTime: '2023-07-10T12:00:00Z' }, 'InvalidTimeRangeException'],
    ['an event name over 2000 characters', { eventName: 'x'.repeat(2001) }, 'InvalidLookupAttributesException'],
    ['a malformed trail ARN', { trailArn: 'arn:aws:cloudtrail:us-east-1:123:trail/x' }, 'InvalidParameterException'],
    ['a start after the end, for a trail', { trailArn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/audit', startTime: '2023-07-10T13:00:00Z', endTime: '2023-07-10T12:00:00Z' }, 'InvalidParameterException'],
  ])('%s is refused with %s before any AWS call', async (_name, filter, code) => {
    const response = await t.query<{ insightEvents: Connection<Insight> | null }>(INSIGHTS_QUERY, { filter });
    expect(response.data?.insightEvents).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({
      path: ['insightEvents'],
      extensions: { code, retryable: false, rejectedBeforeCall: true, awsRequestId: null },
    });
    expect(response.extensions?.awsCalls).toEqual({});
  });
});

describe('InsightEvent.metricSeries and InsightEvent.events', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWithInsights();
  });
  afterAll(() => t.close());

  const LINK_QUERY = `query Link($filter: InsightEventsFilter, $period: Int!, $context: Int!, $onlyCounted: Boolean!, $first: Int, $insights: Int = 10, $points: Int = 1000) {
    insightEvents(filter: $filter, first: $insights) {
      ... on InsightEventConnection { edges { node {
        eventName insightType startTime endTime statistics { insightAverage insightDurationMinutes }
        metricSeries(period: $period, contextMinutes: $context) {
          __typename
          ... on AwsError { code message }
          ... on InsightsMetricSeries { effectiveStartTime effectiveEndTime total maximum maximumTime points(first: $points) { edges { node { timestamp value } } } }
        }
        events(onlyCounted: $onlyCounted, first: $first) {
          __typename
          ... on CloudTrailEventConnection { edges { node { eventId eventName eventSource eventTime errorCode readOnly raw } } pageInfo { hasNextPage } }
        }
      } } }
    }
  }`;

  interface LinkedInsight {
    eventName: string;
    insightType: string;
    startTime: string;
    endTime: string;
    statistics: { insightAverage: number; insightDurationMinutes: number };
    metricSeries: {
      __typename: string;
      code?: string;
      effectiveStartTime: string;
      effectiveEndTime: string;
      total: number;
      maximum: number;
      maximumTime: string;
      points: { edges: { node: { timestamp: string; value: number } }[] };
    };
    events: { __typename: string; edges: { node: RawEvent & { eventId: string; raw: RawEvent } }[]; pageInfo: { hasNextPage: boolean } };
  }

  async function linked(variables: Record<string, unknown>) {
    const response = await t.query<{ insightEvents: { edges: { node: LinkedInsight }[] } }>(LINK_QUERY, {
      period: 60,
      context: 5,
      onlyCounted: false,
      first: 50,
      ...variables,
    });
    expect(response.errors).toBeUndefined();
    return { nodes: response.data?.insightEvents.edges.map((e) => e.node) ?? [], awsCalls: response.extensions?.awsCalls };
  }

  it("opens the Insight's metric series around its window, one point per minute, the peak inside the Insight", async () => {
    const { nodes } = await linked({ filter: { eventName: 'PutParameter', insightType: 'ApiCallRateInsight' } });
    expect(nodes).toHaveLength(1);
    const [insight] = nodes;
    const start = Date.parse(insight.startTime);
    const end = Date.parse(insight.endTime);
    const counted = expected.series.ApiCallRateInsight['us-east-1|ssm.amazonaws.com|PutParameter']['60'];
    const want: { timestamp: string; value: number }[] = [];
    for (let ms = start - 5 * 60_000; ms < end + 5 * 60_000; ms += 60_000) {
      const at = new Date(ms).toISOString();
      want.push({ timestamp: at, value: counted[at.replace('.000Z', 'Z')] ?? 0 });
    }
    expect(insight.metricSeries).toMatchObject({
      __typename: 'InsightsMetricSeries',
      effectiveStartTime: new Date(start - 5 * 60_000).toISOString(),
      effectiveEndTime: new Date(end + 5 * 60_000).toISOString(),
      maximumTime: insight.startTime,
      maximum: insight.statistics.insightAverage,
    });
    expect(insight.metricSeries.points.edges.map((e) => e.node)).toEqual(want);
  });

  it("lists the calls of the Insight's window: all of them, or only those it counted", async () => {
    const raw = rawSampleEvents().filter(
      (e) => e.eventName === 'DeleteParameter' && e.eventTime >= '2023-07-10T12:08:00Z' && e.eventTime < '2023-07-10T12:09:00Z',
    );
    const filter = { eventName: 'DeleteParameter', insightType: 'ApiErrorRateInsight' };

    const all = await linked({ filter, first: 100 });
    const [insight] = all.nodes;
    expect(insight.events.edges.map((e) => e.node.eventId).sort()).toEqual(raw.map((e) => e.eventID).sort());
    expect(insight.events.pageInfo.hasNextPage).toBe(false);

    const counted = await linked({ filter, first: 100, onlyCounted: true });
    const throttled = raw.filter((e) => e.errorCode === 'ThrottlingException');
    const events = counted.nodes[0].events.edges.map((e) => e.node);
    expect(events.map((e) => e.eventId).sort()).toEqual(throttled.map((e) => e.eventID).sort());
    expect(events).toHaveLength(insight.statistics.insightAverage * insight.statistics.insightDurationMinutes);
    for (const e of events) {
      expect(e).toMatchObject({ eventName: 'DeleteParameter', eventSource: 'ssm.amazonaws.com', errorCode: 'ThrottlingException' });
      expect(e.raw.eventID).toBe(e.eventId);
    }
    const times = events.map((e) => e.eventTime);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('costs one ListInsightsMetricData call per Insight and one LookupEvents page per 50 events of each window', async () => {
    const { nodes, awsCalls } = await linked({ filter: { insightType: 'ApiErrorRateInsight' }, first: 10 });
    expect(nodes).toHaveLength(expected.insights.filter((i) => i.insightType === 'ApiErrorRateInsight').length);
    // One LookupEvents for the Insights, one per Insight window (each window's calls fit a page of 50).
    expect(awsCalls).toEqual({ ListInsightsMetricData: nodes.length, LookupEvents: 1 + nodes.length });
  });

  it('refuses a period AWS does not offer, as InvalidParameterException in the series result', async () => {
    const { nodes, awsCalls } = await linked({ filter: { eventName: 'PutParameter', insightType: 'ApiCallRateInsight' }, period: 120 });
    expect(nodes[0].metricSeries).toMatchObject({ __typename: 'InvalidParameterException' });
    expect(awsCalls?.ListInsightsMetricData).toBeUndefined();
  });

  it('refuses a negative context', async () => {
    const response = await t.query(LINK_QUERY, { filter: { eventName: 'PutParameter' }, period: 60, context: -1, onlyCounted: false, first: 1 });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('InsightEvent of an old Insight', () => {
  it('its 60-second series is past the 15 days CloudTrail keeps; at 3600 seconds it is answered', async () => {
    const later = new Date('2023-08-01T00:00:00Z');
    const t = await gatewayWithInsights(later);
    try {
      const response = await t.query<{ insightEvents: { edges: { node: Record<string, { __typename: string; code?: string; total?: number }> }[] } }>(
        `{ insightEvents(filter: { eventName: "PutParameter", insightType: ApiCallRateInsight }) { ... on InsightEventConnection { edges { node {
          minute: metricSeries(period: 60) { __typename ... on AwsError { code } }
          hour: metricSeries(period: 3600) { __typename ... on InsightsMetricSeries { total } }
        } } } } }`,
      );
      expect(response.errors).toBeUndefined();
      const [node] = response.data?.insightEvents.edges.map((e) => e.node) ?? [];
      expect(node.minute).toEqual({ __typename: 'InvalidParameterException', code: 'InvalidParameterException' });
      const putParameterWrites = Object.values(expected.series.ApiCallRateInsight['us-east-1|ssm.amazonaws.com|PutParameter']['3600']);
      expect(node.hour).toEqual({ __typename: 'InsightsMetricSeries', total: putParameterWrites.reduce((a, b) => a + b, 0) });
      expect(response.extensions?.awsCalls).toEqual({ LookupEvents: 1, ListInsightsMetricData: 1 });
    } finally {
      await t.close();
    }
  });
});

describe('insightEvents over many Insights the filter leaves out', () => {
  // 550 call-rate Insights (1100 events, 22 LookupEvents pages of 50), then the one error-rate
  // Insight, older than all of them: more filtered-out pages than one request reads.
  const callRate = Array.from({ length: 550 }, (_, i) =>
    insightRecords(String(i + 1), {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      insightType: 'ApiCallRateInsight',
      start: new Date(Date.parse('2023-07-09T00:00:00Z') + i * 120_000).toISOString(),
      end: new Date(Date.parse('2023-07-09T00:01:00Z') + i * 120_000).toISOString(),
    }),
  ).flat();
  const errorRate = insightRecords('999999', {
    eventSource: 'ssm.amazonaws.com',
    eventName: 'PutParameter',
    insightType: 'ApiErrorRateInsight',
    errorCode: 'ThrottlingException',
    start: '2023-07-08T23:00:00Z',
    end: '2023-07-08T23:01:00Z',
  });
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ emulator: { now: NOW }, gateway: { insights: { now: () => NOW, cache: false } } });
    await ingest(t, [...callRate, ...errorRate]);
  });
  afterAll(() => t.close());

  it('pages through with short or empty pages that say more may follow, and finds the one Insight of the filtered type', async () => {
    const found: Insight[] = [];
    const pageSizes: number[] = [];
    let after: string | undefined;
    for (let requests = 0; requests < 20; requests += 1) {
      const { connection, awsCalls } = await insights(t, { filter: { insightType: 'ApiErrorRateInsight' }, first: 10, after });
      found.push(...connection.edges.map((e) => e.node));
      pageSizes.push(connection.edges.length);
      // A request reads a bounded number of LookupEvents pages, whatever the filter leaves out.
      expect(awsCalls?.LookupEvents).toBeLessThanOrEqual(5);
      if (!connection.pageInfo.hasNextPage) break;
      expect(connection.pageInfo.endCursor).toEqual(expect.any(String));
      after = connection.pageInfo.endCursor ?? undefined;
    }
    // 1102 events at 50 a page are 23 pages: at 5 pages a request, 5 requests, the first 4 empty.
    expect(pageSizes).toEqual([0, 0, 0, 0, 1]);
    expect(found.map((i) => [i.sharedEventId, i.insightType, i.eventName, i.state, i.startTime, i.endTime])).toEqual([
      ['00000000-0000-4000-8000-000000999999', 'ApiErrorRateInsight', 'PutParameter', 'ENDED', '2023-07-08T23:00:00.000Z', '2023-07-08T23:01:00.000Z'],
    ]);
  });

  it('a LookupEvents page after the first that fails nulls the connection with an error carrying its code and retryable', async () => {
    t.emulator.faults.set({ failures: [{ operation: 'LookupEvents', errorType: 'ThrottlingException', after: 1, times: 1 }] });
    try {
      const response = await t.query<{ insightEvents: Connection<Insight> | null }>(
        `query($filter: InsightEventsFilter) { insightEvents(filter: $filter, first: 10) { edges { node { sharedEventId } } } }`,
        { filter: { insightType: 'ApiErrorRateInsight' } },
      );
      expect(response.data?.insightEvents).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]).toMatchObject({
        path: ['insightEvents'],
        extensions: { code: 'ThrottlingException', retryable: true, rejectedBeforeCall: false, awsRequestId: expect.any(String) },
      });
      expect(response.extensions?.awsCalls).toEqual({ LookupEvents: 2 });
    } finally {
      t.emulator.faults.set({});
    }
  });
});

describe('an Insight still under way', () => {
  it('is ACTIVE, with no end, the Start statistics and no attributions', async () => {
    const t = await startTestGateway({ emulator: { now: NOW }, gateway: { insights: { now: () => NOW, cache: false } } });
    try {
      // A Start event as the CloudTrail User Guide documents it; the emulator also wants the
      // event source and name at the top level to store a record.
      const start = {
        eventVersion: '1.08',
        eventTime: '2023-07-10T23:50:00Z',
        awsRegion: 'us-east-1',
        eventID: 'a1b2c3d4-0000-4000-8000-000000000001',
        eventType: 'AwsCloudTrailInsight',
        eventCategory: 'Insight',
        recipientAccountId: '123456789012',
        sharedEventID: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        insightDetails: {
          state: 'Start',
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateUser',
          insightType: 'ApiCallRateInsight',
          insightContext: { statistics: { baseline: { average: 0.25 }, insight: { average: 30 } } },
        },
      };
      const ingest = await fetch(`${t.emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify([start]) });
      expect(ingest.status).toBe(200);
      const { connection, awsCalls } = await insights(t);
      expect(connection.edges.map((e) => e.node)).toEqual([
        {
          sharedEventId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
          state: 'ACTIVE',
          startTime: '2023-07-10T23:50:00.000Z',
          endTime: null,
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateUser',
          insightType: 'ApiCallRateInsight',
          errorCode: null,
          trailArn: null,
          statistics: { baselineAverage: 0.25, insightAverage: 30, insightDurationMinutes: null, baselineDurationMinutes: null },
          attributions: null,
        },
      ]);
      // Every event newer than the Start was on the page read: no search for an End.
      expect(awsCalls).toEqual({ LookupEvents: 1 });
    } finally {
      await t.close();
    }
  });

  // 60 CreateUser calls during the Insight, 23:50:00 to 23:58:51: two LookupEvents pages of 50.
  const createUserCalls = Array.from({ length: 60 }, (_, i) => ({
    eventVersion: '1.08',
    eventID: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventTime: new Date(Date.parse('2023-07-10T23:50:00Z') + i * 9000).toISOString().replace('.000Z', 'Z'),
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    awsRegion: 'us-east-1',
    eventCategory: 'Management',
    managementEvent: true,
    readOnly: false,
  }));
  const EVENTS_QUERY = `query($first: Int, $after: String) { insightEvents { ... on InsightEventConnection { edges { node {
    state events(first: $first, after: $after) {
      __typename
      edges { node { eventId } } pageInfo { hasNextPage endCursor }
    } } } } } }`;
  type EventsPage = { __typename: string; edges: { node: { eventId: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  const eventsResponse = async (t: TestGateway, variables: Record<string, unknown>) => {
    const response = await t.query<{ insightEvents: { edges: { node: { state: string; events: EventsPage | null } }[] } }>(EVENTS_QUERY, variables);
    const [insight] = response.data?.insightEvents.edges ?? [];
    expect(insight?.node.state).toBe('ACTIVE');
    return { events: insight.node.events, errors: response.errors };
  };
  const eventsOf = async (t: TestGateway, variables: Record<string, unknown>) => {
    const { events, errors } = await eventsResponse(t, variables);
    expect(errors).toBeUndefined();
    return events as EventsPage;
  };
  const activeInsight = insightRecords('aa', { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', insightType: 'ApiCallRateInsight', start: '2023-07-10T23:50:00Z' });

  it('its calls page on after the clock has moved: the second page reads the window of the first', async () => {
    let now = NOW;
    const t = await startTestGateway({ emulator: { now: NOW }, gateway: { insights: { now: () => now, cache: false } } });
    try {
      await ingest(t, [...activeInsight, ...createUserCalls]);
      const first = await eventsOf(t, { first: 30 });
      expect(first.edges).toHaveLength(30);
      expect(first.pageInfo.hasNextPage).toBe(true);
      // Two minutes later the Insight's window ends elsewhere: the cursor still resumes its own.
      now = new Date(NOW.getTime() + 120_000);
      const second = await eventsOf(t, { first: 30, after: first.pageInfo.endCursor });
      expect(second.__typename).toBe('CloudTrailEventConnection');
      expect(second.pageInfo.hasNextPage).toBe(false);
      const newestFirst = [...createUserCalls].reverse().map((e) => e.eventID);
      expect([...first.edges, ...second.edges].map((e) => e.node.eventId)).toEqual(newestFirst);
    } finally {
      await t.close();
    }
  });

  it('a LookupEvents page after the first that fails nulls the events connection with an error carrying its code', async () => {
    const t = await startTestGateway({ emulator: { now: NOW }, gateway: { insights: { now: () => NOW, cache: false } } });
    try {
      await ingest(t, [...activeInsight, ...createUserCalls]);
      // The Insights page and the first page of calls succeed; the second page of calls is throttled.
      t.emulator.faults.set({ failures: [{ operation: 'LookupEvents', errorType: 'ThrottlingException', after: 2 }] });
      const { events, errors } = await eventsResponse(t, { first: 60 });
      expect(events).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors?.[0]).toMatchObject({
        path: ['insightEvents', 'edges', 0, 'node', 'events'],
        extensions: { code: 'ThrottlingException', retryable: true, rejectedBeforeCall: false },
      });
    } finally {
      await t.close();
    }
  });
});

describe('Insights on the data events of a trail', () => {
  const region = 'eu-central-1';
  const object = (id: string, time: string) => ({
    eventVersion: '1.09',
    eventID: `data-${id}`,
    eventTime: time,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: region,
    eventCategory: 'Data',
    managementEvent: false,
    readOnly: true,
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::reports/${id}` }],
  });
  // One read at 10:00, then 12 reads within the minute 10:30: a burst against a quiet baseline.
  const dataEvents = [object('first', '2023-07-10T10:00:00Z'), ...Array.from({ length: 12 }, (_, i) => object(`burst-${i}`, `2023-07-10T10:30:${String(i * 4).padStart(2, '0')}Z`))];
  // And a burst of 12 management writes at 10:45: an Insight on management events, LookupEvents'.
  const managementEvents = Array.from({ length: 12 }, (_, i) => ({
    eventVersion: '1.09',
    eventID: `management-${i}`,
    eventTime: `2023-07-10T10:45:${String(i * 4).padStart(2, '0')}Z`,
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    awsRegion: region,
    eventCategory: 'Management',
    managementEvent: true,
    readOnly: false,
  }));
  let t: TestGateway;
  let trailArn: string;

  beforeAll(async () => {
    t = await startTestGateway({ emulator: { now: NOW }, gateway: { insights: { now: () => NOW, cache: false } } });
    const client = t.sdkClient(region);
    trailArn = await createTrail(client, 'data-audit', { S3BucketName: 'audit-logs' });
    await client.send(
      new PutEventSelectorsCommand({
        TrailName: 'data-audit',
        AdvancedEventSelectors: [
          { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          { Name: 'S3 objects', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
        ],
      }),
    );
    // Insights on both: only the data-event ones are the trail's (ListInsightsData).
    await enableTrailInsights(client, 'data-audit', [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Management', 'Data'] }]);
    await ingest(t, [...dataEvents, ...managementEvents]);
  });
  afterAll(() => t.close());

  it("Trail.insightsMetricSeries reads the trail's data-event series", async () => {
    const response = await t.query<{ trail: { insightsMetricSeries: Record<string, unknown> } }>(
      `query($arn: String!) { trail(nameOrArn: $arn) { ... on Trail { insightsMetricSeries(eventSource: "s3.amazonaws.com", eventName: "GetObject", insightType: ApiCallRateInsight, period: 300, startTime: "2023-07-10T00:00:00Z") {
        __typename ... on AwsError { code message } ... on InsightsMetricSeries { trailArn total points { edges { node { timestamp value } } } } } } } }`,
      { arn: trailArn },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.trail.insightsMetricSeries).toEqual({
      __typename: 'InsightsMetricSeries',
      trailArn,
      total: dataEvents.length,
      points: {
        edges: [
          { node: { timestamp: '2023-07-10T10:00:00.000Z', value: 1 } },
          { node: { timestamp: '2023-07-10T10:30:00.000Z', value: 12 } },
        ],
      },
    });
  });

  it('insightEvents with the trail ARN lists its data-event Insights (ListInsightsData) and links them to its series', async () => {
    const response = await t.query<{ insightEvents: Connection<Insight & { metricSeries: { total: number; maximum: number } }> }>(
      `query($trailArn: String!) { insightEvents(filter: { trailArn: $trailArn }) { __typename
        ... on InsightEventConnection { edges { node { trailArn state startTime endTime eventName region
          metricSeries(contextMinutes: 30) { ... on InsightsMetricSeries { total maximum } } } } } } }`,
      { trailArn },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.insightEvents.edges.map((e) => e.node)).toEqual([
      {
        trailArn,
        state: 'ENDED',
        startTime: '2023-07-10T10:30:00.000Z',
        endTime: '2023-07-10T10:31:00.000Z',
        eventName: 'GetObject',
        region,
        // The window 10:00-11:01 holds the first read and the burst.
        metricSeries: { total: 13, maximum: 12 },
      },
    ]);
    expect(response.extensions?.awsCalls).toEqual({ ListInsightsData: 1, ListInsightsMetricData: 1 });
  });

  it("the trail's management-event Insight is the Region's (LookupEvents), its series read without a trail", async () => {
    const response = await t.query<{ insightEvents: Connection<Insight & { metricSeries: { __typename: string; trailArn?: string | null; total?: number } }> }>(
      `query($region: String!) { insightEvents(region: $region) { __typename
        ... on InsightEventConnection { edges { node { trailArn eventName startTime
          metricSeries(contextMinutes: 5) { __typename ... on AwsError { code } ... on InsightsMetricSeries { trailArn total } } } } } } }`,
      { region },
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data?.insightEvents.edges.map((e) => e.node) ?? [];
    expect(nodes.find((n) => n.eventName === 'CreateUser')).toEqual({
      trailArn: null,
      eventName: 'CreateUser',
      startTime: '2023-07-10T10:45:00.000Z',
      metricSeries: { __typename: 'InsightsMetricSeries', trailArn: null, total: managementEvents.length },
    });
  });
});

describe('the InsightInvestigation example operation', () => {
  it('runs within the query limits: the latest Insights with their series and counted calls', async () => {
    const t = await gatewayWithInsights();
    try {
      const document = readFileSync(new URL('../../schema/operations/04-insight-investigation.graphql', import.meta.url), 'utf8');
      const response = await t.query<{ insightEvents: Connection<{ eventName: string; metricSeries: { total: number }; events: { edges: unknown[] } }> }>(
        document,
        { filter: { eventName: 'PutParameter' } },
      );
      expect(response.errors).toBeUndefined();
      const nodes = response.data?.insightEvents.edges.map((e) => e.node) ?? [];
      expect(nodes).toHaveLength(2);
      for (const node of nodes) expect(node.events.edges.length).toBeGreaterThan(0);
      // The call-rate and error-rate Insights of PutParameter share their window's LookupEvents page.
      expect(response.extensions?.awsCalls).toEqual({ LookupEvents: 2, ListInsightsMetricData: 2 });
    } finally {
      await t.close();
    }
  });
});
