import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InvalidEventCategoryException,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  LookupEventsCommand,
  type CloudTrailClient,
  type Event,
  type LookupAttributeKey,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ingestLogBody, SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { clientFor } from '../helpers/emulator.js';
import { computeExpected, type Expected } from './expected/expected.js';

const NOW = new Date('2023-07-20T00:00:00Z');

let emulator: RunningEmulator;
let east: CloudTrailClient;
let expected: Expected;
let raw: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  expected = computeExpected([SAMPLE_LOGS_DIR]);
  raw = new Map();
  for (const f of readdirSync(SAMPLE_LOGS_DIR)) {
    const { Records } = JSON.parse(readFileSync(join(SAMPLE_LOGS_DIR, f), 'utf8')) as { Records: Record<string, unknown>[] };
    for (const r of Records) raw.set(r.eventID as string, r);
  }
  emulator = await startEmulator({ now: NOW, logs: [SAMPLE_LOGS_DIR] });
  east = clientFor(emulator, 'us-east-1');
});
afterAll(() => emulator.close());

const lookup = (input: Partial<LookupEventsCommandInput>, client = east) => client.send(new LookupEventsCommand(input));

async function lookupAll(input: Partial<LookupEventsCommandInput>, client = east): Promise<Event[]> {
  const events: Event[] = [];
  let token: string | undefined;
  do {
    const page = await lookup({ ...input, NextToken: token }, client);
    expect(page.Events!.length).toBeLessThanOrEqual(input.MaxResults ?? 50);
    events.push(...page.Events!);
    token = page.NextToken;
  } while (token);
  return events;
}

describe('LookupEvents over ingested management events', () => {
  it('lists every management event of the region once, newest first, 50 per page by default', async () => {
    const newestFirst = expected.lookup['us-east-1'].newestFirst;
    const first = await lookup({});
    expect(first.Events!.map((e) => e.EventId)).toEqual(newestFirst.slice(0, 50));
    const second = await lookup({ NextToken: first.NextToken });
    expect(second.Events!.map((e) => e.EventId)).toEqual(newestFirst.slice(50, 100));
    const all = await lookupAll({});
    expect(all.map((e) => e.EventId)).toEqual(expected.lookup['us-east-1'].newestFirst);
  });

  it('answers each event with its fields and the record as delivered in CloudTrailEvent', async () => {
    const [event] = (await lookup({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: 'f0cce5bc-5f9e-4ee1-bb48-e20fecb32403' }] })).Events!;
    expect(event).toEqual({
      EventId: 'f0cce5bc-5f9e-4ee1-bb48-e20fecb32403',
      EventName: 'CreateVolume',
      ReadOnly: 'false',
      AccessKeyId: 'AKIATFQR7NSC8Q4X20BJ',
      EventTime: new Date('2023-07-10T12:11:15Z'),
      EventSource: 'ec2.amazonaws.com',
      Username: 'bert-jan',
      Resources: [],
      CloudTrailEvent: expect.any(String),
    });
    expect(JSON.parse(event.CloudTrailEvent!)).toEqual(raw.get('f0cce5bc-5f9e-4ee1-bb48-e20fecb32403'));
  });

  const keys: LookupAttributeKey[] = ['EventName', 'EventSource', 'ReadOnly', 'Username', 'AccessKeyId', 'ResourceType', 'ResourceName'];
  for (const key of keys) {
    it(`filters by ${key}, for its most and least frequent values`, async () => {
      const counts = Object.entries(expected.lookup['us-east-1'].counts[key]).sort(([va, a], [vb, b]) => b - a || (va < vb ? -1 : 1));
      expect(counts.length).toBeGreaterThan(0);
      for (const [value, count] of [counts[0], counts.at(-1)!]) {
        const found = await lookupAll({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }], MaxResults: 50 });
        expect(found, `${key}=${value}`).toHaveLength(count);
        const order = found.map((e) => e.EventId);
        expect(order).toEqual(expected.lookup['us-east-1'].newestFirst.filter((id) => order.includes(id)));
      }
    });
  }

  it('filters by EventId to exactly that event', async () => {
    for (const id of [expected.lookup['us-east-1'].newestFirst[0], expected.lookup['us-east-1'].newestFirst.at(-1)!]) {
      const out = await lookup({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: id }] });
      expect(out.Events!.map((e) => e.EventId)).toEqual([id]);
    }
    expect((await lookup({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: 'no-such-event' }] })).Events).toEqual([]);
  });

  it('keeps StartTime and EndTime inclusive', async () => {
    const at = '2023-07-10T12:07:57Z';
    const atSecond = [...raw.values()].filter((r) => r.eventTime === at).length;
    expect(atSecond).toBeGreaterThan(0);
    const out = await lookupAll({ StartTime: new Date(at), EndTime: new Date(at) });
    expect(out).toHaveLength(atSecond);
    const before = [...raw.values()].filter((r) => (r.eventTime as string) < at).length;
    expect(await lookupAll({ EndTime: new Date(Date.parse(at) - 1000) })).toHaveLength(before);
  });

  it('pages with a NextToken bound to the request parameters', async () => {
    const filter = { LookupAttributes: [{ AttributeKey: 'EventSource' as const, AttributeValue: 'ssm.amazonaws.com' }], MaxResults: 10 };
    // The independent script's newest-first order, narrowed to the attribute's events.
    const ssmNewestFirst = expected.lookup['us-east-1'].newestFirst.filter(
      (id) => raw.get(id)?.eventSource === 'ssm.amazonaws.com',
    );
    const first = await lookup(filter);
    expect(first.Events!.map((e) => e.EventId)).toEqual(ssmNewestFirst.slice(0, 10));
    const second = await lookup({ ...filter, NextToken: first.NextToken });
    expect(second.Events!.map((e) => e.EventId)).toEqual(ssmNewestFirst.slice(10, 20));
    await expect(lookup({ ...filter, MaxResults: 11, NextToken: first.NextToken })).rejects.toBeInstanceOf(InvalidNextTokenException);
    await expect(lookup({ NextToken: 'made-up' })).rejects.toBeInstanceOf(InvalidNextTokenException);
  });

  it('serves only the events of the caller region', async () => {
    expect((await lookup({}, clientFor(emulator, 'us-west-2'))).Events).toEqual([]);
  });
});

describe('LookupEvents windows and categories', () => {
  it('looks back 90 days and not past now, and leaves data events out', async () => {
    const now = new Date('2024-06-01T00:00:00Z');
    const fresh = await startEmulator({ now });
    try {
      const event = (eventID: string, eventTime: string, eventCategory = 'Management') => ({
        eventID,
        eventTime,
        eventCategory,
        eventSource: 's3.amazonaws.com',
        eventName: eventCategory === 'Data' ? 'GetObject' : 'CreateBucket',
        awsRegion: 'us-east-1',
      });
      ingestLogBody(
        fresh,
        JSON.stringify([
          event('at-90-days', '2024-03-03T00:00:00Z'),
          event('before-90-days', '2024-03-02T23:59:59Z'),
          event('now', '2024-06-01T00:00:00Z'),
          event('after-now', '2024-06-01T00:00:01Z'),
          event('data', '2024-05-01T00:00:00Z', 'Data'),
        ]),
      );
      const ids = (await lookupAll({}, clientFor(fresh))).map((e) => e.EventId);
      expect(ids).toEqual(['now', 'at-90-days']);
    } finally {
      await fresh.close();
    }
  });
});

describe('LookupEvents validation', () => {
  const attribute = (AttributeKey: string, AttributeValue: string) => ({ AttributeKey: AttributeKey as LookupAttributeKey, AttributeValue });
  const cases: [string, Partial<LookupEventsCommandInput>, new (...args: never[]) => Error][] = [
    ['two lookup attributes', { LookupAttributes: [attribute('EventName', 'a'), attribute('EventSource', 'b')] }, InvalidLookupAttributesException],
    ['an unknown attribute key', { LookupAttributes: [attribute('Region', 'us-east-1')] }, InvalidLookupAttributesException],
    ['an empty attribute value', { LookupAttributes: [attribute('EventName', '')] }, InvalidLookupAttributesException],
    ['a value over 2000 characters, underscores counting two', { LookupAttributes: [attribute('EventName', '_'.repeat(1001))] }, InvalidLookupAttributesException],
    ['a management-only attribute with EventCategory insight', { EventCategory: 'insight', LookupAttributes: [attribute('Username', 'bert-jan')] }, InvalidLookupAttributesException],
    ['an unknown EventCategory', { EventCategory: 'management' as never }, InvalidEventCategoryException],
    ['StartTime after EndTime', { StartTime: new Date('2023-07-11T00:00:00Z'), EndTime: new Date('2023-07-10T00:00:00Z') }, InvalidTimeRangeException],
    ['MaxResults 0', { MaxResults: 0 }, InvalidMaxResultsException],
    ['MaxResults 51', { MaxResults: 51 }, InvalidMaxResultsException],
  ];
  for (const [what, input, type] of cases) {
    it(`refuses ${what} with ${type.name}`, async () => {
      await expect(lookup(input)).rejects.toBeInstanceOf(type);
    });
  }

  it('accepts a value of exactly 2000 characters, underscores counting two', async () => {
    await expect(lookup({ LookupAttributes: [attribute('EventName', '_'.repeat(1000))] })).resolves.toMatchObject({ Events: [] });
  });

  it('accepts MaxResults 1 and 50', async () => {
    expect((await lookup({ MaxResults: 1 })).Events).toHaveLength(1);
    expect((await lookup({ MaxResults: 50 })).Events).toHaveLength(50);
  });
});
