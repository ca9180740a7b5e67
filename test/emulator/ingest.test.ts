import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ingestLogBody, ingestLogFiles, replayRecent, SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { clientFor } from '../helpers/emulator.js';
import { computeExpected, type Expected } from './expected/expected.js';

const STRATUS_DIR = join(SAMPLE_LOGS_DIR, '../../stratus-red-team_detonation-logs');
const sampleFiles = readdirSync(SAMPLE_LOGS_DIR).sort();

let work: string;
let sample: Expected;
let emulator: RunningEmulator;

/** The sample as S3 delivers it: gzip files under AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/. */
function s3Tree(root: string, files: readonly string[]): string {
  const day = join(root, 'AWSLogs', '218007301253', 'CloudTrail', 'us-east-1', '2023', '07', '10');
  mkdirSync(day, { recursive: true });
  for (const f of files) writeFileSync(join(day, `${f}.gz`), gzipSync(readFileSync(join(SAMPLE_LOGS_DIR, f))));
  return root;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ingest-test-'));
  sample = computeExpected([SAMPLE_LOGS_DIR]);
  emulator = await startEmulator({ logs: [SAMPLE_LOGS_DIR], now: new Date('2023-07-20T00:00:00Z') });
});
afterAll(async () => {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

describe('ingest of CloudTrail log files', () => {
  it('ingests the sample directory at start: every file read, every event stored once, nothing reported', () => {
    expect(emulator.ingestReport).toEqual({
      files: sampleFiles.length,
      records: sample.deliveries,
      added: sample.uniqueEvents,
      duplicates: sample.deliveries - sample.uniqueEvents,
      problems: [],
    });
    expect(emulator.store.account(emulator.accountId).events.size).toBe(sample.uniqueEvents);
  });

  it('ingesting the same files again changes nothing', async () => {
    const events = emulator.store.account(emulator.accountId).events;
    const before = JSON.stringify([...events.values()].map((e) => [e.eventID, e.eventTime]));
    const report = await ingestLogFiles(emulator, [SAMPLE_LOGS_DIR]);
    expect(report).toMatchObject({ files: sampleFiles.length, added: 0, duplicates: sample.uniqueEvents, problems: [] });
    expect(JSON.stringify([...events.values()].map((e) => [e.eventID, e.eventTime]))).toBe(before);
  });

  it('reads gzip files in an S3 AWSLogs tree, and counts an event delivered twice once', async () => {
    const root = s3Tree(join(work, 's3'), sampleFiles);
    // A second trail delivering the first ten files again, to its own prefix in the same bucket.
    const other = join(root, 'second-trail', 'AWSLogs', '218007301253', 'CloudTrail', 'us-east-1', '2023', '07', '10');
    mkdirSync(other, { recursive: true });
    for (const f of sampleFiles.slice(0, 10)) copyFileSync(join(SAMPLE_LOGS_DIR, f), join(other, f));
    const expected = computeExpected([root]);
    expect(expected.deliveries).toBeGreaterThan(expected.uniqueEvents);

    const fresh = await startEmulator({ logs: [root] });
    try {
      expect(fresh.ingestReport).toMatchObject({
        files: sampleFiles.length + 10,
        records: expected.deliveries,
        added: expected.uniqueEvents,
        duplicates: expected.deliveries - expected.uniqueEvents,
        problems: [],
      });
    } finally {
      await fresh.close();
    }
  });

  it('reads bare JSON arrays of events', async () => {
    const expected = computeExpected([STRATUS_DIR]);
    const fresh = await startEmulator();
    try {
      const report = await ingestLogFiles(fresh, [STRATUS_DIR]);
      expect(report).toMatchObject({ files: 3, added: expected.uniqueEvents, problems: [] });
      expect(fresh.store.account(fresh.accountId).events.get('10163ed2-2253-469d-a5ee-cbc6651f8934')).toMatchObject({
        eventName: 'StopLogging',
        awsRegion: 'apiso-centralnorth-2r',
        readOnly: false,
        username: 'christophe',
        accessKeyId: 'AKIAGGWFBBHBE7D3M9WI',
      });
    } finally {
      await fresh.close();
    }
  });

  it('reports malformed files and records with file and position, and keeps the rest', async () => {
    const dir = join(work, 'malformed');
    mkdirSync(dir);
    const good = (id: string) => ({
      eventID: id,
      eventTime: '2023-07-10T12:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      readOnly: false,
    });
    // The stray comma makes the closing brace on line 2, column 19, unexpected.
    writeFileSync(join(dir, 'a-syntax.json'), '{"Records": [\n  {"eventID": "x",}\n]}');
    writeFileSync(join(dir, 'b-not-a-log.json'), '{"hello": "world"}');
    writeFileSync(
      join(dir, 'c-records.json'),
      JSON.stringify({
        Records: [good('good-1'), { ...good('no-id'), eventID: undefined }, { ...good('bad-time'), eventTime: 'yesterday' }, 42, good('good-2')],
      }),
    );
    writeFileSync(join(dir, 'd-corrupt.json.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'e-no-region.json'), JSON.stringify([{ ...good('no-region'), awsRegion: '' }]));
    const fresh = await startEmulator();
    try {
      const report = await ingestLogFiles(fresh, [dir, join(dir, 'missing.json')]);
      expect(report.added).toBe(2);
      expect([...fresh.store.account(fresh.accountId).events.keys()].sort()).toEqual(['good-1', 'good-2']);
      const problems = report.problems.map((p) => ({ ...p, source: p.source.slice(dir.length + 1) }));
      expect(problems).toEqual([
        { source: 'missing.json', message: expect.stringMatching(/^Cannot read: ENOENT/) },
        { source: 'a-syntax.json', position: 'line 2, column 19', message: expect.stringMatching(/^Not valid JSON/) },
        { source: 'b-not-a-log.json', message: expect.stringMatching(/^Not a CloudTrail log/) },
        { source: 'c-records.json', position: 'Records[1]', message: 'Record has no eventID.' },
        { source: 'c-records.json', position: 'Records[2]', message: expect.stringContaining('Record bad-time has no valid eventTime') },
        { source: 'c-records.json', position: 'Records[3]', message: 'Record is not a JSON object.' },
        { source: 'd-corrupt.json.gz', message: expect.stringMatching(/^Not a valid gzip file/) },
        { source: 'e-no-region.json', position: '[0]', message: 'Record no-region has no awsRegion.' },
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('ingests a log body given directly, from code', () => {
    const fresh = { store: emulator.store, accountId: '210987654321', clock: emulator.clock };
    const body = JSON.stringify({
      Records: [{ eventID: 'body-1', eventTime: '2023-07-19T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'CreateBucket', awsRegion: 'eu-west-1' }],
    });
    expect(ingestLogBody(fresh, body)).toEqual({ files: 1, records: 1, added: 1, duplicates: 0, problems: [] });
    expect(ingestLogBody(fresh, gzipSync(body))).toEqual({ files: 1, records: 1, added: 0, duplicates: 1, problems: [] });
  });
  it('reads a gzip log the same whatever its trailer states: one member, several, or trailing bytes stating more', () => {
    // Decompression is sized by the gzip trailer (the last member's size), which is only a hint.
    const text = readFileSync(join(SAMPLE_LOGS_DIR, sampleFiles[0]), 'utf8');
    const cut = Math.floor(text.length / 3);
    const statingMore = Buffer.alloc(8);
    statingMore.writeUInt32LE(4 * 1024 * 1024, 4);
    const bodies = {
      oneMember: gzipSync(text),
      severalMembers: Buffer.concat([gzipSync(text.slice(0, cut)), gzipSync(text.slice(cut))]),
      trailingBytes: Buffer.concat([gzipSync(text), statingMore]),
      nonAscii: gzipSync(text.replace('"eventName":"', '"eventName":"Ωmega')),
    };
    const stored: Record<string, unknown[]> = {};
    for (const [k, [name, body]] of Object.entries(bodies).entries()) {
      const target = { store: emulator.store, accountId: `30000000000${k}`, clock: emulator.clock };
      expect(ingestLogBody(target, body, name)).toMatchObject({ files: 1, problems: [] });
      const events = emulator.store.account(target.accountId).events;
      stored[name] = [...events.values()].map((e) => [e.eventID, e.eventName, e.raw]);
      // The store keeps each log's bytes: not the larger buffer a trailer stating more sized.
      const kept = (events['chunks'] as Buffer[]).reduce((sum, chunk) => sum + chunk.buffer.byteLength, 0);
      expect(kept).toBeLessThan(2 * Buffer.byteLength(text));
    }
    expect(stored.oneMember.length).toBeGreaterThan(0);
    expect(stored.severalMembers).toEqual(stored.oneMember);
    expect(stored.trailingBytes).toEqual(stored.oneMember);
    // Text that is not ASCII is decoded as UTF-8: the one renamed event differs, and only by its name.
    const renamed = stored.nonAscii.findIndex((e) => String((e as unknown[])[1]).startsWith('Ωmega'));
    expect(renamed).toBeGreaterThanOrEqual(0);
    const [, name, raw] = stored.nonAscii[renamed] as [string, string, { eventName: string }];
    expect(name).toBe(`Ωmega${(stored.oneMember[renamed] as unknown[])[1] as string}`);
    expect(raw.eventName).toBe(name);
    const others = (list: unknown[]) => list.filter((_, k) => k !== renamed);
    expect(others(stored.nonAscii)).toEqual(others(stored.oneMember));
  });
});

describe('admin ingest endpoint', () => {
  const post = async (url: string, body: string) => {
    const res = await fetch(url, { method: 'POST', body });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('POST /_emulator/ingest with paths ingests files into the running emulator, once', async () => {
    const fresh = await startEmulator({ admin: true, now: new Date('2023-07-20T00:00:00Z') });
    try {
      const first = await post(`${fresh.url}/_emulator/ingest`, JSON.stringify({ paths: [SAMPLE_LOGS_DIR] }));
      expect(first).toEqual({
        status: 200,
        json: { files: sampleFiles.length, records: sample.deliveries, added: sample.uniqueEvents, duplicates: 0, problems: [] },
      });
      const again = await post(`${fresh.url}/_emulator/ingest`, JSON.stringify({ paths: [SAMPLE_LOGS_DIR] }));
      expect(again.json).toMatchObject({ added: 0, duplicates: sample.uniqueEvents });
      const page = await clientFor(fresh).send(new LookupEventsCommand({ MaxResults: 1 }));
      expect(page.Events?.[0].EventId).toBe(sample.lookup['us-east-1'].newestFirst[0]);
    } finally {
      await fresh.close();
    }
  });

  it('POST /_emulator/ingest with a raw log body ingests it and reports malformed records', async () => {
    const fresh = await startEmulator({ admin: true });
    try {
      const body = JSON.stringify([
        { eventID: 'raw-1', eventTime: '2023-07-10T12:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'GetUser', awsRegion: 'us-east-1' },
        { eventTime: '2023-07-10T12:00:00Z' },
      ]);
      const res = await post(`${fresh.url}/_emulator/ingest`, body);
      expect(res).toEqual({
        status: 200,
        json: {
          files: 1,
          records: 2,
          added: 1,
          duplicates: 0,
          problems: [{ source: 'request body', position: '[1]', message: 'Record has no eventID.' }],
        },
      });
      const broken = await post(`${fresh.url}/_emulator/ingest`, '{"Records": [');
      expect(broken.json).toMatchObject({ added: 0, problems: [{ source: 'request body', message: expect.stringMatching(/^Not valid JSON/) }] });
      const badPaths = await post(`${fresh.url}/_emulator/ingest`, JSON.stringify({ paths: 'not-a-list' }));
      expect(badPaths.status).toBe(400);
    } finally {
      await fresh.close();
    }
  });
});

describe('replay into the recent past', () => {
  const now = new Date('2026-01-15T09:30:20Z');

  it('replayRecent at start shifts events by whole minutes so the newest lands 5 minutes before now', async () => {
    const fresh = await startEmulator({ now, logs: [SAMPLE_LOGS_DIR], replayRecent: true });
    try {
      const shift = fresh.ingestReport?.shiftedBySeconds as number;
      expect(shift % 60).toBe(0);
      const newest = Date.parse(sample.lastEventTime) + shift * 1000;
      expect(newest).toBeLessThanOrEqual(now.getTime() - 300_000);
      expect(newest).toBeGreaterThan(now.getTime() - 360_000);
      const page = await clientFor(fresh).send(new LookupEventsCommand({ MaxResults: 1 }));
      const [event] = page.Events ?? [];
      expect(event.EventId).toBe(sample.lookup['us-east-1'].newestFirst[0]);
      expect(event.EventTime?.getTime()).toBe(newest);
      expect(JSON.parse(event.CloudTrailEvent as string).eventTime).toBe(new Date(newest).toISOString().replace('.000Z', 'Z'));
    } finally {
      await fresh.close();
    }
  });

  it('replayRecent() moves everything already ingested, with a chosen offset', async () => {
    const fresh = await startEmulator({ now, logs: [SAMPLE_LOGS_DIR] });
    try {
      const shift = replayRecent(fresh, 3600);
      const newest = Date.parse(sample.lastEventTime) + shift * 1000;
      expect(shift % 60).toBe(0);
      expect(newest).toBeLessThanOrEqual(now.getTime() - 3_600_000);
      expect(newest).toBeGreaterThan(now.getTime() - 3_660_000);
    } finally {
      await fresh.close();
    }
  });
});

describe('command line', () => {
  it('npm run emulator -- --logs <dir> --now ... ingests at start and says what it ingested', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--admin', '--logs', STRATUS_DIR, '--now', '2024-08-01T00:00:00Z'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
      });
      expect(output).toContain('Ingested 3 events from 3 files (0 duplicates, 0 problems)');
      const health = await fetch(`${url}/_emulator/health`);
      expect(health.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
