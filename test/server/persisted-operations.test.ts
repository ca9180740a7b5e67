import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { loadExampleOperations } from '../../src/server/graphiql.js';
import { loadPersistedOperationManifest } from '../../src/server/persisted-operations.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const DOCUMENT = 'query Region { defaultRegion }';
const HASH = sha256(DOCUMENT);

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function post(body: unknown): Promise<{ status: number; json: GraphQLResponse }> {
  if (!t) throw new Error('no gateway');
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as GraphQLResponse };
}

describe('persisted operations', () => {
  it('runs a manifest operation named by extensions.persistedQuery.sha256Hash (APQ shape)', async () => {
    t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT } } });
    const { json } = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } });
    expect(json.errors).toBeUndefined();
    expect(json.data).toEqual({ defaultRegion: 'us-east-1' });
  });

  it('runs a manifest operation named by documentId, with or without the sha256: prefix', async () => {
    t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT } } });
    expect((await post({ documentId: `sha256:${HASH}` })).json.data).toEqual({ defaultRegion: 'us-east-1' });
    expect((await post({ documentId: HASH })).json.data).toEqual({ defaultRegion: 'us-east-1' });
  });

  it('runs a manifest operation named by documentId in a GET query string, so HTTP caches can key on the URL', async () => {
    t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT } } });
    const res = await t.gateway.fetch(`http://gateway.test/graphql?documentId=sha256:${HASH}`, {
      headers: { accept: 'application/json' },
    });
    expect(((await res.json()) as GraphQLResponse).data).toEqual({ defaultRegion: 'us-east-1' });
  });

  it('answers 400 PersistedQueryNotFound (PERSISTED_QUERY_NOT_FOUND) for a hash not in the manifest', async () => {
    t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT } } });
    const { status, json } = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('query { other }') } } });
    expect(status).toBe(400);
    expect(json.data).toBeUndefined();
    expect(json.errors?.[0].message).toBe('PersistedQueryNotFound');
    expect(json.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it.each([
    ['neither a query nor an id', {}],
    ['a persistedQuery of an unknown version', { extensions: { persistedQuery: { version: 2, sha256Hash: HASH } } }],
    ['a persistedQuery without a hash', { extensions: { persistedQuery: { version: 1 } } }],
    ['a persistedQuery that is not an object', { extensions: { persistedQuery: 'abc' } }],
  ])('answers 400 with a code to a request naming %s, in both modes', async (_, body) => {
    for (const only of [false, true]) {
      t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT }, persistedOperationsOnly: only } });
      const { status, json } = await post(body);
      expect(status).toBe(400);
      expect(json.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
      await t.close();
      t = undefined;
    }
  });

  it('answers 400 to extensions that are not an object', async () => {
    t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT }, persistedOperationsOnly: true } });
    const { status, json } = await post({ documentId: HASH, extensions: 'persistedQuery' });
    expect(status).toBe(400);
    expect(json.errors?.[0].extensions?.code).toBeDefined();
  });

  it('still runs arbitrary documents unless only persisted operations are allowed', async () => {
    t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT } } });
    expect((await post({ query: '{ defaultRegion }' })).json.data).toEqual({ defaultRegion: 'us-east-1' });
  });

  it('with persistedOperationsOnly refuses a document sent as text and runs the same one by hash', async () => {
    t = await startTestGateway({ gateway: { persistedOperations: { [HASH]: DOCUMENT }, persistedOperationsOnly: true } });
    const refused = await post({ query: DOCUMENT });
    expect(refused.status).toBe(400);
    expect(refused.json.errors?.[0].extensions).toMatchObject({ code: 'PERSISTED_QUERY_ONLY' });
    expect(refused.json.data).toBeUndefined();
    expect((await post({ documentId: HASH })).json.data).toEqual({ defaultRegion: 'us-east-1' });
  });

  it('with persistedOperationsOnly runs a persisted mutation only with the variables it declares, coerced to their types', async () => {
    const mutation = 'mutation TurnOn($trail: String!) { putTrailInsightSelectors(input: { trail: $trail, insightSelectors: [] }) { __typename } }';
    const id = sha256(mutation);
    t = await startTestGateway({ gateway: { persistedOperations: { [id]: mutation }, persistedOperationsOnly: true } });
    const extra = await post({ documentId: id, variables: { trail: 'audit', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] } });
    expect(extra.status).toBe(400);
    expect(extra.json.errors?.[0]).toMatchObject({
      message: 'This persisted operation declares no variable named "insightSelectors".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const mistyped = await post({ documentId: id, variables: { trail: { name: 'audit' } } });
    expect(mistyped.json.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const oversized = await post({ documentId: id, variables: { trail: 'x'.repeat(5_000) } });
    expect(oversized.status).toBe(400);
    expect(oversized.json.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const declared = await post({ documentId: id, variables: { trail: 'no-such-trail' } });
    expect(declared.json.errors).toBeUndefined();
    expect(declared.json.data).toEqual({ putTrailInsightSelectors: { __typename: 'TrailNotFoundException' } });
  });

  it('serves every operation of schema/operations/ from the committed manifest, keyed by the sha256 of its text', () => {
    const manifest = loadPersistedOperationManifest();
    for (const [hash, document] of Object.entries(manifest)) expect(sha256(document)).toBe(hash);
    const namesInManifest = Object.values(manifest).flatMap((document) =>
      parse(document).definitions.flatMap((d) => (d.kind === 'OperationDefinition' && d.name ? [d.name.value] : [])),
    );
    const namesInFiles = loadExampleOperations().flatMap(({ document }) =>
      parse(document).definitions.flatMap((d) => (d.kind === 'OperationDefinition' && d.name ? [d.name.value] : [])),
    );
    expect(namesInFiles.length).toBeGreaterThan(0);
    expect(namesInManifest.sort()).toEqual(namesInFiles.sort());
  });
});
