import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('fleet configuration', () => {
  it('REDIS_URL is optional: without it the gateway runs alone, as npm start does', () => {
    expect(loadConfig({}).fleet).toEqual({ redisUrl: undefined, singleFlightWaitMs: 5000 });
    expect(loadConfig({ REDIS_URL: 'redis://:secret@cache:6379/2' }).fleet.redisUrl).toBe('redis://:secret@cache:6379/2');
    expect(loadConfig({ REDIS_URL: 'rediss://cache.example.com:6380' }).fleet.redisUrl).toBe('rediss://cache.example.com:6380');
  });

  it('refuses a REDIS_URL that is not a redis:// or rediss:// URL, without echoing it (it may hold a password)', () => {
    for (const bad of ['cache:6379', 'http://cache:6379', 'redis//x']) {
      expect(() => loadConfig({ REDIS_URL: bad })).toThrow('REDIS_URL must be a redis:// or rediss:// URL');
    }
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2@cache' })).not.toThrow(/hunter2/);
  });

  it('INSIGHTS_CACHE_TTLS sets a TTL per Insights read operation', () => {
    expect(loadConfig({}).insightsCacheTtlSecondsByOperation).toEqual({});
    expect(loadConfig({ INSIGHTS_CACHE_TTLS: 'LookupEvents=10, ListInsightsMetricData=120,ListInsightsData=0' }).insightsCacheTtlSecondsByOperation).toEqual({
      LookupEvents: 10,
      ListInsightsMetricData: 120,
      ListInsightsData: 0,
    });
    expect(() => loadConfig({ INSIGHTS_CACHE_TTLS: 'DescribeTrails=10' })).toThrow('INSIGHTS_CACHE_TTLS must be a comma-separated list of Operation=seconds');
    expect(() => loadConfig({ INSIGHTS_CACHE_TTLS: 'LookupEvents=ten' })).toThrow('INSIGHTS_CACHE_TTLS must be');
    expect(() => loadConfig({ INSIGHTS_CACHE_TTLS: 'LookupEvents=3601' })).toThrow('INSIGHTS_CACHE_TTLS must be');
  });

  it('SINGLE_FLIGHT_WAIT_MS bounds how long a replica waits for another', () => {
    expect(loadConfig({ SINGLE_FLIGHT_WAIT_MS: '250' }).fleet.singleFlightWaitMs).toBe(250);
    expect(() => loadConfig({ SINGLE_FLIGHT_WAIT_MS: '-1' })).toThrow('SINGLE_FLIGHT_WAIT_MS must be an integer from 0 to 600000');
  });
});
