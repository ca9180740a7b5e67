import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudTrailClients } from '../../src/aws/clients.js';
import { createGateway } from '../../src/server.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway.js';
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
  /**
   * A gateway whose SDK clients cannot be built: a failure inside the gateway that nothing in the
   * schema expects. (A backend that is down is a typed AWS_UNAVAILABLE: see transport-faults.test.ts.)
   */
  const INTERNAL_DETAIL = 'client factory failed at /srv/gateway/src/aws/clients.ts:42 on port 4599';
  class BrokenClients extends CloudTrailClients {
    override forRegion(): CloudTrailClient {
      throw new Error(INTERNAL_DETAIL);
    }
  }
  function gatewayWithBrokenClients(): { gateway: { query: TestGateway['query'] }; port: number } {
    const gateway = createGateway({ clients: new BrokenClients({}), logError: (error, requestId) => logged.push({ error, requestId }) });
    return {
      port: 4599,
      gateway: {
        async query(query, variables, headers) {
          const res = await gateway.fetch('http://gateway.test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ query, variables }),
          });
          return (await res.json()) as GraphQLResponse<never>;
        },
      },
    };
  }

  it('an unexpected failure reaches the client as "Unexpected error." with the request id it was logged under', async () => {
    const { gateway, port } = gatewayWithBrokenClients();
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
    expect(String(logged[0].error)).toContain(INTERNAL_DETAIL);

    const body = JSON.stringify(res);
    expect(body).not.toContain('client factory');
    expect(body).not.toContain('/srv/gateway');
    expect(body).not.toContain(String(port));
    expect(body).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('keeps the request id a caller sends in x-request-id', async () => {
    const { gateway } = gatewayWithBrokenClients();
    const res = await gateway.query(TRAIL_STATUS, undefined, { 'x-request-id': 'lb-7f3a.1' });
    expect(res.errors?.[0].extensions?.requestId).toBe('lb-7f3a.1');
    expect(logged.map((entry) => entry.requestId)).toEqual(['lb-7f3a.1']);
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
