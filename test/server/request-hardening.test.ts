import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GetInsightSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startEmulatorBackend, type EmulatorBackend, type GraphQLResponse } from '../helpers/gateway.js';
import { countEmulatorCalls, type EmulatorCallCounts } from '../helpers/emulator-calls.js';
import { createTrail } from '../helpers/trails.js';

let backend: EmulatorBackend;
let gateway: Gateway;
let calls: EmulatorCallCounts;

beforeAll(async () => {
  backend = await startEmulatorBackend();
  gateway = createGateway({ clients: backend.clients, reportAwsCalls: true, graphiql: false });
});
afterAll(() => backend.close());
beforeEach(() => {
  backend.reset();
  calls = countEmulatorCalls(backend.emulator);
});

interface Answer {
  status: number;
  body: GraphQLResponse;
}

async function send(init: RequestInit, url = 'http://gateway.test/graphql', target: Gateway = gateway): Promise<Answer> {
  const res = await target.fetch(url, init);
  return { status: res.status, body: (await res.json()) as GraphQLResponse };
}

const postJson = (body: unknown, target?: Gateway) =>
  send({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }, undefined, target);

const TURN_INSIGHTS_ON = /* GraphQL */ `mutation {
  putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) { __typename }
}`;

async function insightSelectorsOfAudit(): Promise<unknown> {
  const out = await backend.sdkClient().send(new GetInsightSelectorsCommand({ TrailName: 'audit' })).catch((error: Error) => error.name);
  return typeof out === 'string' ? out : (out.InsightSelectors ?? []);
}

function expectTypedError(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.body.data ?? undefined).toBeUndefined();
  expect(answer.body.errors?.[0].extensions?.code).toBe(code);
}

describe('cross-site requests', () => {
  it.each([
    ['an HTML form (application/x-www-form-urlencoded)', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(TURN_INSIGHTS_ON)}`],
    ['a multipart form', 'multipart/form-data; boundary=X', `--X\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: TURN_INSIGHTS_ON })}\r\n--X--\r\n`],
    ['a no-cors fetch (text/plain)', 'text/plain;charset=UTF-8', JSON.stringify({ query: TURN_INSIGHTS_ON })],
    ['application/graphql', 'application/graphql', TURN_INSIGHTS_ON],
  ])('refuses a mutation POSTed as %s with 415 and changes nothing', async (_, contentType, body) => {
    await createTrail(backend.sdkClient(), 'audit');
    calls.reset();
    const answer = await send({ method: 'POST', headers: { 'content-type': contentType }, body });
    expectTypedError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(calls.total()).toBe(0);
    expect(await insightSelectorsOfAudit()).toBe('InsightNotEnabledException');
  });

  it('refuses a mutation sent with GET, and runs a query sent with GET', async () => {
    await createTrail(backend.sdkClient(), 'audit');
    const mutation = await send({ headers: { accept: 'application/json' } }, `http://gateway.test/graphql?query=${encodeURIComponent(TURN_INSIGHTS_ON)}`);
    expect(mutation.status).toBe(405);
    expect(mutation.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(await insightSelectorsOfAudit()).toBe('InsightNotEnabledException');
    const query = await send({ headers: { accept: 'application/json' } }, `http://gateway.test/graphql?query=${encodeURIComponent('{ defaultRegion }')}`);
    expect(query.body).toMatchObject({ data: { defaultRegion: 'us-east-1' } });
  });

  it('runs the same mutation POSTed as JSON', async () => {
    await createTrail(backend.sdkClient(), 'audit');
    const answer = await postJson({ query: TURN_INSIGHTS_ON });
    expect(answer.body.errors).toBeUndefined();
    expect(await insightSelectorsOfAudit()).toMatchObject([{ InsightType: 'ApiCallRateInsight' }]);
  });
});

describe('document limits, before parsing', () => {
  it('answers a document nested 10,000 levels deep with 400 QUERY_LIMIT_EXCEEDED, not a stack overflow', async () => {
    const deep = `{ trails { edges { node { ${'a { '.repeat(10_000)}${'} '.repeat(10_003)} }`;
    expectTypedError(await postJson({ query: deep }), 400, 'QUERY_LIMIT_EXCEEDED');
    const deepList = `{ trail(nameOrArn: ${'['.repeat(10_000)}${']'.repeat(10_000)}) { __typename } }`;
    const answer = await postJson({ query: deepList });
    expectTypedError(answer, 400, 'QUERY_LIMIT_EXCEEDED');
    expect(answer.body.errors?.[0].message).toMatch(/Nesting limit of 64/);
    expect(calls.total()).toBe(0);
  });

  it('refuses a document of more tokens than the limit', async () => {
    const answer = await postJson({ query: `{ ${'__typename '.repeat(2_001)}}` });
    expectTypedError(answer, 400, 'QUERY_LIMIT_EXCEEDED');
    expect(answer.body.errors?.[0].message).toMatch(/Token limit of 2000/);
    // 2 + 280 * 7 = 1,962 tokens (graphql-js itself gives up validating ~1,000 copies of one field).
    const near = await postJson({ query: `{ ${'... on Query { __typename } '.repeat(280)}}` });
    expect(near.body.errors).toBeUndefined();
  });

  it('refuses more aliases than the limit, and reads one trails page once however often it is aliased', async () => {
    await createTrail(backend.sdkClient(), 'audit');
    calls.reset();
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: trails(first: 5) { edges { node { name } } }`).join(' ')} }`;
    const refused = await postJson({ query: aliased(21) });
    expect(refused.body.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    expect(refused.body.errors?.[0].message).toMatch(/Aliases limit of 20 exceeded, found 21/);
    expect(calls.total()).toBe(0);
    const answered = await postJson({ query: aliased(20) });
    expect(answered.body.errors).toBeUndefined();
    expect(Object.keys(answered.body.data ?? {})).toHaveLength(20);
    expect(answered.body.extensions?.awsCalls).toEqual({ ListTrails: 1 });
    expect(calls.of('ListTrails')).toBe(1);
  });

  it('refuses more directives than the limit', async () => {
    const answer = await postJson({ query: `{ defaultRegion ${'@include(if: true) '.repeat(21)}}` });
    expect(answer.body.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    expect(answer.body.errors?.[0].message).toMatch(/Directives limit of 20 exceeded/);
  });
});

describe('input sizes', () => {
  it('refuses a 10 MB string variable with BAD_USER_INPUT before any AWS call, quoting none of it', async () => {
    const wide = createGateway({ clients: backend.clients, requestLimits: { maxRequestBodyBytes: 20_000_000 } });
    const answer = await postJson(
      { query: 'query ($t: String!) { trail(nameOrArn: $t) { __typename } }', variables: { t: 'x'.repeat(10_000_000) } },
      wide,
    );
    expectTypedError(answer, 400, 'BAD_USER_INPUT');
    expect(answer.body.errors?.[0].message).toMatch(/\$t is a string of 10000000 characters; the gateway accepts at most 4096/);
    expect(JSON.stringify(answer.body).length).toBeLessThan(1_000);
    expect(calls.total()).toBe(0);
  });

  it('refuses a list variable longer than the limit, naming where it is', async () => {
    const answer = await postJson({
      query: 'query ($n: [String!]!) { nodes(ids: $n) { __typename } }',
      variables: { n: Array.from({ length: 1_001 }, () => 'x') },
    });
    expectTypedError(answer, 400, 'BAD_USER_INPUT');
    expect(answer.body.errors?.[0].message).toMatch(/\$n is a list of 1001 items/);
    expect(calls.total()).toBe(0);
  });

  it('refuses string and list literals past the limits in the document', async () => {
    const longLiteral = await postJson({ query: `{ trail(nameOrArn: "${'x'.repeat(4_097)}") { __typename } }` });
    expect(longLiteral.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(longLiteral.body.errors?.[0].message).toMatch(/string literal of 4097 characters/);
    expect(calls.total()).toBe(0);
  });

  it("quotes at most a short prefix of the input in graphql-js's own messages", async () => {
    const literal = await postJson({ query: `{ trails(first: "${'y'.repeat(4_000)}") { __typename } }` });
    const variable = await postJson({ query: 'query ($n: Int) { trails(first: $n) { __typename } }', variables: { n: 'z'.repeat(4_000) } });
    for (const answer of [literal, variable]) {
      const message = answer.body.errors?.[0].message ?? '';
      expect(message).toMatch(/Int cannot represent/);
      expect(message).toMatch(/\(4000 characters\)/);
      expect(message.length).toBeLessThanOrEqual(401);
      expect(answer.body.errors?.[0].extensions?.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
    }
  });
});

describe('production defaults', () => {
  it('with NODE_ENV=production turns introspection, field suggestions and GraphiQL off unless enabled', () => {
    expect(loadConfig({ NODE_ENV: 'production', AUTH: 'none' }).gateway).toMatchObject({ introspection: false, fieldSuggestions: false, graphiql: false });
    expect(loadConfig({}).gateway).toMatchObject({ introspection: true, fieldSuggestions: true, graphiql: true });
    expect(loadConfig({ NODE_ENV: 'production', AUTH: 'none', INTROSPECTION: 'true', FIELD_SUGGESTIONS: 'true', GRAPHIQL: 'true' }).gateway).toMatchObject({
      introspection: true,
      fieldSuggestions: true,
      graphiql: true,
    });
  });

  it('reads every request limit from the environment, with the documented defaults', () => {
    expect(loadConfig({}).gateway.requestLimits).toEqual({
      maxRequestBodyBytes: 1_000_000,
      maxTokens: 2_000,
      maxNesting: 64,
      maxAliases: 20,
      maxDirectives: 20,
      maxInputStringLength: 4_096,
      maxInputListLength: 1_000,
    });
    expect(loadConfig({ MAX_REQUEST_BODY_BYTES: '5000', MAX_QUERY_ALIASES: '3' }).gateway.requestLimits).toMatchObject({
      maxRequestBodyBytes: 5_000,
      maxAliases: 3,
    });
    expect(() => loadConfig({ MAX_QUERY_TOKENS: 'lots' })).toThrow(/MAX_QUERY_TOKENS must be an integer/);
  });

  it('without introspection and suggestions, refuses __schema and names no field in validation errors', async () => {
    const closed = createGateway({ clients: backend.clients, introspection: false, fieldSuggestions: false, graphiql: false });
    const introspection = await postJson({ query: '{ __schema { types { name } } }' }, closed);
    expect(introspection.body.errors?.[0].message).toMatch(/introspection/i);
    expect(introspection.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await postJson({ query: '{ trailz }' }, closed);
    expect(typo.body.errors?.[0].message).not.toMatch(/Did you mean/);
    const open = await postJson({ query: '{ trailz }' });
    expect(open.body.errors?.[0].message).toMatch(/Did you mean "trail"/);
  });
});
