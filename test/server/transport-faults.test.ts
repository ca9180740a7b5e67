import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GetInsightSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudTrailClients } from '../../src/aws/clients.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startEmulatorBackend, type EmulatorBackend, type GraphQLResponse } from '../helpers/gateway.js';
import { testCredentials } from '../helpers/emulator.js';
import { startFaultProxy, type FaultProxy, type ProxyFault } from '../helpers/fault-proxy.js';
import { createTrail } from '../helpers/trails.js';

/**
 * The gateway's SDK clients talk to the emulator through a proxy that breaks one operation the way
 * networks and load balancers do. Every such failure must reach the client as a typed, retryable
 * error, never as "Unexpected error.", and a change whose answer was lost must say so.
 */
let backend: EmulatorBackend;
let proxy: FaultProxy;
let clients: CloudTrailClients;
let gateway: Gateway;
const logged: unknown[] = [];

beforeAll(async () => {
  backend = await startEmulatorBackend();
  proxy = await startFaultProxy(backend.emulator.url);
  clients = new CloudTrailClients({ endpoint: proxy.url, defaultRegion: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  gateway = createGateway({ clients, logError: (error) => logged.push(error) });
});
afterAll(async () => {
  clients.destroy();
  await proxy.close();
  await backend.close();
});
beforeEach(async () => {
  backend.reset();
  proxy.set(undefined);
  logged.length = 0;
  await createTrail(backend.sdkClient(), 'audit');
});

async function query<T>(document: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const res = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T> };
}

const FAULTS: [ProxyFault, string][] = [
  ['html-503', 'AWS_UNAVAILABLE'],
  ['reset', 'AWS_TRANSPORT_ERROR'],
  ['truncated', 'AWS_TRANSPORT_ERROR'],
];

describe('a read whose answer is lost', () => {
  it.each(FAULTS)('%s on ListTrails: the connection field fails with %s, retryable, outcome not in doubt', async (fault, code) => {
    proxy.set('ListTrails', fault);
    const { status, body } = await query('{ trails { edges { node { name } } } defaultRegion }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ trails: null, defaultRegion: 'us-east-1' });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].path).toEqual(['trails']);
    expect(body.errors?.[0].extensions).toMatchObject({ code, retryable: true, outcomeUnknown: false, rejectedBeforeCall: false });
    expect(body.errors?.[0].message).not.toBe('Unexpected error.');
    expect(JSON.stringify(body)).not.toMatch(/<html|\bat .*\.(ts|js):\d+|node_modules/);
    expect(logged).toEqual([]);
  });

  it.each(FAULTS)('%s on DescribeTrails: the result union answers UnmodelledAwsError %s', async (fault, code) => {
    proxy.set('DescribeTrails', fault);
    const { body } = await query<{ trail: Record<string, unknown> }>(
      '{ trail(nameOrArn: "audit") { __typename ... on AwsError { code retryable outcomeUnknown rejectedBeforeCall message } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.trail).toMatchObject({ __typename: 'UnmodelledAwsError', code, retryable: true, outcomeUnknown: false });
  });
});

describe('a change whose answer is lost', () => {
  const TURN_ON = /* GraphQL */ `mutation {
    putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
      __typename ... on AwsError { code retryable outcomeUnknown message }
    }
  }`;
  const selectorsInForce = () =>
    backend.sdkClient().send(new GetInsightSelectorsCommand({ TrailName: 'audit' })).then(
      (out) => out.InsightSelectors?.map((s) => s.InsightType),
      (error: Error) => error.name,
    );

  it('connection reset after CloudTrail applied it: outcomeUnknown, and reading back shows it applied', async () => {
    proxy.set('PutInsightSelectors', 'reset-after-forwarding');
    const { body } = await query<{ putTrailInsightSelectors: Record<string, unknown> }>(TURN_ON);
    expect(body.data?.putTrailInsightSelectors).toMatchObject({
      __typename: 'UnmodelledAwsError',
      code: 'AWS_TRANSPORT_ERROR',
      retryable: true,
      outcomeUnknown: true,
    });
    expect(body.data?.putTrailInsightSelectors.message).toMatch(/may or may not have been applied/);
    expect(await selectorsInForce()).toEqual(['ApiCallRateInsight']);
  });

  it('connection reset before it was forwarded: outcomeUnknown too (the gateway cannot tell), and reading back shows nothing changed', async () => {
    proxy.set('PutInsightSelectors', 'reset');
    const { body } = await query<{ putTrailInsightSelectors: Record<string, unknown> }>(TURN_ON);
    expect(body.data?.putTrailInsightSelectors).toMatchObject({ code: 'AWS_TRANSPORT_ERROR', outcomeUnknown: true });
    expect(await selectorsInForce()).toBe('InsightNotEnabledException');
  });

  it('a 503 error page: AWS_UNAVAILABLE with outcomeUnknown, since a proxy may answer 503 after forwarding', async () => {
    proxy.set('PutInsightSelectors', 'html-503');
    const { body } = await query<{ putTrailInsightSelectors: Record<string, unknown> }>(TURN_ON);
    expect(body.data?.putTrailInsightSelectors).toMatchObject({ code: 'AWS_UNAVAILABLE', retryable: true, outcomeUnknown: true });
    expect(body.data?.putTrailInsightSelectors.message).toMatch(/HTTP 503/);
  });

  it('an unreachable CloudTrail: AWS_UNAVAILABLE with the outcome known, since nothing was sent', async () => {
    const nowhere = new CloudTrailClients({ endpoint: 'http://127.0.0.1:1', defaultRegion: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    const offline = createGateway({ clients: nowhere });
    const res = await offline.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ trails { edges { node { name } } } }' }),
    });
    const body = (await res.json()) as GraphQLResponse;
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'AWS_UNAVAILABLE', retryable: true, outcomeUnknown: false });
    nowhere.destroy();
  });
});
