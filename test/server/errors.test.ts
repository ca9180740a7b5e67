import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail } from '../helpers/trails.js';

const logged: { error: unknown; requestId: string }[] = [];
let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ gateway: { logError: (error, requestId) => logged.push({ error, requestId }) } });
  await createTrail(t.sdkClient(), 'audit');
});
afterAll(() => t.close());
beforeEach(() => {
  logged.length = 0;
  t.emulator.faults.set({});
});

const TRAIL_STATUS = /* GraphQL */ `
  query { trails { edges { node { name status { isLogging } } } } }
`;

describe('masked errors', () => {
  /** A gateway whose backend is gone: the SDK fails with a network error nothing in the schema expects. */
  async function gatewayWithBackendDown(): Promise<{ gateway: TestGateway; port: number }> {
    const gateway = await startTestGateway({ gateway: { logError: (error, requestId) => logged.push({ error, requestId }) } });
    const { port } = gateway.emulator;
    await gateway.emulator.close();
    return { gateway, port };
  }

  it('an unexpected failure reaches the client as "Unexpected error." with the request id it was logged under', async () => {
    const { gateway, port } = await gatewayWithBackendDown();
    try {
      const res = await gateway.query(TRAIL_STATUS);
      // trails is nullable: the failure nulls that root field, not the whole response.
      expect(res.data).toEqual({ trails: null });
      expect(res.errors).toHaveLength(1);
      const [error] = res.errors ?? [];
      expect(error.message).toBe('Unexpected error.');
      expect(error.path).toEqual(['trails']);
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) });

      expect(logged).toHaveLength(1);
      expect(logged[0].requestId).toBe(error.extensions?.requestId);
      expect(String(logged[0].error)).toContain('ECONNREFUSED');

      const body = JSON.stringify(res);
      expect(body).not.toContain('ECONNREFUSED');
      expect(body).not.toContain(String(port));
      expect(body).not.toMatch(/\bat .*\.(ts|js):\d+/);
    } finally {
      gateway.clients.destroy(); // the emulator is already closed
    }
  });

  it('keeps the request id a caller sends in x-request-id', async () => {
    const { gateway } = await gatewayWithBackendDown();
    try {
      const res = await gateway.query(TRAIL_STATUS, undefined, { 'x-request-id': 'lb-7f3a.1' });
      expect(res.errors?.[0].extensions?.requestId).toBe('lb-7f3a.1');
      expect(logged.map((entry) => entry.requestId)).toEqual(['lb-7f3a.1']);
    } finally {
      gateway.clients.destroy(); // the emulator is already closed
    }
  });

  it('passes an AWS failure the schema surfaces on purpose through unmasked, with its AWS code', async () => {
    t.emulator.faults.set({ failures: [{ operation: 'GetTrailStatus', errorType: 'ThrottlingException', message: 'Rate exceeded' }] });
    const res = await t.query(TRAIL_STATUS);
    expect(res.errors?.[0]).toMatchObject({ message: 'Rate exceeded', extensions: { code: 'ThrottlingException' } });
    expect(logged).toEqual([]);
  });

  it('passes an error thrown on purpose (a bad cursor, BAD_USER_INPUT) through unmasked and unlogged', async () => {
    const res = await t.query(/* GraphQL */ `query { trails(after: "not-a-cursor") { edges { node { name } } } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].message).not.toBe('Unexpected error.');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(logged).toEqual([]);
  });

  it('answers a syntax error with the parser message and no stack trace', async () => {
    const res = await t.query('query { trails { ');
    expect(res.errors?.[0].message).toMatch(/^Syntax Error/);
    expect(JSON.stringify(res)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});
