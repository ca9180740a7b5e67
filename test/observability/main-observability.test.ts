import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('observability settings', () => {
  it('serve metrics on the GraphQL port in development and on a port of their own in production', () => {
    expect(loadConfig({}).observability).toEqual({
      metrics: { expose: 'gateway', path: '/metrics', host: '0.0.0.0', port: 9464, processMetrics: false },
      accessLog: true,
      logLevel: 'info',
      tracing: false,
    });
    const production = loadConfig({ NODE_ENV: 'production', AUTH: 'none', HOST: '10.0.0.5' }).observability;
    expect(production.metrics).toEqual({ expose: 'port', path: '/metrics', host: '10.0.0.5', port: 9464, processMetrics: false });
  });

  it('turn tracing on with an OTLP endpoint, and off with OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED', () => {
    const endpoint = 'http://collector:4318';
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).observability.tracing).toEqual({ exporter: 'otlp', endpoint });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` }).observability.tracing).toMatchObject({ exporter: 'otlp' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'none' }).observability.tracing).toBe(false);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' }).observability.tracing).toBe(false);
  });

  it.each([
    [{ METRICS: 'public' }, 'METRICS must be off, gateway or port, got "public"'],
    [{ METRICS_PATH: '/graphql' }, 'METRICS_PATH must be a path such as /metrics'],
    [{ METRICS: 'port', METRICS_PORT: '4000' }, 'METRICS_PORT must differ from PORT (4000)'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, 'OTEL_TRACES_EXPORTER must be otlp or none, got "jaeger"'],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, 'OTEL_TRACES_EXPORTER=otlp needs OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL'],
  ])('refuse %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('npm start with METRICS=port', () => {
  it('serves metrics only on their own port, and logs each request as one JSON line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', METRICS: 'port', METRICS_PORT: '0', EMULATOR_SEED_DEMO: 'false' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await expect.poll(() => stdout, { timeout: 20_000, interval: 100 }).toMatch(/GraphQL gateway on http:\/\/127\.0\.0\.1:\d+\/graphql/);
      await expect.poll(() => stdout, { timeout: 5_000, interval: 100 }).toMatch(/Prometheus metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/);
      const graphqlUrl = /GraphQL gateway on (http:\/\/\S+\/graphql)/.exec(stdout)![1]!;
      const metricsUrl = /Prometheus metrics on (http:\/\/\S+\/metrics)/.exec(stdout)![1]!;
      const res = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'start-1' },
        body: JSON.stringify({ query: 'query Names { trails { edges { node { name } } } }' }),
      });
      expect(res.headers.get('x-request-id')).toBe('start-1');
      await res.text();
      expect((await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
      const scrape = await (await fetch(metricsUrl)).text();
      expect(scrape).toMatch(/gateway_aws_calls_total\{operation="ListTrails",outcome="success",exception=""\} 1/);
      await expect.poll(() => stdout, { timeout: 5_000, interval: 100 }).toContain('"requestId":"start-1"');
      const line = stdout.split('\n').find((l) => l.includes('"requestId":"start-1"'))!;
      expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'request', operationName: 'Names', outcome: 'success', awsCalls: { ListTrails: 1 } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 40_000);
});
