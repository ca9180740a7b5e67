import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidParameterException,
  ListInsightsDataCommand,
  LookupEventsCommand,
  type CloudTrailClient,
  type Event,
  type ListInsightsDataCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ingestLogBody, SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { clientFor } from '../helpers/emulator.js';
import { computeExpected, type Expected, type ExpectedInsight } from './expected/expected.js';
import { ALL_MANAGEMENT_INSIGHTS } from '../helpers/trails.js';
import { eventDataStoreWithInsights, trailWithInsights } from './insights-helpers.js';

const NOW = new Date('2023-07-20T00:00:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface InsightRecord {
  eventVersion: string;
  eventTime: string;
  awsRegion: string;
  eventID: string;
  eventType: string;
  eventCategory: string;
  recipientAccountId: string;
  sharedEventID: string;
  insightDetails: {
    state: 'Start' | 'End';
    eventSource: string;
    eventName: string;
    insightType: string;
    errorCode?: string;
    insightContext: {
      statistics: Record<string, unknown>;
      attributions?: { attribute: string; insight: unknown[]; baseline: unknown[] }[];
    };
  };
}

let emulator: RunningEmulator;
let east: CloudTrailClient;
let expected: Expected;
let trailArn: string;

async function allInsightEvents(client: CloudTrailClient): Promise<Event[]> {
  const events: Event[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new LookupEventsCommand({ EventCategory: 'insight', NextToken: token }));
    events.push(...(page.Events ?? []));
    token = page.NextToken;
  } while (token);
  return events;
}

const records = (events: Event[]) => events.map((e) => JSON.parse(e.CloudTrailEvent as string) as InsightRecord);

/** The Start and End records an expected Insight should have become. */
function expectedRecords(i: ExpectedInsight, accountId: string) {
  const details = {
    eventSource: i.eventSource,
    eventName: i.eventName,
    insightType: i.insightType,
    ...(i.errorCode ? { errorCode: i.errorCode } : {}),
  };
  const common = { eventVersion: '1.08', awsRegion: i.region, eventType: 'AwsCloudTrailInsight', eventCategory: 'Insight', recipientAccountId: accountId };
  return {
    start: {
      ...common,
      eventTime: i.start,
      insightDetails: {
        state: 'Start',
        ...details,
        insightContext: { statistics: { baseline: { average: i.baselineAverage }, insight: { average: i.firstMinuteAverage } } },
      },
    },
    end: {
      ...common,
      eventTime: i.end,
      insightDetails: {
        state: 'End',
        ...details,
        insightContext: {
          statistics: {
            baseline: { average: i.baselineAverage },
            insight: { average: i.insightAverage },
            insightDuration: i.insightDuration,
            baselineDuration: i.baselineDuration,
          },
          attributions: ['userIdentityArn', 'userAgent', 'errorCode'].map((attribute) => ({ attribute, ...i.attributions[attribute] })),
        },
      },
    },
  };
}

/** Pairs Start and End records by sharedEventID, sorted like the expected list. */
function pairs(found: InsightRecord[]) {
  const byShared = new Map<string, { start?: InsightRecord; end?: InsightRecord }>();
  for (const r of found) {
    const pair = byShared.get(r.sharedEventID) ?? {};
    if (r.insightDetails.state === 'Start') pair.start = r;
    else pair.end = r;
    byShared.set(r.sharedEventID, pair);
  }
  const key = (r: InsightRecord) =>
    [r.eventTime, r.insightDetails.insightType, r.insightDetails.eventSource, r.insightDetails.eventName, r.insightDetails.errorCode ?? ''].join('|');
  return [...byShared.values()].sort((a, b) => (key(a.start!) < key(b.start!) ? -1 : 1));
}

const withoutIds = ({ eventID: _e, sharedEventID: _s, ...rest }: InsightRecord) => rest;

beforeAll(async () => {
  expected = computeExpected([SAMPLE_LOGS_DIR]);
  emulator = await startEmulator({ now: NOW, logs: [SAMPLE_LOGS_DIR] });
  east = clientFor(emulator, 'us-east-1');
  trailArn = await trailWithInsights(emulator, 'management-insights', ALL_MANAGEMENT_INSIGHTS);
});
afterAll(() => emulator.close());

describe('Insights events detected in the sample logs', () => {
  it('match the independently computed Insights: times, statistics and attributions', async () => {
    expect(expected.insights.length).toBeGreaterThan(0);
    const found = pairs(records(await allInsightEvents(east)));
    expect(found).toHaveLength(expected.insights.length);
    found.forEach((pair, n) => {
      const want = expectedRecords(expected.insights[n], emulator.accountId);
      expect(withoutIds(pair.start!)).toEqual(want.start);
      expect(withoutIds(pair.end!)).toEqual(want.end);
    });
  });

  it('pair a Start and an End event under one sharedEventID, with deterministic version 5 UUIDs', async () => {
    const first = records(await allInsightEvents(east));
    for (const r of first) {
      expect(r.eventID).toMatch(UUID);
      expect(r.sharedEventID).toMatch(UUID);
    }
    expect(new Set(first.map((r) => r.eventID)).size).toBe(first.length);
    expect(new Set(first.map((r) => r.sharedEventID)).size).toBe(first.length / 2);

    const again = await startEmulator({ now: NOW, logs: [SAMPLE_LOGS_DIR] });
    try {
      await trailWithInsights(again, 'management-insights', ALL_MANAGEMENT_INSIGHTS);
      expect(records(await allInsightEvents(clientFor(again)))).toEqual(first);
    } finally {
      await again.close();
    }
  });

  it('are listed through LookupEvents like other events: name, source, time, newest first', async () => {
    const events = await allInsightEvents(east);
    for (const e of events) {
      const r = JSON.parse(e.CloudTrailEvent as string) as InsightRecord;
      expect(e).toMatchObject({ EventId: r.eventID, EventName: r.insightDetails.eventName, EventSource: r.insightDetails.eventSource });
      expect(e.EventTime?.toISOString().replace('.000Z', 'Z')).toBe(r.eventTime);
    }
    const times = events.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('are detected only for the Insights types enabled in the region', async () => {
    const fresh = await startEmulator({ now: NOW, logs: [SAMPLE_LOGS_DIR] });
    try {
      const client = clientFor(fresh);
      expect(await allInsightEvents(client)).toEqual([]);
      await trailWithInsights(fresh, 'call-rate-only', [{ InsightType: 'ApiCallRateInsight' }]);
      const found = records(await allInsightEvents(client));
      const callRate = expected.insights.filter((i) => i.insightType === 'ApiCallRateInsight');
      expect(found).toHaveLength(callRate.length * 2);
      expect(new Set(found.map((r) => r.insightDetails.insightType))).toEqual(new Set(['ApiCallRateInsight']));
      expect(await allInsightEvents(clientFor(fresh, 'us-west-2'))).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('are not served by LookupEvents when only an event data store enables Insights', async () => {
    const fresh = await startEmulator({ now: NOW, logs: [SAMPLE_LOGS_DIR] });
    try {
      const client = clientFor(fresh);
      await eventDataStoreWithInsights(client, ALL_MANAGEMENT_INSIGHTS);
      // AWS: "To view Insights events for an event data store, you can run queries on your Insights event data store".
      expect(await allInsightEvents(client)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('move with the events when the logs are replayed into the recent past', async () => {
    const now = new Date('2026-03-01T08:00:00Z');
    const replayed = await startEmulator({ now, logs: [SAMPLE_LOGS_DIR], replayRecent: true });
    try {
      await trailWithInsights(replayed, 'management-insights', ALL_MANAGEMENT_INSIGHTS);
      const shift = replayed.ingestReport!.shiftedBySeconds! * 1000;
      const found = pairs(records(await allInsightEvents(clientFor(replayed))));
      expect(found).toHaveLength(expected.insights.length);
      found.forEach((pair, n) => {
        const want = expected.insights[n];
        expect(Date.parse(pair.start!.eventTime)).toBe(Date.parse(want.start) + shift);
        expect(Date.parse(pair.end!.eventTime)).toBe(Date.parse(want.end) + shift);
        expect(pair.end!.insightDetails.insightContext.statistics).toMatchObject({ insightDuration: want.insightDuration });
      });
    } finally {
      await replayed.close();
    }
  });
});

describe('the anomaly rule on constructed series', () => {
  // History starts at 10:00 with one read; writes of iam CreateUser follow. By the documented rule
  // (baseline >= 10 minutes, count >= 10 and > mean + 3 sd), expected Insights are derived by hand.
  const base = '2024-05-01T10:';
  const read = { eventID: 'history-start', eventTime: `${base}00:00Z`, eventSource: 'iam.amazonaws.com', eventName: 'GetUser', awsRegion: 'us-east-1', readOnly: true };
  const writes = (prefix: string, minute: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      eventID: `${prefix}-${i}`,
      eventTime: `${base}${minute}:${String(i).padStart(2, '0')}Z`,
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      readOnly: false,
    }));

  async function insightsFor(events: object[], now = '2024-05-01T12:00:00Z') {
    const fresh = await startEmulator({ now: new Date(now) });
    try {
      ingestLogBody(fresh, JSON.stringify([read, ...events]));
      await trailWithInsights(fresh, 'rule', ALL_MANAGEMENT_INSIGHTS);
      return pairs(records(await allInsightEvents(clientFor(fresh))));
    } finally {
      await fresh.close();
    }
  }

  it('does not fire on a flat zero baseline for fewer than 10 calls in a minute', async () => {
    expect(await insightsFor(writes('w', '20', 9))).toEqual([]);
  });

  it('fires for 10 calls in a minute after at least 10 quiet minutes, and ends at the next minute', async () => {
    const [pair, ...rest] = await insightsFor(writes('w', '20', 10));
    expect(rest).toEqual([]);
    expect(pair.start!.eventTime).toBe(`${base}20:00Z`);
    expect(pair.end!.eventTime).toBe(`${base}21:00Z`);
    // Baseline: 10:00 to 10:20, 20 minutes without writes.
    expect(pair.end!.insightDetails.insightContext.statistics).toEqual({
      baseline: { average: 0 },
      insight: { average: 10 },
      insightDuration: 1,
      baselineDuration: 20,
    });
  });

  it('needs 10 minutes of history before an Insight can start', async () => {
    expect(await insightsFor(writes('w', '09', 30))).toEqual([]);
  });

  it('lasts while the following minutes stay unusual against the first minute baseline', async () => {
    const [pair] = await insightsFor([...writes('a', '20', 12), ...writes('b', '21', 11), ...writes('c', '22', 3)]);
    expect(pair.end!.eventTime).toBe(`${base}22:00Z`);
    expect(pair.end!.insightDetails.insightContext.statistics).toMatchObject({ insight: { average: 11.5 }, insightDuration: 2 });
  });

  it('compares against the mean plus three standard deviations of the baseline', async () => {
    // 30 calls at 10:10 open an Insight (flat baseline 10:00-10:10). The baseline of 10:20 is then
    // 20 minutes with one minute of 30: mean 1.5, sd sqrt(900/20 - 1.5^2) = 6.538, threshold
    // mean + 3 sd = 21.11. So 21 calls at 10:20 are within the baseline and 22 calls are unusual.
    const within = await insightsFor([...writes('a', '10', 30), ...writes('b', '20', 21)]);
    expect(within.map((p) => p.start!.eventTime)).toEqual([`${base}10:00Z`]);
    const above = await insightsFor([...writes('a', '10', 30), ...writes('b', '20', 22)]);
    expect(above.map((p) => p.start!.eventTime)).toEqual([`${base}10:00Z`, `${base}20:00Z`]);
    expect(above[1].start!.insightDetails.insightContext.statistics).toEqual({ baseline: { average: 1.5 }, insight: { average: 22 } });
  });

  it('reports an Insight only once it has ended', async () => {
    expect(await insightsFor(writes('w', '20', 15), '2024-05-01T10:20:59Z')).toEqual([]);
    expect(await insightsFor(writes('w', '20', 15), '2024-05-01T10:21:00Z')).toHaveLength(1);
  });
});

describe('ListInsightsData', () => {
  const listInsights = (input: Partial<ListInsightsDataCommandInput>, client = east) =>
    client.send(new ListInsightsDataCommand({ InsightSource: trailArn, DataType: 'InsightsEvents', ...input }));

  // eu-central-1 holds a quiet minute at 09:00, then one burst of 12 calls per API: three data
  // APIs on S3 objects and one management API, each an Insight of one minute (the emulator's rule
  // fires at 10 calls or more in a minute against a quiet baseline).
  const region = 'eu-central-1';
  const call = (id: string, time: string, eventName: string, category: 'Data' | 'Management') => ({
    eventID: id,
    eventTime: time,
    eventSource: category === 'Data' ? 's3.amazonaws.com' : 'iam.amazonaws.com',
    eventName,
    awsRegion: region,
    eventCategory: category,
    readOnly: eventName === 'GetObject',
    resources: category === 'Data' ? [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::bucket/${id}` }] : [],
  });
  const burst = (eventName: string, minute: string, category: 'Data' | 'Management') =>
    Array.from({ length: 12 }, (_, i) => call(`${eventName}-${i}`, `2023-07-15T${minute}:${String(i).padStart(2, '0')}Z`, eventName, category));
  let central: CloudTrailClient;
  let dataTrail: string;
  /** [state, eventTime, eventName] of the data-event Insights, newest first. */
  const dataInsights = [
    ['End', '2023-07-15T11:31:00Z', 'DeleteObject'],
    ['Start', '2023-07-15T11:30:00Z', 'DeleteObject'],
    ['End', '2023-07-15T11:01:00Z', 'PutObject'],
    ['Start', '2023-07-15T11:00:00Z', 'PutObject'],
    ['End', '2023-07-15T10:31:00Z', 'GetObject'],
    ['Start', '2023-07-15T10:30:00Z', 'GetObject'],
  ];
  const summary = (events: Event[] | undefined) =>
    records(events ?? []).map((r) => [r.insightDetails.state, r.eventTime, r.insightDetails.eventName]);

  beforeAll(async () => {
    ingestLogBody(
      emulator,
      JSON.stringify([
        call('quiet', '2023-07-15T09:00:00Z', 'GetObject', 'Data'),
        ...burst('GetObject', '10:30', 'Data'),
        ...burst('CreateUser', '10:45', 'Management'),
        ...burst('PutObject', '11:00', 'Data'),
        ...burst('DeleteObject', '11:30', 'Data'),
      ]),
    );
    // Insights on both management and data events: only the data-event ones are ListInsightsData's.
    dataTrail = await trailWithInsights(emulator, 'data-insights', [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Management', 'Data'] }], {
      region,
      advancedEventSelectors: [
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
      ],
    });
    central = clientFor(emulator, region);
  });

  const listData = (input: Partial<ListInsightsDataCommandInput> = {}) => listInsights({ InsightSource: dataTrail, ...input }, central);

  it("lists the Insights events of the trail's data events, newest first, and not those of its management events", async () => {
    const out = await listData();
    expect(summary(out.Events)).toEqual(dataInsights);
    expect(out.NextToken).toBeUndefined();
    // The management-event Insight is there, for LookupEvents.
    const lookup = records(await allInsightEvents(central)).map((r) => r.insightDetails.eventName);
    expect(lookup.filter((name) => name === 'CreateUser')).toHaveLength(2);
  });

  it('lists nothing for a trail with Insights on management events only', async () => {
    expect((await allInsightEvents(east)).length).toBeGreaterThan(0);
    expect((await listInsights({})).Events).toEqual([]);
  });

  it("lists nothing in a Region the trail's data events are not in", async () => {
    expect((await listInsights({ InsightSource: dataTrail })).Events).toEqual([]);
  });

  it('filters by one dimension: EventId, EventName or EventSource', async () => {
    const all = (await listData()).Events!;
    const [some] = all;
    expect((await listData({ Dimensions: { EventId: some.EventId! } })).Events).toEqual([some]);
    expect(summary((await listData({ Dimensions: { EventName: 'PutObject' } })).Events)).toEqual(dataInsights.slice(2, 4));
    expect(summary((await listData({ Dimensions: { EventSource: 's3.amazonaws.com' } })).Events)).toEqual(dataInsights);
    expect((await listData({ Dimensions: { EventSource: 'iam.amazonaws.com' } })).Events).toEqual([]);
  });

  it('pages 1 to 50 events at a time with a NextToken bound to the request', async () => {
    const all = (await listData()).Events!;
    const pages: Event[] = [];
    let token: string | undefined;
    do {
      const page = await listData({ MaxResults: 4, NextToken: token });
      pages.push(...page.Events!);
      token = page.NextToken;
    } while (token);
    expect(pages).toEqual(all);
    const first = await listData({ MaxResults: 4 });
    expect(first.Events).toHaveLength(4);
    await expect(listData({ MaxResults: 4, Dimensions: { EventName: 'PutObject' }, NextToken: first.NextToken })).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it('keeps StartTime and EndTime inclusive', async () => {
    const at = new Date('2023-07-15T11:00:00Z');
    expect(summary((await listData({ StartTime: at, EndTime: at })).Events)).toEqual([dataInsights[3]]);
    const between = await listData({ StartTime: new Date('2023-07-15T10:31:00Z'), EndTime: at });
    expect(summary(between.Events)).toEqual(dataInsights.slice(3, 5));
  });

  it('refuses invalid requests with InvalidParameterException', async () => {
    const cases: Partial<ListInsightsDataCommandInput>[] = [
      { InsightSource: undefined },
      { InsightSource: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/no-such-trail' },
      { DataType: undefined },
      { DataType: 'Everything' as never },
      { Dimensions: { EventName: 'a', EventSource: 'b' } },
      { Dimensions: { Username: 'bert' } as never },
      { MaxResults: 0 },
      { MaxResults: 51 },
      { StartTime: new Date('2023-07-11T00:00:00Z'), EndTime: new Date('2023-07-10T00:00:00Z') },
      { NextToken: 'made-up' },
    ];
    for (const input of cases) {
      await expect(listInsights(input), JSON.stringify(input)).rejects.toBeInstanceOf(InvalidParameterException);
    }
  });
});
