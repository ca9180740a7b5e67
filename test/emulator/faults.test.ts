import { afterEach, describe, expect, it } from 'vitest';
import {
  CreateTrailCommand,
  ListTrailsCommand,
  ThrottlingException,
  TrailNotFoundException,
  GetTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { FaultRules } from '../../src/emulator/faults.js';
import { clientFor, withEmulator } from '../helpers/emulator.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function putFaults(target: RunningEmulator, rules: FaultRules): Promise<void> {
  const res = await fetch(`${target.url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify(rules) });
  expect(res.status).toBe(200);
}

const listTrails = (target: RunningEmulator) => clientFor(target).send(new ListTrailsCommand({}));

describe('fault injection', () => {
  it('a ThrottlingException set through PUT /_emulator/faults reaches the SDK as ThrottlingException', async () => {
    emulator = await withEmulator();
    await putFaults(emulator, { failures: [{ operation: 'ListTrails', errorType: 'ThrottlingException', message: 'Rate exceeded' }] });
    const error = await listTrails(emulator).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).message).toBe('Rate exceeded');
    expect((error as ThrottlingException).$metadata.httpStatusCode).toBe(400);
  });

  it('a failure set through the emulator options applies from the first request', async () => {
    emulator = await withEmulator({ faults: { failures: [{ operation: '*', errorType: 'ThrottlingException' }] } });
    await expect(listTrails(emulator)).rejects.toBeInstanceOf(ThrottlingException);
  });

  it('injects any modelled exception, only for the named operation', async () => {
    emulator = await withEmulator({ faults: { failures: [{ operation: 'GetTrail', errorType: 'TrailNotFoundException' }] } });
    await expect(clientFor(emulator).send(new GetTrailCommand({ Name: 'audit' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(listTrails(emulator)).resolves.toMatchObject({ Trails: [] });
  });

  it('`times` limits a failure to that many requests, then requests succeed', async () => {
    emulator = await withEmulator();
    await putFaults(emulator, { failures: [{ operation: 'ListTrails', errorType: 'ThrottlingException', times: 2 }] });
    await expect(listTrails(emulator)).rejects.toBeInstanceOf(ThrottlingException);
    await expect(listTrails(emulator)).rejects.toBeInstanceOf(ThrottlingException);
    await expect(listTrails(emulator)).resolves.toMatchObject({ Trails: [] });
  });

  it('`after` lets that many matching requests succeed first, then fails `times` times', async () => {
    emulator = await withEmulator();
    await putFaults(emulator, { failures: [{ operation: 'ListTrails', errorType: 'ThrottlingException', after: 1, times: 1 }] });
    // Another operation does not count towards `after`.
    await expect(clientFor(emulator).send(new GetTrailCommand({ Name: 'audit' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(listTrails(emulator)).resolves.toMatchObject({ Trails: [] });
    await expect(listTrails(emulator)).rejects.toBeInstanceOf(ThrottlingException);
    await expect(listTrails(emulator)).resolves.toMatchObject({ Trails: [] });
  });

  it('added latency delays the answer by at least the configured time', async () => {
    emulator = await withEmulator({ faults: { latencyMs: { ListTrails: 250 } } });
    const started = performance.now();
    await listTrails(emulator);
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
    // Other operations are not delayed.
    const other = performance.now();
    await clientFor(emulator).send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    expect(performance.now() - other).toBeLessThan(250);
  });

  it('a TPS quota lets at most that many requests through per second and throttles the rest of a burst', async () => {
    emulator = await withEmulator({ faults: { tps: { ListTrails: 5 } } });
    const burst = await Promise.allSettled(Array.from({ length: 20 }, () => listTrails(emulator!)));
    const passed = burst.filter((r) => r.status === 'fulfilled').length;
    const throttled = burst.filter((r) => r.status === 'rejected' && r.reason instanceof ThrottlingException).length;
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(passed).toBeLessThanOrEqual(5);
    expect(passed + throttled).toBe(20);
    // Once the one-second window has passed, requests go through again.
    await new Promise((r) => setTimeout(r, 1100));
    await expect(listTrails(emulator)).resolves.toMatchObject({ Trails: [] });
  });

  it('DELETE /_emulator/faults clears every injected fault', async () => {
    emulator = await withEmulator({ faults: { failures: [{ operation: '*', errorType: 'ThrottlingException' }], tps: { '*': 1 } } });
    await expect(listTrails(emulator)).rejects.toBeInstanceOf(ThrottlingException);
    const res = await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    expect(await res.json()).toEqual({});
    for (let i = 0; i < 3; i++) await expect(listTrails(emulator)).resolves.toMatchObject({ Trails: [] });
  });
});
