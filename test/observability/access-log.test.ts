import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryAuditSink } from '../../src/audit/audit-sinks.js';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { createLogger } from '../../src/observability/logger.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { createTrail } from '../helpers/trails.js';

describe('access log and x-request-id', () => {
  let t: HttpGateway;
  const lines: Record<string, unknown>[] = [];
  const audit = memoryAuditSink();
  const { key: apiKey, entry } = generateApiKey('carol', ['cloudtrail:read', 'selectors:write']);

  beforeAll(async () => {
    // pino writes each line to the destination's write(): a stream of our own captures them.
    const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    t = await startHttpGateway({
      gateway: {
        accessLog: createLogger('info', destination),
        authentication: { apiKeys: [entry], anonymousScopes: [] },
        audit: { sink: audit },
      },
    });
    await createTrail(t.sdkClient(), 'audit');
  });
  afterAll(() => t.close());

  async function post(query: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers },
      body: JSON.stringify({ query }),
    });
  }

  it('writes one JSON line per request with its id, operation, duration, AWS calls, outcome and caller', async () => {
    lines.length = 0;
    const ok = await post('query Names { trails { edges { node { name } } } }', { 'x-request-id': 'lb-7f3a:01' });
    expect(ok.headers.get('x-request-id')).toBe('lb-7f3a:01');
    const missing = await post('mutation PutMissing { putTrailInsightSelectors(input: { trail: "missing", insightSelectors: [] }) { __typename } }');
    const generated = missing.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const anonymous = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ trails { edges { node { name } } } }' }) });
    expect(anonymous.status).toBe(200);
    await ok.text();
    await missing.text();
    await anonymous.text();

    expect(lines).toHaveLength(3);
    const [names, put, refused] = lines;
    expect(names).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'lb-7f3a:01',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Names',
      operationType: 'query',
      outcome: 'success',
      awsCalls: { ListTrails: 1 },
      awsCallTotal: 1,
      caller: 'carol',
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(names!.durationMs).toEqual(expect.any(Number));
    // pino's epoch milliseconds.
    expect(Math.abs(Number(names!.time) - Date.now())).toBeLessThan(60_000);
    expect(put).toMatchObject({ requestId: generated, operationName: 'PutMissing', outcome: 'error', error: 'TrailNotFoundException', caller: 'carol' });
    expect(put!.awsCallTotal).toBeGreaterThan(0);
    // The audit records of the put carry the same id as the response header and the log line.
    const records = audit.records<{ requestId: string }>();
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.requestId).toBe(generated);
    expect(refused).toMatchObject({ outcome: 'error', error: 'UNAUTHENTICATED', caller: 'anonymous' });
  });

  it('replaces a malformed or oversized incoming id, and ids health checks too', async () => {
    lines.length = 0;
    for (const bad of ['has space', 'x'.repeat(129), 'quote"']) {
      const res = await post('{ __typename }', { 'x-request-id': bad });
      await res.text();
      expect(res.headers.get('x-request-id')).not.toBe(bad);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const health = await fetch(t.url.replace(/\/graphql$/, '/healthz'), { headers: { 'x-request-id': 'probe-1' } });
    await health.text();
    expect(health.headers.get('x-request-id')).toBe('probe-1');
    expect(lines.at(-1)).toMatchObject({ requestId: 'probe-1', path: '/healthz', status: 200, outcome: 'success' });
    expect(lines).toHaveLength(4);
  });
});
