import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidParameterException,
  InvalidTrailNameException,
  ListInsightsMetricDataCommand,
  OperationNotPermittedException,
  type CloudTrailClient,
  type ListInsightsMetricDataCommandInput,
  type ListInsightsMetricDataCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ingestLogBody, SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { clientFor } from '../helpers/emulator.js';
import { computeExpected, type Expected } from './expected/expected.js';
import { ALL_MANAGEMENT_INSIGHTS } from '../helpers/trails.js';
import { eventDataStoreWithInsights, trailWithInsights } from './insights-helpers.js';

const NOW = new Date('2023-07-20T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let emulator: RunningEmulator;
let east: CloudTrailClient;
let expected: Expected;

beforeAll(async () => {
  expected = computeExpected([SAMPLE_LOGS_DIR]);
  emulator = await startEmulator({ now: NOW, logs: [SAMPLE_LOGS_DIR] });
  east = clientFor(emulator, 'us-east-1');
  await trailWithInsights(emulator, 'management-insights', ALL_MANAGEMENT_INSIGHTS);
});
afterAll(() => emulator.close());

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
/** Points of a response as {timestamp: value}, the shape the expected values use. */
const asPoints = (out: ListInsightsMetricDataCommandOutput) =>
  Object.fromEntries((out.Timestamps ?? []).map((t, i) => [iso(t), out.Values?.[i]]));

function metrics(input: Partial<ListInsightsMetricDataCommandInput>, client = east) {
  return client.send(
    new ListInsightsMetricDataCommand({
      EventSource: 'ssm.amazonaws.com',
      EventName: 'PutParameter',
      InsightType: 'ApiCallRateInsight',
      ...input,
    }),
  );
}

function seriesRequest(insightType: 'ApiCallRateInsight' | 'ApiErrorRateInsight', key: string) {
  const [, eventSource, eventName, errorCode] = key.split('|');
  return { EventSource: eventSource, EventName: eventName, InsightType: insightType, ErrorCode: errorCode };
}

describe('ListInsightsMetricData series against independently computed counts', () => {
  for (const insightType of ['ApiCallRateInsight', 'ApiErrorRateInsight'] as const) {
    for (const period of [60, 300, 3600]) {
      it(`every ${insightType} series of the sample at ${period} s matches (NonZeroData, default window)`, async () => {
        const series = Object.entries(expected.series[insightType]);
        expect(series.length).toBeGreaterThan(0);
        const results = await Promise.all(series.map(([key]) => metrics({ ...seriesRequest(insightType, key), Period: period })));
        const got = Object.fromEntries(series.map(([key], i) => [key, asPoints(results[i])]));
        const want = Object.fromEntries(series.map(([key, points]) => [key, points[String(period)]]));
        expect(got).toEqual(want);
      });
    }
  }

  it('answers with the series identity, ErrorCode only for ApiErrorRateInsight, and no TrailARN for management events', async () => {
    const callRate = await metrics({});
    expect(callRate).toMatchObject({ EventSource: 'ssm.amazonaws.com', EventName: 'PutParameter', InsightType: 'ApiCallRateInsight' });
    expect(callRate.ErrorCode).toBeUndefined();
    expect(callRate.TrailARN).toBeUndefined();
    expect(callRate.NextToken).toBeUndefined();
    const errorRate = await metrics({ InsightType: 'ApiErrorRateInsight', ErrorCode: 'ThrottlingException' });
    expect(errorRate).toMatchObject({ InsightType: 'ApiErrorRateInsight', ErrorCode: 'ThrottlingException' });
    expect(asPoints(errorRate)).toEqual(expected.series.ApiErrorRateInsight['us-east-1|ssm.amazonaws.com|PutParameter|ThrottlingException']['3600']);
  });

  it('accepts ErrorCode with ApiCallRateInsight and ignores it: the same call-rate series, with no ErrorCode', async () => {
    const withCode = await metrics({ ErrorCode: 'AccessDenied', Period: 60 });
    expect(withCode.ErrorCode).toBeUndefined();
    expect(asPoints(withCode)).toEqual(expected.series.ApiCallRateInsight['us-east-1|ssm.amazonaws.com|PutParameter']['60']);
  });

  it('counts only write calls for ApiCallRateInsight: a read-only API has no points', async () => {
    const out = await metrics({ EventSource: 'ssm.amazonaws.com', EventName: 'DescribeParameters' });
    expect(out.Timestamps).toEqual([]);
    expect(out.Values).toEqual([]);
  });
});

describe('ListInsightsMetricData data types and windows', () => {
  const start = new Date('2023-07-10T11:00:00Z');
  const end = new Date('2023-07-10T13:00:00Z');

  it('FillWithZeros returns every bucket of the window, zeros included', async () => {
    const want = expected.series.ApiCallRateInsight['us-east-1|ssm.amazonaws.com|PutParameter']['300'];
    const out = await metrics({ Period: 300, DataType: 'FillWithZeros', StartTime: start, EndTime: end });
    expect(out.Timestamps).toHaveLength(24);
    const filled = Object.fromEntries(Array.from({ length: 24 }, (_, i) => iso(new Date(start.getTime() + i * 300_000))).map((t) => [t, want[t] ?? 0]));
    expect(asPoints(out)).toEqual(filled);
  });

  it('defaults to Period 3600 and the 90 days before now, end exclusive', async () => {
    const out = await metrics({ DataType: 'FillWithZeros' });
    expect(out.Timestamps).toHaveLength(90 * 24);
    expect(out.Timestamps?.[0]).toEqual(new Date(NOW.getTime() - 90 * DAY));
    expect(out.Timestamps?.at(-1)).toEqual(new Date(NOW.getTime() - HOUR));
    const want = expected.series.ApiCallRateInsight['us-east-1|ssm.amazonaws.com|PutParameter']['3600'];
    expect(Object.fromEntries(Object.entries(asPoints(out)).filter(([, v]) => v !== 0))).toEqual(want);
  });

  it('StartTime is inclusive and EndTime exclusive on the point timestamp', async () => {
    // A series with at least two one-minute points.
    const [key, points] = Object.entries(expected.series.ApiCallRateInsight).find(([, p]) => Object.keys(p['60']).length >= 2)!;
    const series = seriesRequest('ApiCallRateInsight', key);
    const [first, second] = Object.keys(points['60']).sort();
    const t = new Date(first);
    const u = new Date(second);
    const keys = async (StartTime: Date, EndTime: Date) => Object.keys(asPoints(await metrics({ ...series, Period: 60, StartTime, EndTime })));
    expect(await keys(t, u)).toEqual([first]);
    expect(await keys(new Date(t.getTime() + 1000), u)).toEqual([]);
    expect(await keys(t, new Date(u.getTime() + 1000))).toEqual([first, second]);
  });

  it('pages with MaxResults and a NextToken, and the pages add up to the whole series', async () => {
    const request = { Period: 60, DataType: 'FillWithZeros' as const, StartTime: new Date('2023-07-10T11:40:00Z'), EndTime: new Date('2023-07-10T12:40:00Z') };
    const whole = await metrics(request);
    expect(whole.Timestamps).toHaveLength(60);
    const timestamps: Date[] = [];
    const values: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await metrics({ ...request, MaxResults: 7, NextToken: token });
      expect(page.Timestamps?.length).toBeLessThanOrEqual(7);
      timestamps.push(...(page.Timestamps ?? []));
      values.push(...(page.Values ?? []));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(9);
    expect(timestamps).toEqual(whole.Timestamps);
    expect(values).toEqual(whole.Values);
  });

  it('returns the 21,600 one-minute points of 15 days in one page by default', async () => {
    const out = await metrics({ Period: 60, DataType: 'FillWithZeros' });
    expect(out.Timestamps).toHaveLength(21600);
    expect(out.NextToken).toBeUndefined();
    expect(out.Timestamps?.[0]).toEqual(new Date(NOW.getTime() - 15 * DAY));
  });

  it('refuses a NextToken replayed with other parameters or made up', async () => {
    const first = await metrics({ Period: 60, DataType: 'FillWithZeros', MaxResults: 1 });
    expect(first.NextToken).toBeDefined();
    const replayed = { Period: 60, DataType: 'FillWithZeros' as const, MaxResults: 1, EventName: 'DeleteParameter', NextToken: first.NextToken };
    await expect(metrics(replayed)).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(metrics({ NextToken: 'not-a-token' })).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('ListInsightsMetricData retention per period', () => {
  // Hour-aligned "now"; events at the documented cut-offs (15, 63 and 90 days, inclusive) and one
  // bucket beyond each.
  const now = new Date('2024-06-01T00:00:00Z');
  const at = (msBefore: number) => iso(new Date(now.getTime() - msBefore));
  const times = {
    d15: at(15 * DAY),
    d15minus: at(15 * DAY + 60_000),
    d63: at(63 * DAY),
    d63minus: at(63 * DAY + 300_000),
    d90: at(90 * DAY),
    d90minus: at(90 * DAY + HOUR),
  };
  let retained: RunningEmulator;
  beforeAll(async () => {
    retained = await startEmulator({ now });
    const records = Object.entries(times).map(([id, eventTime]) => ({
      eventID: id,
      eventTime,
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      readOnly: false,
      eventCategory: 'Management',
    }));
    ingestLogBody(retained, JSON.stringify({ Records: records }));
    await trailWithInsights(retained, 'retention', ALL_MANAGEMENT_INSIGHTS);
  });
  afterAll(() => retained.close());

  const pointsAt = async (period: number) =>
    asPoints(
      await metrics(
        { EventSource: 'iam.amazonaws.com', EventName: 'CreateUser', Period: period, StartTime: new Date(now.getTime() - 120 * DAY) },
        clientFor(retained),
      ),
    );

  it('keeps 1-minute points for 15 days, the cut-off included', async () => {
    expect(await pointsAt(60)).toEqual({ [times.d15]: 1 });
  });

  it('keeps 5-minute points for 63 days, the cut-off included', async () => {
    expect(await pointsAt(300)).toEqual({
      [times.d63]: 1,
      // The event one minute before the 15-day mark falls in the 5-minute bucket that starts 5 minutes before it.
      [at(15 * DAY + 300_000)]: 1,
      [times.d15]: 1,
    });
  });

  it('keeps 1-hour points for 90 days, the cut-off included', async () => {
    expect(await pointsAt(3600)).toEqual({
      [times.d90]: 1,
      [times.d63minus.slice(0, 13) + ':00:00Z']: 1,
      [times.d63]: 1,
      [at(15 * DAY + HOUR)]: 1,
      [times.d15]: 1,
    });
  });
});

describe('ListInsightsMetricData parameter validation', () => {
  const cases: [string, Partial<ListInsightsMetricDataCommandInput> & Record<string, unknown>, RegExp][] = [
    ['a missing EventSource', { EventSource: undefined }, /EventSource is required/],
    ['a missing EventName', { EventName: undefined }, /EventName is required/],
    ['a missing InsightType', { InsightType: undefined }, /InsightType is required/],
    ['an unknown InsightType', { InsightType: 'ApiLatencyInsight' as never }, /InsightType must be one of/],
    ['ApiErrorRateInsight without ErrorCode', { InsightType: 'ApiErrorRateInsight' }, /ErrorCode is required/],
    ['a Period other than 60, 300, 3600', { Period: 120 }, /Period must be one of 60, 300, 3600/],
    ['an unknown DataType', { DataType: 'Everything' as never }, /DataType must be one of/],
    ['MaxResults 0', { MaxResults: 0 }, /MaxResults must be an integer from 1 to 21600/],
    ['MaxResults 21601', { MaxResults: 21601 }, /MaxResults must be an integer from 1 to 21600/],
    ['StartTime after EndTime', { StartTime: new Date('2023-07-11T00:00:00Z'), EndTime: new Date('2023-07-10T00:00:00Z') }, /StartTime must be before EndTime/],
    ['StartTime equal to EndTime', { StartTime: new Date('2023-07-10T00:00:00Z'), EndTime: new Date('2023-07-10T00:00:00Z') }, /StartTime must be before EndTime/],
  ];
  for (const [what, input, message] of cases) {
    it(`refuses ${what} with InvalidParameterException`, async () => {
      const error = await metrics(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('refuses a fractional MaxResults sent on the wire', async () => {
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'CloudTrail_20131101.ListInsightsMetricData' },
      body: JSON.stringify({ EventSource: 'ssm.amazonaws.com', EventName: 'PutParameter', InsightType: 'ApiCallRateInsight', MaxResults: 1.5 }),
    });
    expect(await res.json()).toMatchObject({ __type: 'InvalidParameterException' });
  });
});

describe('ListInsightsMetricData where Insights is not enabled', () => {
  it('answers OperationNotPermittedException in a region where no trail or event data store enables Insights', async () => {
    const error = await metrics({}, clientFor(emulator, 'us-west-2')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationNotPermittedException);
    expect((error as Error).message).toMatch(/ApiCallRateInsight is not enabled .* in us-west-2/);
  });

  it('answers per Insights type: ApiErrorRateInsight stays off where only ApiCallRateInsight is on', async () => {
    await trailWithInsights(emulator, 'call-rate-only', [{ InsightType: 'ApiCallRateInsight' }], { region: 'eu-west-1' });
    const west = clientFor(emulator, 'eu-west-1');
    await expect(metrics({}, west)).resolves.toMatchObject({ Timestamps: [], Values: [] });
    await expect(metrics({ InsightType: 'ApiErrorRateInsight', ErrorCode: 'AccessDenied' }, west)).rejects.toBeInstanceOf(
      OperationNotPermittedException,
    );
  });

  it('serves metrics where an event data store enables Insights on management events', async () => {
    const sydney = clientFor(emulator, 'ap-southeast-2');
    await expect(metrics({}, sydney)).rejects.toBeInstanceOf(OperationNotPermittedException);
    await eventDataStoreWithInsights(sydney, [{ InsightType: 'ApiCallRateInsight' }]);
    await expect(metrics({}, sydney)).resolves.toMatchObject({ Timestamps: [], Values: [] });
  });
});

describe('ListInsightsMetricData for data events of a trail (TrailName)', () => {
  const region = 'eu-central-1';
  let trailArn: string;
  const dataEvent = (id: string, eventTime: string, eventName: string, type: string, errorCode?: string) => ({
    eventID: id,
    eventTime,
    eventSource: type === 'AWS::S3::Object' ? 's3.amazonaws.com' : 'lambda.amazonaws.com',
    eventName,
    awsRegion: region,
    readOnly: eventName === 'GetObject',
    eventCategory: 'Data',
    managementEvent: false,
    errorCode,
    resources: [{ type, ARN: type === 'AWS::S3::Object' ? `arn:aws:s3:::bucket/key-${id}` : 'arn:aws:lambda:eu-central-1:123456789012:function:f' }],
  });

  beforeAll(async () => {
    ingestLogBody(
      emulator,
      JSON.stringify([
        ...['a', 'b', 'c', 'd'].map((id, i) => dataEvent(`get-${id}`, `2023-07-15T10:0${i}:05Z`, 'GetObject', 'AWS::S3::Object')),
        ...['e', 'f'].map((id) => dataEvent(`get-${id}`, '2023-07-15T10:07:00Z', 'GetObject', 'AWS::S3::Object', 'AccessDenied')),
        ...['g', 'h', 'i'].map((id) => dataEvent(`invoke-${id}`, '2023-07-15T10:00:30Z', 'Invoke', 'AWS::Lambda::Function')),
      ]),
    );
    trailArn = await trailWithInsights(emulator, 'data-insights', [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Data'] }], {
      region,
      advancedEventSelectors: [
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
      ],
    });
  });

  const dataMetrics = (input: Partial<ListInsightsMetricDataCommandInput>) =>
    metrics({ TrailName: 'data-insights', EventSource: 's3.amazonaws.com', EventName: 'GetObject', ...input }, clientFor(emulator, region));

  it('counts the read and write data events the trail logs, per trail, and names the trail', async () => {
    const hourly = await dataMetrics({});
    expect(hourly.TrailARN).toBe(trailArn);
    expect(asPoints(hourly)).toEqual({ '2023-07-15T10:00:00Z': 6 });
    expect(asPoints(await dataMetrics({ Period: 300 }))).toEqual({ '2023-07-15T10:00:00Z': 4, '2023-07-15T10:05:00Z': 2 });
  });

  it('does not count data events the trail does not log', async () => {
    const out = await dataMetrics({ EventSource: 'lambda.amazonaws.com', EventName: 'Invoke' });
    expect(out.Timestamps).toEqual([]);
  });

  it('answers OperationNotPermittedException for an Insights type the trail does not enable on data events', async () => {
    await expect(dataMetrics({ InsightType: 'ApiErrorRateInsight', ErrorCode: 'AccessDenied' })).rejects.toBeInstanceOf(
      OperationNotPermittedException,
    );
    // A trail with Insights on management events only, named by ARN from another region.
    const managementTrail = `arn:aws:cloudtrail:us-east-1:${emulator.accountId}:trail/management-insights`;
    await expect(dataMetrics({ TrailName: managementTrail })).rejects.toBeInstanceOf(OperationNotPermittedException);
  });

  it('refuses an invalid trail name and an unknown trail', async () => {
    await expect(dataMetrics({ TrailName: 'a' })).rejects.toBeInstanceOf(InvalidTrailNameException);
    await expect(dataMetrics({ TrailName: 'no-such-trail' })).rejects.toBeInstanceOf(InvalidParameterException);
  });
});
