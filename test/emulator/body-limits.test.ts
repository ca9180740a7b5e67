import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { DEFAULT_MAX_REQUEST_BYTES, MAX_ADMIN_BODY_BYTES } from '../../src/emulator/limits.js';
import { clientFor } from '../helpers/emulator.js';

/**
 * Request bodies are capped: an oversized body is answered 413 and no longer read, so neither the
 * emulator's memory nor (under `npm start`) the gateway process sharing it is at the client's mercy.
 */

const MiB = 1024 * 1024;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ admin: true });
});
afterAll(() => emulator.close());

interface Outcome {
  status?: number;
  body?: string;
  /** The connection failed (closed by the emulator) before a response was read. */
  error?: string;
  /** Bytes the client managed to write before it stopped. */
  sentBytes: number;
  /** Highest growth of this process's heap and buffers seen while sending (the emulator runs in it). */
  peakGrowthBytes: number;
}

const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Streams up to `totalBytes` to the emulator from one reused 1 MiB buffer, honouring back-pressure,
 * whatever the emulator answers meanwhile: it stops when the emulator closes the connection, or at
 * `totalBytes`. `declared` sends a Content-Length; otherwise the body is chunked.
 */
function stream(path: string, headers: Record<string, string>, totalBytes: number, declared: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(MiB, 0x20);
    const baseline = memory();
    const outcome: Outcome = { sentBytes: 0, peakGrowthBytes: 0 };
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve(outcome);
    };
    const req = request({
      host: '127.0.0.1',
      port: emulator.port,
      method: 'POST',
      path,
      headers: declared ? { ...headers, 'Content-Length': String(totalBytes) } : headers,
    });
    req.on('response', (res) => {
      outcome.status = res.statusCode;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        outcome.body = body;
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      outcome.error = err.code ?? err.message;
    });
    req.on('close', finish);
    const pump = () => {
      while (!req.destroyed && outcome.sentBytes < totalBytes) {
        outcome.sentBytes += chunk.length;
        if (outcome.sentBytes % (16 * MiB) === 0) outcome.peakGrowthBytes = Math.max(outcome.peakGrowthBytes, memory() - baseline);
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

const cloudTrailHeaders = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'CloudTrail_20131101.ListTrails' };

async function stillServing(): Promise<void> {
  await expect(clientFor(emulator).send(new ListTrailsCommand({}))).resolves.toMatchObject({ Trails: [] });
}

describe('request body limits', () => {
  it('refuses a 600 MB CloudTrail body by its Content-Length with 413 ValidationException, reading none of it, and keeps serving', async () => {
    const outcome = await stream('/', cloudTrailHeaders, 600 * MiB, true);
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body ?? '{}')).toEqual({
      __type: 'ValidationException',
      message: `The request body is larger than the ${DEFAULT_MAX_REQUEST_BYTES} bytes the emulator accepts.`,
    });
    // The emulator closed the connection long before the 600 MB were sent.
    expect(outcome.sentBytes).toBeLessThan(64 * MiB);
    await stillServing();
  });

  it('stops reading a chunked body past the limit: memory stays bounded while a client keeps streaming', async () => {
    const outcome = await stream('/', cloudTrailHeaders, 512 * MiB, false);
    expect(outcome.status === 413 || outcome.error !== undefined).toBe(true);
    if (outcome.status !== undefined) expect(outcome.status).toBe(413);
    expect(outcome.sentBytes).toBeLessThan(64 * MiB);
    expect(outcome.peakGrowthBytes).toBeLessThan(64 * MiB);
    await stillServing();
  });

  it('answers an oversized STS request in STS XML', async () => {
    const outcome = await stream('/', { 'Content-Type': 'application/x-www-form-urlencoded' }, 8 * MiB, true);
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain('<Code>ValidationError</Code>');
    await stillServing();
  });

  it('accepts an admin ingest body up to its own, larger limit and refuses one past it', async () => {
    const accepted = await fetch(`${emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify({ Records: [] }).padEnd(6 * MiB, ' ') });
    expect(accepted.status).toBe(200);
    const refused = await stream('/_emulator/ingest', { 'Content-Type': 'application/json' }, MAX_ADMIN_BODY_BYTES + MiB, true);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body ?? '{}')).toMatchObject({ code: 'RequestTooLarge' });
    await stillServing();
  });

  it('accepts a CloudTrail body just under the limit', async () => {
    const body = '{}'.padEnd(DEFAULT_MAX_REQUEST_BYTES, ' ');
    const res = await fetch(emulator.url, { method: 'POST', headers: cloudTrailHeaders, body });
    expect(res.status).toBe(200);
  });
});
