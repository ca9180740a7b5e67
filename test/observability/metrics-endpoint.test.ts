import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { subscribeOverSse } from '../helpers/sse.js';
import { createTrail } from '../helpers/trails.js';

/** Sample lines of a family (name, or name_suffix for histograms), without HELP/TYPE. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

/** The value of the one sample whose labels include every `labels` pair. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const matches = samples(text, name).filter((line) => wanted.every((pair) => line.includes(pair)));
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${wanted.join(',')}`);
  return matches.length === 0 ? undefined : Number(matches[0]!.split(' ').at(-1));
}

describe('GET /metrics over HTTP', () => {
  let t: HttpGateway;
  let metricsUrl: string;
  const metrics = new GatewayMetrics({ processMetrics: true });

  async function graphql(query: string, operationName?: string): Promise<Record<string, unknown>> {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, operationName }),
    });
    return (await res.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    t = await startHttpGateway({ gateway: { metrics } });
    metricsUrl = t.url.replace(/\/graphql$/, '/metrics');
    await createTrail(t.sdkClient(), 'audit');
  });
  afterAll(() => t.close());

  it('counts requests, AWS calls and outcomes by operation, an AWS error member of a result union as an error', async () => {
    await graphql('query TrailNames { trails { edges { node { name } } } }');
    await graphql('query TrailNames { trails { edges { node { name } } } }');
    const missing = await graphql(
      'mutation PutMissing { putTrailInsightSelectors(input: { trail: "missing", insightSelectors: [] }) { __typename } }',
    );
    // The union member, not a GraphQL error: what the client sees is data.
    expect(missing).toMatchObject({ data: { putTrailInsightSelectors: { __typename: 'TrailNotFoundException' } } });
    expect(missing).not.toHaveProperty('errors');
    await graphql('query Broken { noSuchField }');
    // An Insights read twice: the second is answered by the read cache.
    await graphql('query Latest { insightEvents(first: 10) { edges { node { eventName } } } }');
    await graphql('query Latest { insightEvents(first: 10) { edges { node { eventName } } } }');
    t.emulator.faults.set({ failures: [{ operation: 'ListTrails', errorType: 'ThrottlingException' }] });
    await graphql('query Throttled { trails { edges { node { name } } } }');
    t.emulator.faults.set({});

    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();

    // Request counts and latencies by operation (src/server/prometheus.ts).
    expect(sample(text, 'graphql_envelop_request', { operationName: 'TrailNames', operationType: 'query' })).toBe(2);
    expect(sample(text, 'graphql_yoga_http_duration_count', { operationName: 'TrailNames' })).toBe(2);
    expect(sample(text, 'graphql_yoga_http_duration_count', { operationName: 'PutMissing', method: 'POST', statusCode: '200' })).toBe(1);
    expect(sample(text, 'graphql_envelop_error_result', { phase: 'validate' })).toBe(1);

    // Outcomes: the put that answered TrailNotFoundException as a union member is an error.
    const results = (labels: Record<string, string>) => sample(text, 'gateway_graphql_results_total', labels);
    expect(results({ operationName: 'TrailNames', outcome: 'success', error: '' })).toBe(2);
    expect(results({ operationName: 'PutMissing', operationType: 'mutation', outcome: 'error', error: 'TrailNotFoundException' })).toBe(1);
    expect(results({ operationName: 'PutMissing', outcome: 'success' })).toBeUndefined();
    expect(results({ operationName: 'anonymous', operationType: 'unknown', outcome: 'error', error: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(results({ operationName: 'Throttled', outcome: 'error', error: 'ThrottlingException' })).toBe(1);

    // AWS calls by operation and outcome, seen by middleware on the SDK client.
    const calls = (labels: Record<string, string>) => sample(text, 'gateway_aws_calls_total', labels);
    expect(calls({ operation: 'ListTrails', outcome: 'success' })).toBe(2);
    expect(calls({ operation: 'ListTrails', outcome: 'throttled', exception: 'ThrottlingException' })).toBe(1);
    const notFound = samples(text, 'gateway_aws_calls_total').filter((l) => l.includes('exception="TrailNotFoundException"'));
    expect(notFound.length).toBeGreaterThan(0);
    for (const line of notFound) expect(line).toContain('outcome="aws_error"');
    expect(sample(text, 'gateway_aws_call_duration_seconds_count', { operation: 'ListTrails', outcome: 'success' })).toBe(2);
    expect(sample(text, 'gateway_aws_throttles_total', { operation: 'ListTrails' })).toBe(1);

    // Read cache lookups, in the process's own level: a miss then a hit.
    expect(sample(text, 'gateway_cache_lookups_total', { level: 'local', result: 'miss' })).toBe(1);
    expect(sample(text, 'gateway_cache_lookups_total', { level: 'local', result: 'hit' })).toBe(1);
    expect(calls({ operation: 'LookupEvents', outcome: 'success' })).toBe(1);

    // The families other modules report into, and the process's own.
    for (const family of ['gateway_aws_token_wait_seconds', 'gateway_subscribers', 'process_cpu_seconds_total']) {
      expect(text).toContain(`# TYPE ${family} `);
    }
  });

  it('reports open subscriptions in gateway_subscribers', async () => {
    const subscribers = async () => sample(await (await fetch(metricsUrl)).text(), 'gateway_subscribers', {});
    const sub = await subscribeOverSse(t.url, 'subscription Live { insightEventStarted { cursor } }');
    expect(sub.status).toBe(200);
    await expect.poll(subscribers, { timeout: 5_000, interval: 50 }).toBe(1);
    sub.close();
    await expect.poll(subscribers, { timeout: 5_000, interval: 50 }).toBe(0);
  });

  it('is not served when the gateway has no metrics, and never lists the query string as a label', async () => {
    const plain = await startHttpGateway();
    try {
      const res = await fetch(plain.url.replace(/\/graphql$/, '/metrics'));
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
    await fetch(`${t.url}?query=${encodeURIComponent('query Secret { defaultRegion }')}`);
    const text = await (await fetch(metricsUrl)).text();
    expect(text).not.toContain('url=');
    expect(sample(text, 'graphql_yoga_http_duration_count', { operationName: 'Secret', method: 'GET' })).toBe(1);
  });
});
