import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-keys.js';
import type { Scope } from '../../src/auth/scopes.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { createGateway } from '../../src/server.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail } from '../helpers/trails.js';

/**
 * The GraphQL families (graphql_envelop_request, graphql_envelop_error_result,
 * graphql_yoga_http_duration): which series each kind of request moves, and by how much. The
 * expected series are those @graphql-yoga/plugin-prometheus produced for the same requests, so a
 * count or label that differs from it fails here.
 */

const FAMILIES = ['graphql_envelop_request', 'graphql_envelop_error_result', 'graphql_yoga_http_duration_count'];
const SCOPES: Scope[] = ['cloudtrail:read', 'insights:read', 'selectors:write'];
const BASE = 'http://gateway.test';

/** The value of every series of the GraphQL families (histograms by their _count), by sample line. */
function seriesOf(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!FAMILIES.some((family) => line.startsWith(`${family}{`))) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

describe('GraphQL request metrics', () => {
  let t: TestGateway;
  const metrics = new GatewayMetrics();
  const apiKey = generateApiKey('carol', SCOPES);

  beforeAll(async () => {
    t = await startTestGateway({ gateway: { metrics, authentication: { apiKeys: [apiKey.entry], anonymousScopes: SCOPES } } });
    await createTrail(t.sdkClient(), 'audit');
  });
  afterAll(() => t.close());

  async function scrape(): Promise<string> {
    const res = await t.gateway.fetch(`${BASE}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(metrics.registry.contentType);
    return res.text();
  }

  /** The series `requests` moved, each by how much (series it left alone are not listed). */
  async function changes(requests: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = seriesOf(await scrape());
    await requests();
    const moved: Record<string, number> = {};
    for (const [series, value] of seriesOf(await scrape())) {
      const delta = value - (before.get(series) ?? 0);
      if (delta !== 0) moved[series] = delta;
    }
    return moved;
  }

  async function post(query: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): Promise<Response> {
    const res = await t.gateway.fetch(`${BASE}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, ...extra }),
    });
    await res.text();
    return res;
  }

  it('declares the three families with their help texts, and latency buckets in seconds', async () => {
    const text = await scrape();
    for (const header of [
      '# HELP graphql_envelop_request GraphQL operations executed, by operation',
      '# TYPE graphql_envelop_request counter',
      '# HELP graphql_envelop_error_result GraphQL errors by phase (parse, validate, context, execute) and operation',
      '# TYPE graphql_envelop_error_result counter',
      '# HELP graphql_yoga_http_duration Time from receiving a GraphQL HTTP request to its response, in seconds',
      '# TYPE graphql_yoga_http_duration histogram',
    ]) {
      expect(text.split('\n')).toContain(header);
    }
    await post('query Buckets { __typename }');
    const series = 'operationName="Buckets",operationType="query",method="POST",statusCode="200"';
    const after = await scrape();
    const bounds = after
      .split('\n')
      .filter((line) => line.startsWith('graphql_yoga_http_duration_bucket{') && line.includes(series))
      .map((line) => /le="([^"]+)"/.exec(line)?.[1]);
    expect(bounds).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '+Inf']);
    const sum = Number(after.split('\n').find((line) => line.startsWith(`graphql_yoga_http_duration_sum{${series}}`))?.split(' ')[1]);
    // Seconds: one in-process request takes well under one.
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(1);
  });

  it('counts a successful query once, and times it by the operation that ran', async () => {
    expect(await changes(() => post('query TrailNames { trails { edges { node { name } } } }'))).toEqual({
      'graphql_envelop_request{operationName="TrailNames",operationType="query"}': 1,
      'graphql_yoga_http_duration_count{operationName="TrailNames",operationType="query",method="POST",statusCode="200"}': 1,
    });
    // Over GET as well, by its method.
    const get = async () => (await t.gateway.fetch(`${BASE}/graphql?query=${encodeURIComponent('query Region { defaultRegion }')}`)).text();
    expect(await changes(get)).toEqual({
      'graphql_envelop_request{operationName="Region",operationType="query"}': 1,
      'graphql_yoga_http_duration_count{operationName="Region",operationType="query",method="GET",statusCode="200"}': 1,
    });
  });

  it('names operations as the generic plugin did: Anonymous in the counters, anonymous in the histogram; by operationName', async () => {
    expect(await changes(() => post('{ __typename }'))).toEqual({
      'graphql_envelop_request{operationName="Anonymous",operationType="query"}': 1,
      'graphql_yoga_http_duration_count{operationName="anonymous",operationType="query",method="POST",statusCode="200"}': 1,
    });
    expect(await changes(() => post('query A { defaultRegion } query B { __typename }', {}, { operationName: 'B' }))).toEqual({
      'graphql_envelop_request{operationName="B",operationType="query"}': 1,
      'graphql_yoga_http_duration_count{operationName="B",operationType="query",method="POST",statusCode="200"}': 1,
    });
    // A name that is not a bounded label is `other`.
    expect(await changes(() => post(`query ${'L'.repeat(80)} { __typename }`))).toEqual({
      'graphql_envelop_request{operationName="other",operationType="query"}': 1,
      'graphql_yoga_http_duration_count{operationName="other",operationType="query",method="POST",statusCode="200"}': 1,
    });
  });

  it('counts a parse error as anonymous and unknown, and does not time it', async () => {
    expect(await changes(() => post('query Unfinished { '))).toEqual({
      'graphql_envelop_error_result{operationName="anonymous",operationType="unknown",phase="parse"}': 1,
    });
  });

  it('counts a failed validation once, however many errors it found, and times it', async () => {
    expect(await changes(() => post('query Broken { noSuchField alsoMissing }'))).toEqual({
      'graphql_envelop_error_result{operationName="Broken",operationType="query",phase="validate"}': 1,
      'graphql_yoga_http_duration_count{operationName="Broken",operationType="query",method="POST",statusCode="200"}': 1,
    });
  });

  it('counts each error of an execution: AWS errors surfaced as GraphQL errors', async () => {
    t.emulator.faults.set({
      failures: [
        { operation: 'ListTrails', errorType: 'ThrottlingException' },
        { operation: 'ListTrails', errorType: 'ThrottlingException' },
      ],
    });
    try {
      expect(
        await changes(() => post('query Throttled { a: trails { edges { node { name } } } b: trails { edges { node { name } } } }')),
      ).toEqual({
        'graphql_envelop_request{operationName="Throttled",operationType="query"}': 1,
        'graphql_envelop_error_result{operationName="Throttled",operationType="query",phase="execute"}': 2,
        'graphql_yoga_http_duration_count{operationName="Throttled",operationType="query",method="POST",statusCode="200"}': 1,
      });
    } finally {
      t.emulator.faults.set({});
    }
  });

  it('counts a mutation; an AWS error member of its result union is data, not an error', async () => {
    expect(
      await changes(() => post('mutation PutMissing { putTrailInsightSelectors(input: { trail: "missing", insightSelectors: [] }) { __typename } }')),
    ).toEqual({
      'graphql_envelop_request{operationName="PutMissing",operationType="mutation"}': 1,
      'graphql_yoga_http_duration_count{operationName="PutMissing",operationType="mutation",method="POST",statusCode="200"}': 1,
    });
  });

  it('counts a refused credential as a context error, timed with its status', async () => {
    expect(await changes(() => post('query BadKey { __typename }', { 'x-api-key': 'ctig_not-a-key' }))).toEqual({
      'graphql_envelop_error_result{operationName="BadKey",operationType="query",phase="context"}': 1,
      'graphql_yoga_http_duration_count{operationName="BadKey",operationType="query",method="POST",statusCode="401"}': 1,
    });
  });

  it('counts a subscription when its stream ends', async () => {
    const abort = new AbortController();
    const before = seriesOf(await scrape());
    const res = await t.gateway.fetch(`${BASE}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription Live { insightEventStarted { cursor } }' }),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const executed = 'graphql_envelop_request{operationName="Live",operationType="subscription"}';
    const timed = 'graphql_yoga_http_duration_count{operationName="Live",operationType="subscription",method="POST",statusCode="200"}';
    // Timed when the response starts; not yet executed while it streams.
    const open = seriesOf(await scrape());
    expect(open.get(timed) ?? 0).toBe((before.get(timed) ?? 0) + 1);
    expect(open.get(executed) ?? 0).toBe(before.get(executed) ?? 0);
    // Read its first bytes (the stream starts when read), then go away as a client does.
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    abort.abort();
    await expect.poll(async () => seriesOf(await scrape()).get(executed) ?? 0, { timeout: 5_000, interval: 50 }).toBe((before.get(executed) ?? 0) + 1);
  });

  it('leaves requests that are not GraphQL operations out: health checks, the metrics, GraphiQL, refused bodies', async () => {
    expect(
      await changes(async () => {
        for (const path of ['/healthz', '/readyz', '/health', '/metrics', '/nowhere']) await (await t.gateway.fetch(`${BASE}${path}`)).text();
        await (await t.gateway.fetch(`${BASE}/graphql`, { headers: { accept: 'text/html' } })).text();
        await (await t.gateway.fetch(`${BASE}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' })).text();
        await (await t.gateway.fetch(`${BASE}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).text();
      }),
    ).toEqual({});
  });

  it('lets two gateways count into the same metrics', async () => {
    const other = createGateway({ clients: t.clients, metrics });
    const res = await other.fetch(`${BASE}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query FromOther { __typename }' }),
    });
    expect(res.status).toBe(200);
    await res.text();
    const series = seriesOf(await scrape());
    expect(series.get('graphql_envelop_request{operationName="FromOther",operationType="query"}')).toBe(1);
  });
});
