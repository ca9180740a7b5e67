import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('with an empty environment serves on port 4000 over the embedded emulator with GraphiQL and AWS call reports', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      backend: 'emulator',
      defaultRegion: 'us-east-1',
      production: false,
      gateway: {
        graphiql: true,
        reportAwsCalls: true,
        corsOrigins: [],
        corsAllowCredentials: false,
        persistedOperationsOnly: false,
        readinessTimeoutMs: 2_000,
      },
    });
    expect(config.cloudTrailEndpoint).toBeUndefined();
  });

  it('seeds the embedded emulator with demo data replayed into the recent past unless told not to', () => {
    expect(loadConfig({}).emulator).toMatchObject({ seedDemo: true, replayRecent: true, logs: [] });
    expect(loadConfig({ EMULATOR_SEED_DEMO: 'false', EMULATOR_LOGS: '/logs/a.json, /logs/b' }).emulator).toMatchObject({
      seedDemo: false,
      logs: ['/logs/a.json', '/logs/b'],
    });
  });

  it('bounds the Insights read cache by INSIGHTS_CACHE_MAX_MB, 32 by default, in the bytes the cache takes', () => {
    expect(loadConfig({}).gateway.insights.cache).toEqual({ ttlMs: 30_000, ttlMsByOperation: {}, maxEntries: 500, maxBytes: 32 * 1024 * 1024 });
    expect(loadConfig({ INSIGHTS_CACHE_MAX_MB: '8', INSIGHTS_CACHE_TTL_SECONDS: '5' }).gateway.insights.cache).toMatchObject({
      ttlMs: 5_000,
      maxBytes: 8 * 1024 * 1024,
    });
    expect(loadConfig({ INSIGHTS_CACHE_TTL_SECONDS: '0' }).gateway.insights.cache).toBe(false);
    expect(() => loadConfig({ INSIGHTS_CACHE_MAX_MB: '0' })).toThrow('INSIGHTS_CACHE_MAX_MB must be an integer from 1 to 4096, got "0"');
  });

  it('keeps up to 128 sockets per region alive by default; AWS_MAX_SOCKETS and AWS_KEEP_ALIVE change them', () => {
    expect(loadConfig({})).toMatchObject({ awsMaxSockets: 128, awsKeepAlive: true });
    expect(loadConfig({ AWS_MAX_SOCKETS: '16', AWS_KEEP_ALIVE: 'false' })).toMatchObject({ awsMaxSockets: 16, awsKeepAlive: false });
    expect(() => loadConfig({ AWS_MAX_SOCKETS: '0' })).toThrow('AWS_MAX_SOCKETS must be an integer from 1 to 4096, got "0"');
    expect(() => loadConfig({ AWS_KEEP_ALIVE: 'sometimes' })).toThrow('AWS_KEEP_ALIVE must be true or false, got "sometimes"');
  });

  it('lets the heap grow 35 % past its live size by default; HEAP_GROWING_PERCENT=0 leaves it to V8', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(35);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '-5' })).toThrow('HEAP_GROWING_PERCENT must be an integer from 0 to 400, got "-5"');
  });

  it('bounds the embedded emulator\'s events with EMULATOR_MAX_EVENTS, unbounded by default or with 0', () => {
    expect(loadConfig({}).emulator.maxEvents).toBeUndefined();
    expect(loadConfig({ EMULATOR_MAX_EVENTS: '0' }).emulator.maxEvents).toBeUndefined();
    expect(loadConfig({ EMULATOR_MAX_EVENTS: '250000' }).emulator.maxEvents).toBe(250_000);
    expect(() => loadConfig({ EMULATOR_MAX_EVENTS: 'lots' })).toThrow('EMULATOR_MAX_EVENTS must be an integer from 0 to 1000000000, got "lots"');
  });

  it('keeps the embedded emulator admin API off unless EMULATOR_ADMIN turns it on, with the directories its ingest may read', () => {
    expect(loadConfig({}).emulator).toMatchObject({ admin: false, ingestDirs: [] });
    expect(loadConfig({ EMULATOR_ADMIN: 'true', EMULATOR_INGEST_DIRS: '/srv/logs, /var/trails' }).emulator).toMatchObject({
      admin: true,
      ingestDirs: ['/srv/logs', '/var/trails'],
    });
    expect(() => loadConfig({ EMULATOR_ADMIN: 'sometimes' })).toThrow('EMULATOR_ADMIN must be true or false, got "sometimes"');
  });

  it('in production stops reporting AWS calls unless REPORT_AWS_CALLS says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production', AUTH: 'none' }).gateway.reportAwsCalls).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', AUTH: 'none', REPORT_AWS_CALLS: 'true' }).gateway.reportAwsCalls).toBe(true);
    expect(loadConfig({ REPORT_AWS_CALLS: 'off' }).gateway.reportAwsCalls).toBe(false);
  });

  it('with CLOUDTRAIL_BACKEND=aws leaves the region to the SDK default chain', () => {
    const config = loadConfig({ CLOUDTRAIL_BACKEND: 'aws', AUTH: 'none' });
    expect(config.backend).toBe('aws');
    expect(config.defaultRegion).toBeUndefined();
    expect(loadConfig({ CLOUDTRAIL_BACKEND: 'aws', AUTH: 'none', AWS_REGION: 'eu-west-3' }).defaultRegion).toBe('eu-west-3');
  });

  it('accepts any http(s) CLOUDTRAIL_ENDPOINT', () => {
    expect(loadConfig({ CLOUDTRAIL_ENDPOINT: 'http://localhost:4566' }).cloudTrailEndpoint).toBe('http://localhost:4566');
  });

  it('reads CORS_ORIGINS as * or a comma-separated list', () => {
    expect(loadConfig({ CORS_ORIGINS: '*' }).gateway.corsOrigins).toEqual(['*']);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.com, http://localhost:3000' }).gateway.corsOrigins).toEqual([
      'https://a.example.com',
      'http://localhost:3000',
    ]);
  });

  it('reads CLOCK_NOW as a fixed ISO 8601 time, and leaves the clock to the system without it', () => {
    expect(loadConfig({}).clockNow).toBeUndefined();
    expect(loadConfig({}).gateway.insights.now).toBeUndefined();
    expect(loadConfig({ CLOCK_NOW: '2023-07-11T00:00:00Z' }).gateway.insights.now?.()).toEqual(new Date(Date.UTC(2023, 6, 11)));
    expect(loadConfig({ CLOCK_NOW: '2023-07-11T00:00:00Z' }).clockNow).toEqual(new Date(Date.UTC(2023, 6, 11)));
    expect(loadConfig({ CLOCK_NOW: '2023-07-11T02:30:00.500+02:00' }).clockNow).toEqual(new Date(Date.UTC(2023, 6, 11, 0, 30, 0, 500)));
  });

  it.each(['yesterday', '2023-07-11', '2023-07-11T00:00:00', '2023-13-11T00:00:00Z', '1689033600'])(
    'refuses CLOCK_NOW=%s: a time with a time zone is needed',
    (value) => {
      expect(() => loadConfig({ CLOCK_NOW: value })).toThrow(
        new ConfigError(`CLOCK_NOW must be an ISO 8601 time with a time zone, such as 2023-07-11T00:00:00Z, got "${value}"`),
      );
    },
  );

  it('turns GraphiQL off by default when only persisted operations are accepted', () => {
    expect(loadConfig({ PERSISTED_OPERATIONS_ONLY: 'true' }).gateway).toMatchObject({ persistedOperationsOnly: true, graphiql: false });
    expect(loadConfig({ PERSISTED_OPERATIONS_ONLY: 'true', GRAPHIQL: 'true' }).gateway.graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).gateway.graphiql).toBe(false);
  });

  it('accepts every published region code shape, such as the European Sovereign Cloud eusc-de-east-1', () => {
    expect(loadConfig({ AWS_REGION: 'eusc-de-east-1' }).defaultRegion).toBe('eusc-de-east-1');
    expect(loadConfig({ AWS_REGION: 'us-isof-south-1' }).defaultRegion).toBe('us-isof-south-1');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer from 0 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000"'],
    [{ CLOUDTRAIL_BACKEND: 'localstack' }, 'CLOUDTRAIL_BACKEND must be "emulator" or "aws", got "localstack"'],
    [{ CLOUDTRAIL_ENDPOINT: 'ftp://x' }, 'CLOUDTRAIL_ENDPOINT must be an http(s) URL, got "ftp://x"'],
    [{ AWS_REGION: 'Virginia' }, 'AWS_REGION must be an AWS region such as us-east-1, got "Virginia"'],
    [{ GRAPHIQL: 'maybe' }, 'GRAPHIQL must be true or false, got "maybe"'],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS must be * or a comma-separated list of origins'],
    [{ CORS_ORIGINS: '*', CORS_ALLOW_CREDENTIALS: 'true' }, 'CORS_ALLOW_CREDENTIALS=true needs CORS_ORIGINS to list origins'],
    [{ MAX_QUERY_DEPTH: '0' }, 'MAX_QUERY_DEPTH must be an integer from 1 to 100, got "0"'],
    [{ MAX_AWS_CALLS_PER_REQUEST: '-5' }, 'MAX_AWS_CALLS_PER_REQUEST must be an integer from 1 to 100000, got "-5"'],
    [{ EMULATOR_ACCOUNT_ID: '42' }, 'EMULATOR_ACCOUNT_ID must be 12 digits, got "42"'],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
