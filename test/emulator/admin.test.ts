import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateTrailCommand, ListTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isLoopbackAddress } from '../../src/emulator/admin/index.js';
import { MAX_DECOMPRESSED_LOG_BYTES, MAX_LOG_FILE_BYTES } from '../../src/emulator/limits.js';
import { clientFor } from '../helpers/emulator.js';

/**
 * The admin API (/_emulator/*) is off unless asked for, answers loopback clients only, and its
 * ingest reads only regular files inside the directories the emulator was started with.
 */

const MiB = 1024 * 1024;

function event(id: string) {
  return { eventID: id, eventTime: '2026-01-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'GetUser', awsRegion: 'us-east-1' };
}

async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('admin API switch', () => {
  it('is off by default: its paths answer as an unknown CloudTrail path, and reset changes nothing', async () => {
    const emulator = await startEmulator();
    try {
      await clientFor(emulator).send(new CreateTrailCommand({ Name: 'kept', S3BucketName: 'kept-bucket' }));
      const unknown = await get(`${emulator.url}/no/such/path`);
      const health = await get(`${emulator.url}/_emulator/health`);
      expect(health).toEqual(unknown);
      expect(health.status).toBe(404);
      expect(health.json.__type).toBe('UnknownOperationException');
      const reset = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
      expect(reset.status).toBe(404);
      const faults = await fetch(`${emulator.url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify({ failures: [{ operation: '*', errorType: 'ThrottlingException' }] }) });
      expect(faults.status).toBe(404);
      const trails = await clientFor(emulator).send(new ListTrailsCommand({}));
      expect(trails.Trails?.map((t) => t.Name)).toEqual(['kept']);
    } finally {
      await emulator.close();
    }
  });

  it('when on, answers loopback clients', async () => {
    const emulator = await startEmulator({ admin: true });
    try {
      expect(await get(`${emulator.url}/_emulator/health`)).toEqual({ status: 200, json: { ok: true, accountId: emulator.accountId } });
    } finally {
      await emulator.close();
    }
  });

  it('when on, answers a client on another address as an unknown path, while CloudTrail answers it', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && !a.internal && a.family === 'IPv4');
    if (!external) throw new Error('This test needs a non-loopback IPv4 interface to connect from.');
    const emulator = await startEmulator({ admin: true, host: '0.0.0.0' });
    try {
      const base = `http://${external.address}:${emulator.port}`;
      const health = await get(`${base}/_emulator/health`);
      expect(health.status).toBe(404);
      expect(health.json.__type).toBe('UnknownOperationException');
      const list = await fetch(base, { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'CloudTrail_20131101.ListTrails' }, body: '{}' });
      expect(list.status).toBe(200);
      expect((await get(`http://127.0.0.1:${emulator.port}/_emulator/health`)).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('counts 127.0.0.0/8 and ::1 (also IPv4-mapped) as loopback, nothing else', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::2', '::', '0.0.0.0', undefined]) expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('admin ingest confinement', () => {
  let work: string;
  let allowed: string;
  let outside: string;
  let emulator: RunningEmulator;

  const ingest = async (paths: unknown) => {
    const res = await fetch(`${emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify({ paths }) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const stored = async (eventId: string) => {
    const out = await clientFor(emulator).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: eventId }] }));
    return out.Events?.length ?? 0;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'admin-ingest-'));
    allowed = join(work, 'allowed');
    outside = join(work, 'outside');
    mkdirSync(join(allowed, 'nested'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(allowed, 'inside.json'), JSON.stringify({ Records: [event('inside-1')] }));
    writeFileSync(join(allowed, 'nested', 'deeper.json'), JSON.stringify({ Records: [event('deeper-1')] }));
    writeFileSync(join(outside, 'secret.json'), JSON.stringify({ Records: [event('outside-1')] }));
    symlinkSync(join(outside, 'secret.json'), join(allowed, 'link-to-outside.json'));
    symlinkSync(outside, join(allowed, 'link-to-outside-dir'));
    execFileSync('mkfifo', [join(allowed, 'pipe.json')]);
    // Sparse: larger than a log file may be, without writing the bytes.
    writeFileSync(join(allowed, 'huge.json'), '');
    truncateSync(join(allowed, 'huge.json'), MAX_LOG_FILE_BYTES + 1);
    mkdirSync(join(work, 'bombs'));
    writeFileSync(join(work, 'bombs', 'bomb.json.gz'), gzipSync(Buffer.alloc(MAX_DECOMPRESSED_LOG_BYTES + MiB, 0x20), { level: 1 }));
    emulator = await startEmulator({ admin: true, now: new Date('2026-01-02T00:00:00Z'), ingestDirs: [allowed, join(work, 'bombs'), '/dev'] });
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('ingests a file inside an ingest directory', async () => {
    const res = await ingest([join(allowed, 'inside.json')]);
    expect(res).toMatchObject({ status: 200, json: { files: 1, added: 1, problems: [] } });
    expect(await stored('inside-1')).toBe(1);
  });

  it.each([
    ['a file outside every ingest directory', () => join(outside, 'secret.json')],
    ['a path leaving the directory with ..', () => join(allowed, '..', 'outside', 'secret.json')],
    ['a symbolic link inside that points outside', () => join(allowed, 'link-to-outside.json')],
    ['a symbolic link to a directory outside', () => join(allowed, 'link-to-outside-dir')],
    ['/etc/shadow', () => '/etc/shadow'],
  ])('refuses %s with 403 PathOutsideIngestDirectories', async (_case, path) => {
    const res = await ingest([path()]);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'PathOutsideIngestDirectories', path: path() });
    expect(await stored('outside-1')).toBe(0);
  });

  it('refuses a FIFO and a device (/dev/zero), even inside an ingest directory, without reading them', async () => {
    const fifo = await ingest([join(allowed, 'pipe.json')]);
    expect(fifo).toMatchObject({ status: 400, json: { code: 'NotARegularFile' } });
    const zero = await ingest(['/dev/zero']);
    expect(zero).toMatchObject({ status: 400, json: { code: 'NotARegularFile', path: '/dev/zero' } });
  });

  it('refuses a file larger than a log file may be with 413 FileTooLarge', async () => {
    const res = await ingest([join(allowed, 'huge.json')]);
    expect(res).toMatchObject({ status: 413, json: { code: 'FileTooLarge' } });
  });

  it('refuses relative and missing paths', async () => {
    expect(await ingest(['allowed/inside.json'])).toMatchObject({ status: 400, json: { code: 'PathNotAbsolute' } });
    expect(await ingest([join(allowed, 'missing.json')])).toMatchObject({ status: 404, json: { code: 'PathNotFound' } });
  });

  it('refuses the whole request when one path is refused: nothing is ingested', async () => {
    const res = await ingest([join(allowed, 'nested', 'deeper.json'), join(outside, 'secret.json')]);
    expect(res.status).toBe(403);
    expect(await stored('deeper-1')).toBe(0);
  });

  it('walks an ingest directory reading regular files only: no FIFO, no symbolic link, no oversized file', async () => {
    const res = await ingest([allowed]);
    expect(res.status).toBe(200);
    // inside.json and nested/deeper.json; huge.json is reported, not read.
    expect(res.json).toMatchObject({ files: 2 });
    expect(res.json.problems).toEqual([{ source: join(allowed, 'huge.json'), message: expect.stringContaining(`more than the ${MAX_LOG_FILE_BYTES} bytes`) }]);
    expect(await stored('deeper-1')).toBe(1);
    expect(await stored('outside-1')).toBe(0);
  });

  it('stops decompressing a gzip bomb at the limit and reports it', async () => {
    const res = await ingest([join(work, 'bombs', 'bomb.json.gz')]);
    expect(res).toMatchObject({
      status: 200,
      json: { added: 0, problems: [{ message: `Decompresses to more than the ${MAX_DECOMPRESSED_LOG_BYTES} bytes a log may have.` }] },
    });
  });
});
