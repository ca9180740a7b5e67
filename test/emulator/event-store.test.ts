import { afterEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import {
  CreateTrailCommand,
  ListInsightsMetricDataCommand,
  LookupEventsCommand,
  PutInsightSelectorsCommand,
  type Event,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ingestLogBody } from '../../src/emulator/ingest/index.js';
import { clientFor } from '../helpers/emulator.js';

const NOW = new Date('2024-03-01T12:00:00Z');
let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const event = (id: string, time: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventID: id,
  eventTime: time,
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  awsRegion: 'us-east-1',
  readOnly: false,
  userIdentity: { type: 'IAMUser', userName: 'alice' },
  ...extra,
});

async function lookupAll(target: RunningEmulator, input: Record<string, unknown> = {}): Promise<Event[]> {
  const client = clientFor(target);
  const events: Event[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new LookupEventsCommand({ MaxResults: 3, ...input, NextToken }));
    events.push(...page.Events!);
    NextToken = page.NextToken;
  } while (NextToken);
  client.destroy();
  return events;
}

describe('event store', () => {
  it('lists events newest first (equal times by event ID) whatever order the ingests came in', async () => {
    emulator = await startEmulator({ now: NOW });
    const later = [event('e-5', '2024-03-01T10:05:00Z'), event('e-9', '2024-03-01T10:09:00Z'), event('e-7b', '2024-03-01T10:07:00Z')];
    const earlier = [event('e-7a', '2024-03-01T10:07:00Z'), event('e-1', '2024-03-01T10:01:00Z'), event('e-6', '2024-03-01T10:06:00Z')];
    ingestLogBody(emulator, JSON.stringify({ Records: later }));
    ingestLogBody(emulator, JSON.stringify({ Records: earlier }));
    ingestLogBody(emulator, JSON.stringify([event('e-3', '2024-03-01T10:03:00Z', { userIdentity: { type: 'IAMUser', userName: 'bob' } })]));

    const all = await lookupAll(emulator);
    expect(all.map((e) => e.EventId)).toEqual(['e-9', 'e-7a', 'e-7b', 'e-6', 'e-5', 'e-3', 'e-1']);
    const alice = await lookupAll(emulator, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] });
    expect(alice.map((e) => e.EventId)).toEqual(['e-9', 'e-7a', 'e-7b', 'e-6', 'e-5', 'e-1']);
    const window = await lookupAll(emulator, { StartTime: new Date('2024-03-01T10:03:00Z'), EndTime: new Date('2024-03-01T10:06:00Z') });
    expect(window.map((e) => e.EventId)).toEqual(['e-6', 'e-5', 'e-3']);
  });

  it('answers CloudTrailEvent as the record delivered, for pretty-printed, non-ASCII and gzip logs', async () => {
    emulator = await startEmulator({ now: NOW });
    const records = [
      event('u-1', '2024-03-01T10:00:00Z', { requestParameters: { userName: 'zoë', path: '/équipe/\u00e9\\"quoted\\"/' } }),
      event('u-2', '2024-03-01T10:01:00Z', { requestParameters: { note: 'ascii { with } braces [ and ] "quotes"' }, count: 1.5 }),
    ];
    ingestLogBody(emulator, '\ufeff' + JSON.stringify({ Records: records }, null, 2));
    ingestLogBody(emulator, gzipSync(JSON.stringify({ Records: [event('u-3', '2024-03-01T10:02:00Z', { tag: '日本' })] })));

    const byId = new Map((await lookupAll(emulator)).map((e) => [e.EventId, e.CloudTrailEvent]));
    expect(byId.get('u-1')).toBe(JSON.stringify(records[0]));
    expect(byId.get('u-2')).toBe(JSON.stringify(records[1]));
    expect(JSON.parse(byId.get('u-3')!)).toMatchObject({ tag: '日本' });
  });

  it('orders equal times by eventID as strings compare, for UUIDs of any case and other eventIDs alike', async () => {
    emulator = await startEmulator({ now: NOW });
    const at = '2024-03-01T10:00:00Z';
    const ids = [
      'ffffffff-0000-4000-8000-000000000000',
      '0a000000-0000-4000-8000-000000000000',
      '0A000000-0000-4000-8000-000000000001',
      '09ffffff-ffff-4fff-bfff-ffffffffffff',
      '0a000000-0000-4000-8000-00000000000a',
      'e-plain',
      '0a000000-0000-4000-8000-000000000009',
    ];
    ingestLogBody(emulator, JSON.stringify({ Records: ids.map((id) => event(id, at)) }));
    // Newest first; equal times by eventID ascending, as JavaScript compares the strings.
    expect((await lookupAll(emulator)).map((e) => e.EventId)).toEqual([...ids].sort());
    const log = emulator.store.account(emulator.accountId).events;
    expect([...log.keys()]).toEqual(ids);
    expect(log.get('0A000000-0000-4000-8000-000000000001')?.eventID).toBe('0A000000-0000-4000-8000-000000000001');
    expect(log.has('0a000000-0000-4000-8000-000000000001')).toBe(false);
    // A character outside ASCII whose low byte is a digit's is not that digit: two different events.
    const dotted = '\u0130a000000-0000-4000-8000-000000000001';
    expect(ingestLogBody(emulator, JSON.stringify([event(dotted, at), event('0a000000-0000-4000-8000-000000000001', at)]))).toMatchObject({ added: 2 });
    expect(log.get(dotted)?.eventID).toBe(dotted);
    const again = ingestLogBody(emulator, JSON.stringify([event(ids[1], at), event(ids[2], at), event(ids[5], at)]));
    expect(again).toMatchObject({ added: 0, duplicates: 3 });
  });

  it('keeps each record as delivered when a record holds text that starts records, or a log is not laid out as CloudTrail writes it', async () => {
    emulator = await startEmulator({ now: NOW });
    // Compact, every record opening with eventVersion, but the first one holds an object that
    // opens the same way: its text must not be cut there.
    const nested = [
      event('n-1', '2024-03-01T10:00:00Z', { requestParameters: { copy: { eventVersion: '1.08', eventID: 'not-an-event' } }, note: 'a },{"eventVersion": b' }),
      event('n-2', '2024-03-01T10:01:00Z'),
    ];
    const otherFirstMember = [Object.assign({ eventID: 'o-1' }, event('o-1', '2024-03-01T10:02:00Z')), event('o-2', '2024-03-01T10:03:00Z')];
    const reports = [
      ingestLogBody(emulator, JSON.stringify({ Records: nested })),
      ingestLogBody(emulator, JSON.stringify(otherFirstMember)),
      ingestLogBody(emulator, `{"Records":[${JSON.stringify(event('s-1', '2024-03-01T10:04:00Z'))},{"eventVersion":"1.08","eventID":"s-2",}]}`),
    ];
    expect(reports.map((r) => r.added)).toEqual([2, 2, 0]);
    expect(reports[2].problems).toEqual([{ source: 'request body', position: expect.stringMatching(/^line 1, column \d+$/), message: expect.stringMatching(/^Not valid JSON/) }]);
    const byId = new Map((await lookupAll(emulator)).map((e) => [e.EventId, e.CloudTrailEvent]));
    expect([...byId.keys()].sort()).toEqual(['n-1', 'n-2', 'o-1', 'o-2']);
    expect(byId.get('n-1')).toBe(JSON.stringify(nested[0]));
    expect(byId.get('n-2')).toBe(JSON.stringify(nested[1]));
    expect(byId.get('o-1')).toBe(JSON.stringify(otherFirstMember[0]));
    expect(byId.get('o-2')).toBe(JSON.stringify(otherFirstMember[1]));
  });

  it('keeps each record as delivered when the text that opens records also opens an object inside one', async () => {
    emulator = await startEmulator({ now: NOW });
    // Each log holds a `{"eventVersion"` that opens an object inside a record, or a record that
    // opens otherwise (a space, an escaped name, the name as a value, another first member, no such
    // member): cutting at the openings would give wrong records, so each must be found by tracing.
    const nestedInArray = event('a-1', '2024-03-01T10:00:00Z', { requestParameters: { items: [{}, { eventVersion: 'x' }] } });
    const spaced = JSON.stringify(event('a-2', '2024-03-01T10:01:00Z')).replace('{"eventVersion"', '{ "eventVersion"');
    const escaped = JSON.stringify(event('b-2', '2024-03-01T10:03:00Z')).replace('{"eventVersion"', '{"event\\u0056ersion"');
    const nestedAsValue = event('c-1', '2024-03-01T10:04:00Z', { requestParameters: { field: 'eventVersion' } });
    const { eventVersion, ...rest } = event('e-2', '2024-03-01T10:08:00Z', { responseElements: {} });
    const notFirst = `${JSON.stringify(rest).slice(0, -1)}, "eventVersion":"${eventVersion}"}`;
    const logs = [
      `{"Records":[${JSON.stringify(nestedInArray)},${spaced}]}`,
      `[${JSON.stringify(nestedInArray).replaceAll('a-1', 'b-1')},${escaped}]`,
      JSON.stringify({ Records: [nestedAsValue, event('c-2', '2024-03-01T10:05:00Z')] }),
      `{"Records":[${JSON.stringify(event('d-1', '2024-03-01T10:06:00Z'))}],"Other":[{}]}`,
      `{"Records":[${JSON.stringify(event('e-1', '2024-03-01T10:07:00Z'))},${notFirst}]}`,
      JSON.stringify({ Records: [nestedInArray, event('f-2', '2024-03-01T10:09:00Z')] }).replaceAll('a-1', 'f-1'),
      JSON.stringify({ Records: [nestedInArray, rest] }).replaceAll('a-1', 'g-1').replaceAll('e-2', 'g-2'),
      // A first member every object inherits: the second record has none of its own.
      JSON.stringify({ Records: [{ constructor: 'c', ...nestedInArray, requestParameters: { items: [{}, { constructor: 'd' }] } }, rest] })
        .replaceAll('a-1', 'h-1')
        .replaceAll('e-2', 'h-2'),
    ];
    expect(logs.map((log) => ingestLogBody(emulator!, log).added)).toEqual([2, 2, 2, 1, 2, 2, 2, 2]);
    const byId = new Map((await lookupAll(emulator)).map((e) => [e.EventId, e.CloudTrailEvent]));
    expect(byId.get('a-1')).toBe(JSON.stringify(nestedInArray));
    expect(byId.get('a-2')).toBe(JSON.stringify(JSON.parse(spaced)));
    expect(byId.get('b-1')).toBe(JSON.stringify(nestedInArray).replaceAll('a-1', 'b-1'));
    expect(byId.get('b-2')).toBe(JSON.stringify(JSON.parse(escaped)));
    expect(byId.get('c-1')).toBe(JSON.stringify(nestedAsValue));
    expect(byId.get('d-1')).toBe(JSON.stringify(event('d-1', '2024-03-01T10:06:00Z')));
    expect(byId.get('e-1')).toBe(JSON.stringify(event('e-1', '2024-03-01T10:07:00Z')));
    expect(byId.get('e-2')).toBe(JSON.stringify(JSON.parse(notFirst)));
    expect(byId.get('f-1')).toBe(JSON.stringify(nestedInArray).replaceAll('a-1', 'f-1'));
    expect(byId.get('g-1')).toBe(JSON.stringify(nestedInArray).replaceAll('a-1', 'g-1'));
    expect(byId.get('g-2')).toBe(JSON.stringify(rest).replaceAll('e-2', 'g-2'));
    expect(byId.get('h-2')).toBe(JSON.stringify(rest).replaceAll('e-2', 'h-2'));
    expect(byId.size).toBe(15);
  });

  it('stores nothing of a log that turns out unreadable after its first records, and finds every other event by eventID', async () => {
    emulator = await startEmulator({ now: NOW });
    const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${(n * 7919).toString(16).padStart(12, '0')}`;
    const at = (n: number) => `2024-03-01T${String(Math.floor(n / 60) % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00Z`;
    const kept = Array.from({ length: 400 }, (_, n) => event(uuid(n), at(n)));
    const later = [...Array.from({ length: 300 }, (_, n) => event(uuid(1000 + n), at(n))), event('other-1', at(1)), event('other-2', at(2))];
    expect(ingestLogBody(emulator, JSON.stringify({ Records: kept }))).toMatchObject({ added: 400, problems: [] });
    // Laid out as CloudTrail writes it, so read record by record, until the last record's stray comma.
    const broken = `{"Records":[${later.map((e) => JSON.stringify(e)).join(',')},{"eventVersion":"1.08","eventID":"x",}]}`;
    const report = ingestLogBody(emulator, broken);
    expect(report).toMatchObject({ records: 0, added: 0, duplicates: 0 });
    expect(report.problems).toEqual([{ source: 'request body', position: expect.stringMatching(/^line 1, column \d+$/), message: expect.stringMatching(/^Not valid JSON/) }]);
    const log = emulator.store.account(emulator.accountId).events;
    expect(log.size).toBe(400);
    expect(kept.every((e) => log.has(e.eventID))).toBe(true);
    expect(later.some((e) => log.has(e.eventID))).toBe(false);
    // The same events in a readable log are new, once.
    expect(ingestLogBody(emulator, JSON.stringify({ Records: later }))).toMatchObject({ added: 302, duplicates: 0 });
    expect([...kept, ...later].every((e, n) => log.indexOf(e.eventID) === n)).toBe(true);
    const client = clientFor(emulator);
    for (const id of [uuid(0), uuid(399), uuid(1000), uuid(1299), 'other-2']) {
      const page = await client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: id }] }));
      expect(page.Events?.map((e) => e.EventId)).toEqual([id]);
    }
    client.destroy();
  });

  it('orders the events of a log in time and eventID order, whether the log is nearly in order or far from it', async () => {
    emulator = await startEmulator({ now: NOW });
    const at = (n: number) => `2024-03-01T10:${String(Math.floor(n / 4)).padStart(2, '0')}:00Z`;
    const events = Array.from({ length: 120 }, (_, n) => event(`o-${String(n).padStart(3, '0')}`, at(n)));
    // Ties (four events a minute) in the wrong order, then a log in reverse order.
    const ties = events.slice(0, 60).map((e, n, all) => all[n - (n % 4) + 3 - (n % 4)]);
    ingestLogBody(emulator, JSON.stringify({ Records: ties }));
    ingestLogBody(emulator, JSON.stringify({ Records: events.slice(60).reverse() }));
    const client = clientFor(emulator);
    const page = await client.send(new LookupEventsCommand({ MaxResults: 50, StartTime: new Date(at(48)), EndTime: new Date(at(72)) }));
    client.destroy();
    // Newest first; equal times by eventID ascending.
    const expected = events.filter((_, n) => n >= 48 && n < 76).sort((a, b) => (a.eventTime === b.eventTime ? (a.eventID < b.eventID ? -1 : 1) : a.eventTime < b.eventTime ? 1 : -1));
    expect(page.Events?.map((e) => e.EventId)).toEqual(expected.map((e) => e.eventID));
  });

  it('lists an event with two resources of one type once under that ResourceType, in order or not', async () => {
    emulator = await startEmulator({ now: NOW });
    const resources = [
      { type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::123456789012:role/a' },
      { type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::123456789012:role/b' },
    ];
    ingestLogBody(emulator, JSON.stringify({ Records: [event('r-2', '2024-03-01T10:02:00Z', { resources }), event('r-3', '2024-03-01T10:03:00Z', { resources })] }));
    // An earlier event after later ones: it is merged in, not appended.
    ingestLogBody(emulator, JSON.stringify({ Records: [event('r-1', '2024-03-01T10:01:00Z', { resources })] }));
    const byType = await lookupAll(emulator, { LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::IAM::Role' }] });
    expect(byType.map((e) => e.EventId)).toEqual(['r-3', 'r-2', 'r-1']);
    const byName = await lookupAll(emulator, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'arn:aws:iam::123456789012:role/b' }] });
    expect(byName.map((e) => e.EventId)).toEqual(['r-3', 'r-2', 'r-1']);
  });

  it('reads event times across leap days, centuries and offsets as Date does', async () => {
    emulator = await startEmulator({ now: NOW });
    const times = [
      '2024-02-29T23:59:59Z',
      '2000-02-29T00:00:00Z',
      '1900-03-01T00:00:01Z',
      '2099-12-31T12:34:56Z',
      '2023-02-30T10:00:00Z',
      '2024-03-01T10:00:00.250Z',
      '2024-03-01T12:00:00+02:00',
    ];
    ingestLogBody(emulator, JSON.stringify(times.map((time, k) => event(`t-${k}`, time))));
    // LookupEvents reaches back 90 days only: read the stored times.
    const log = emulator.store.account(emulator.accountId).events;
    // Date.parse reads CloudTrail's form, and rolls a day past the month's end into the next month.
    expect(times.map((_, k) => log.get(`t-${k}`)?.eventTime.getTime())).toEqual(times.map((time) => Date.parse(time)));
  });

  it('does not count events later than the emulator clock in metrics', async () => {
    emulator = await startEmulator({ now: new Date('2024-03-01T10:02:30Z') });
    const at = (id: string, time: string) => event(id, time);
    ingestLogBody(emulator, JSON.stringify([at('m-1', '2024-03-01T10:02:10Z'), at('m-2', '2024-03-01T10:02:50Z'), at('m-3', '2024-03-01T10:01:00Z')]));
    const client = clientFor(emulator);
    await client.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await client.send(new PutInsightSelectorsCommand({ TrailName: 'audit', InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] }));
    const metrics = await client.send(
      new ListInsightsMetricDataCommand({
        EventSource: 'iam.amazonaws.com',
        EventName: 'CreateUser',
        InsightType: 'ApiCallRateInsight',
        Period: 60,
        StartTime: new Date('2024-03-01T10:00:00Z'),
      }),
    );
    client.destroy();
    // m-2 happens 20 seconds after "now": the 10:02 point counts m-1 only.
    expect(metrics.Timestamps?.map((t) => t.toISOString())).toEqual(['2024-03-01T10:01:00.000Z', '2024-03-01T10:02:00.000Z']);
    expect(metrics.Values).toEqual([1, 1]);
  });

  it('stops ingesting at --max-events and says so in the report', async () => {
    emulator = await startEmulator({ now: NOW, maxEvents: 2 });
    const report = ingestLogBody(
      emulator,
      JSON.stringify([event('x-1', '2024-03-01T10:00:00Z'), event('x-1', '2024-03-01T10:00:00Z'), event('x-2', '2024-03-01T10:01:00Z'), event('x-3', '2024-03-01T10:02:00Z')]),
    );
    expect(report).toMatchObject({ added: 2, duplicates: 1, records: 3, limit: { type: 'EventLimitReached', maxEvents: 2 } });
    expect(report.limit?.message).toMatch(/maximum of 2 events/);
    expect((await lookupAll(emulator)).map((e) => e.EventId)).toEqual(['x-2', 'x-1']);
    const again = ingestLogBody(emulator, JSON.stringify([event('x-4', '2024-03-01T10:03:00Z')]));
    expect(again).toMatchObject({ added: 0, limit: { type: 'EventLimitReached' } });
  });
});
