import { afterEach, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { SCOPES } from '../../src/auth/scopes.js';
import { GetInsightSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { loadConfig } from '../../src/config.js';
import { rateLimitKey } from '../../src/server/aws-rate-limit.js';
import { countEmulatorCalls } from '../helpers/emulator-calls.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { createTrail } from '../helpers/trails.js';

let t: TestGateway | HttpGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Five trails, each read with its status, tags and selectors: 1 ListTrails, then 11 calls. */
const FIVE_TRAILS_IN_FULL = /* GraphQL */ `{ trails(first: 5) { edges { node {
  name status { isLogging } tags { key } eventSelectors { __typename }
} } } }`;

describe('a client that disconnects', () => {
  it('cancels the AWS calls its request had not made yet, counted at the emulator', async () => {
    const gateway = await startHttpGateway({ gateway: { awsCallRateLimit: false } });
    t = gateway;
    for (const name of ['trail-a', 'trail-b', 'trail-c', 'trail-d', 'trail-e']) await createTrail(gateway.sdkClient(), name);
    const calls = countEmulatorCalls(gateway.emulator);
    // ListTrails answers after 400 ms; the client gives up after 100 ms, while it is in flight.
    gateway.emulator.faults.set({ latencyMs: { ListTrails: 400 } });
    const client = new AbortController();
    const pending = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: FIVE_TRAILS_IN_FULL }),
      signal: client.signal,
    }).catch((error: Error) => error.name);
    await sleep(100);
    client.abort();
    expect(await pending).toBe('AbortError');
    // Long enough for ListTrails to finish at the emulator and for the 11 calls that would follow.
    await sleep(900);
    expect(calls.of('ListTrails')).toBeLessThanOrEqual(1);
    expect(calls.of('GetTrailStatus') + calls.of('ListTags') + calls.of('GetEventSelectors')).toBe(0);

    // The same query, not aborted, makes them all: the count above is the cancellation's doing.
    gateway.emulator.faults.set({});
    calls.reset();
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: FIVE_TRAILS_IN_FULL }),
    });
    expect(((await res.json()) as GraphQLResponse).errors).toBeUndefined();
    expect(calls.of('GetTrailStatus')).toBe(5);
  });
});

describe('AWS_CALL_TIMEOUT_MS', () => {
  it('fails a read CloudTrail does not answer in time with AWS_TIMEOUT, retryable', async () => {
    t = await startTestGateway({ gateway: { awsCallTimeoutMs: 200 } });
    t.emulator.faults.set({ latencyMs: { ListTrails: 1_500 } });
    const res = await t.query('{ trails { edges { node { name } } } }');
    expect(res.data).toEqual({ trails: null });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'AWS_TIMEOUT', retryable: true, outcomeUnknown: false });
    expect(res.errors?.[0].message).toMatch(/did not answer ListTrails within 200 ms/);
  });

  it('fails a change that times out after it was sent with outcomeUnknown; reading back shows what happened', async () => {
    t = await startTestGateway({ gateway: { awsCallTimeoutMs: 200 } });
    await createTrail(t.sdkClient(), 'audit');
    t.emulator.faults.set({ latencyMs: { PutInsightSelectors: 600 } });
    const res = await t.query<{ putTrailInsightSelectors: Record<string, unknown> }>(/* GraphQL */ `mutation {
      putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiErrorRateInsight }] }) {
        __typename ... on AwsError { code retryable outcomeUnknown }
      }
    }`);
    expect(res.data?.putTrailInsightSelectors).toEqual({
      __typename: 'UnmodelledAwsError',
      code: 'AWS_TIMEOUT',
      retryable: true,
      outcomeUnknown: true,
    });
    // The emulator received the change and applies it once its latency has passed.
    await sleep(700);
    const after = await t.sdkClient().send(new GetInsightSelectorsCommand({ TrailName: 'audit' }));
    expect(after.InsightSelectors?.map((s) => s.InsightType)).toEqual(['ApiErrorRateInsight']);
  });
});

describe('REQUEST_DEADLINE_MS', () => {
  it('stops a request that runs past its deadline, with a typed retryable error on the fields left', async () => {
    t = await startTestGateway({ gateway: { requestDeadlineMs: 300, awsCallTimeoutMs: 5_000 } });
    t.emulator.faults.set({ latencyMs: { ListTrails: 1_000 } });
    const res = await t.query('{ trails { edges { node { name } } } }');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'AWS_TIMEOUT', retryable: true });
    expect(res.errors?.[0].message).toMatch(/within 300 ms/);
  });
});

describe('the per-caller rate of AWS calls', () => {
  async function queryAs(gateway: TestGateway, serverContext: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
    const res = await gateway.gateway.fetch(
      'http://gateway.test/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ trails { edges { node { name status { isLogging } } } } }' }) },
      serverContext,
    );
    return (await res.json()) as GraphQLResponse;
  }

  it('refuses the calls past the limit with RATE_LIMITED, retryable with a retry-after hint, per caller', async () => {
    // Anonymous callers keep every scope (as on an open gateway); carol authenticates with an API key.
    const carolKey = generateApiKey('carol', ['cloudtrail:read']);
    t = await startTestGateway({
      gateway: { awsCallRateLimit: { calls: 3, windowSeconds: 60 }, authentication: { apiKeys: [carolKey.entry], anonymousScopes: SCOPES } },
    });
    for (const name of ['trail-a', 'trail-b', 'trail-c']) await createTrail(t.sdkClient(), name);
    const calls = countEmulatorCalls(t.emulator);
    const alice = { req: { socket: { remoteAddress: '10.0.0.1' } } };
    // ListTrails and three GetTrailStatus: the fourth call is one too many.
    const first = await queryAs(t, alice);
    expect(first.errors).toHaveLength(1);
    expect(first.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: expect.any(Number) });
    expect(first.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(first.errors?.[0].path?.slice(-1)).toEqual(['status']);
    expect(calls.total()).toBe(3);
    // Another address has its own budget; the same identity from another address does not.
    const bob = await queryAs(t, { req: { socket: { remoteAddress: '10.0.0.2' } } });
    expect(bob.errors?.filter((e) => e.extensions?.code === 'RATE_LIMITED')).toHaveLength(1);
    const carol = { 'x-api-key': carolKey.key };
    await queryAs(t, { req: { socket: { remoteAddress: '10.0.0.3' } } }, carol);
    const carolElsewhere = await queryAs(t, { req: { socket: { remoteAddress: '10.0.0.4' } } }, carol);
    expect(carolElsewhere.data).toEqual({ trails: null });
    expect(carolElsewhere.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });

  it('counts an authenticated caller by identity and anyone else by address', () => {
    expect(rateLimitKey({ caller: { kind: 'jwt', id: 'alice' }, req: { socket: { remoteAddress: '10.0.0.1' } } })).toBe('jwt:alice');
    expect(rateLimitKey({ caller: { kind: 'anonymous', id: 'anonymous' }, req: { socket: { remoteAddress: '10.0.0.1' } } })).toBe('ip:10.0.0.1');
    expect(rateLimitKey({})).toBe('ip:unknown');
  });

  it('reads the limits and timeouts from the environment', () => {
    expect(loadConfig({}).gateway).toMatchObject({
      awsCallTimeoutMs: 10_000,
      requestDeadlineMs: 30_000,
      awsCallRateLimit: { calls: 600, windowSeconds: 60 },
    });
    expect(loadConfig({ RATE_LIMIT_AWS_CALLS: '0' }).gateway.awsCallRateLimit).toBe(false);
    expect(loadConfig({ AWS_CALL_TIMEOUT_MS: '2500', RATE_LIMIT_WINDOW_SECONDS: '10' }).gateway).toMatchObject({
      awsCallTimeoutMs: 2_500,
      awsCallRateLimit: { calls: 600, windowSeconds: 10 },
    });
  });
});
