import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyEntryJson, generateApiKey, parseApiKeyList } from '../../src/auth/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail } from '../helpers/trails.js';

/** API keys for services: stored as SHA-256 hashes, each with a name, scopes and an optional expiry. */

const reader = generateApiKey('dashboard', ['cloudtrail:read', 'insights:read']);
const expired = generateApiKey('old-job', ['cloudtrail:read'], new Date(Date.now() - 60_000));
const later = generateApiKey('next-quarter', ['cloudtrail:read'], new Date(Date.now() + 86_400_000));

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({
    gateway: { authentication: { apiKeys: [reader.entry, expired.entry, later.entry], anonymousScopes: [] } },
  });
  await createTrail(t.sdkClient(), 'audit');
});
afterAll(() => t.close());

async function post(headers: Record<string, string>, query = '{ trails(first: 1) { edges { node { name } } } }') {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

describe('API keys', () => {
  it('a key is ctig_ and 32 random bytes; only its SHA-256 is stored', () => {
    expect(reader.key).toMatch(/^ctig_[A-Za-z0-9_-]{43}$/);
    expect(reader.entry.sha256).toBe(createHash('sha256').update(reader.key).digest('hex'));
    expect(JSON.stringify(apiKeyEntryJson(reader.entry))).not.toContain(reader.key.slice(5));
    expect(generateApiKey('x', []).key).not.toBe(generateApiKey('x', []).key);
  });

  it('a valid key in X-API-Key or as the bearer value reads with its scopes', async () => {
    const credentials: Record<string, string>[] = [{ 'x-api-key': reader.key }, { authorization: `Bearer ${reader.key}` }, { 'x-api-key': later.key }];
    for (const headers of credentials) {
      const res = await post(headers);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ trails: { edges: [{ node: { name: 'audit' } }] } });
    }
  });

  it('a key grants only its scopes: FORBIDDEN on a mutation, naming the key', async () => {
    const res = await post({ 'x-api-key': reader.key }, 'mutation { putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [] }) { __typename } }');
    expect(res.body.data).toEqual({ putTrailInsightSelectors: null });
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'Forbidden: Mutation.putTrailInsightSelectors needs the scope selectors:write, which dashboard does not hold.',
      extensions: { code: 'FORBIDDEN', requiredScopes: ['selectors:write'] },
    });
  });

  it('a wrong key is refused with 401, as is a key one character off', async () => {
    const wrong = await post({ 'x-api-key': generateApiKey('stranger', ['cloudtrail:read']).key });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]).toMatchObject({ message: 'The API key is not valid.', extensions: { code: 'UNAUTHENTICATED' } });
    const last = reader.key.at(-1) === 'A' ? 'B' : 'A';
    expect((await post({ 'x-api-key': reader.key.slice(0, -1) + last })).status).toBe(401);
  });

  it('an expired key is refused with 401 saying it expired', async () => {
    const res = await post({ 'x-api-key': expired.key });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].message).toBe('The API key old-job has expired.');
  });

  it('two credentials at once are refused with 400', async () => {
    const res = await post({ 'x-api-key': reader.key, authorization: `Bearer ${reader.key}` });
    expect(res.status).toBe(400);
  });

  it('a bearer token when no issuer is configured is refused with 401', async () => {
    expect((await post({ authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln' })).status).toBe(401);
  });
});

describe('API key lists', () => {
  it('read back what npm run api-key prints, expiry included', () => {
    const text = JSON.stringify([apiKeyEntryJson(later.entry)]);
    expect(parseApiKeyList(text, 'AUTH_API_KEYS')).toEqual([later.entry]);
    expect(parseApiKeyList(JSON.stringify({ keys: [apiKeyEntryJson(reader.entry)] }), 'f')).toEqual([reader.entry]);
  });

  it.each([
    ['not JSON', 'nope', /must be JSON/],
    ['an unknown scope', '[{"name":"a","sha256":"' + 'a'.repeat(64) + '","scopes":["admin"]}]', /scopes must be a list of/],
    ['a short hash', '[{"name":"a","sha256":"abc","scopes":[]}]', /sha256 must be 64/],
    ['a bad expiry', '[{"name":"a","sha256":"' + 'a'.repeat(64) + '","scopes":[],"expiresAt":"soon"}]', /expiresAt must be an ISO 8601/],
    ['a name twice', `[{"name":"a","sha256":"${'a'.repeat(64)}","scopes":[]},{"name":"a","sha256":"${'b'.repeat(64)}","scopes":[]}]`, /used twice/],
  ])('refuse %s', (_case, text, message) => {
    expect(() => parseApiKeyList(text, 'AUTH_API_KEYS')).toThrow(message);
  });
});
