import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const get = async (gateway: TestGateway, path: string) => {
  const res = await gateway.gateway.fetch(`http://gateway.test${path}`);
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
};

describe('GET /healthz', () => {
  it('answers 200 JSON while the process is up, without asking CloudTrail', async () => {
    t = await startTestGateway({
      emulator: { faults: { failures: [{ operation: '*', errorType: 'ThrottlingException' }] } },
    });
    const res = await get(t, '/healthz');
    expect(res).toEqual({ status: 200, contentType: 'application/json; charset=utf-8', body: { status: 'ok' } });
  });
});

describe('GET /readyz', () => {
  it('answers 200 with the region when CloudTrail answers ListTrails', async () => {
    t = await startTestGateway();
    const res = await get(t, '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', region: 'us-east-1' });
  });

  it('answers 503 with the AWS error when ListTrails fails', async () => {
    t = await startTestGateway({
      emulator: { faults: { failures: [{ operation: 'ListTrails', errorType: 'OperationNotPermittedException', message: 'No.' }] } },
    });
    const res = await get(t, '/readyz');
    expect(res).toEqual({
      status: 503,
      contentType: 'application/json; charset=utf-8',
      body: { status: 'unavailable', reason: 'CloudTrail ListTrails failed: OperationNotPermittedException: No.' },
    });
  });

  it('answers 503 when CloudTrail takes longer than the readiness timeout', async () => {
    t = await startTestGateway({
      emulator: { faults: { latencyMs: { ListTrails: 2000 } } },
      gateway: { readinessTimeoutMs: 200 },
    });
    const started = Date.now();
    const res = await get(t, '/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', reason: 'CloudTrail did not answer ListTrails within 200 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
