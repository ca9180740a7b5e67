import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function post(target: string | undefined, body: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1' };
  if (target) headers['X-Amz-Target'] = target;
  const res = await fetch(emulator.url, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('wire protocol', () => {
  it('answers an unknown target with UnknownOperationException', async () => {
    const res = await post('CloudTrail_20131101.NoSuchThing', '{}');
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('UnknownOperationException');
  });

  it('answers a missing target with UnknownOperationException', async () => {
    const res = await post(undefined, '{}');
    expect(res.json.__type).toBe('UnknownOperationException');
  });

  it('answers malformed JSON with SerializationException', async () => {
    emulator.faults.set({});
    const res = await post('CloudTrail_20131101.ListTrails', '{not json');
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('SerializationException');
  });

  it('serves the admin health endpoint outside the protocol', async () => {
    const res = await fetch(`${emulator.url}/_emulator/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, accountId: emulator.accountId });
  });

  it('base exception class exists for unmodelled errors', () => {
    expect(typeof CloudTrailServiceException).toBe('function');
  });
});
