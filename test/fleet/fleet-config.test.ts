import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('fleet configuration', () => {
  it('REDIS_URL is optional: without it the gateway runs alone, as npm start does', () => {
    expect(loadConfig({}).fleet).toMatchObject({ redisUrl: undefined, singleFlightWaitMs: 5000, quotaBucket: 'off' });
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
    expect(loadConfig({}).gateway.insights.cache).toMatchObject({ ttlMsByOperation: {} });
    // In the cache's own unit, milliseconds.
    expect(loadConfig({ INSIGHTS_CACHE_TTLS: 'LookupEvents=10, ListInsightsMetricData=120,ListInsightsData=0' }).gateway.insights.cache).toMatchObject({
      ttlMsByOperation: { LookupEvents: 10_000, ListInsightsMetricData: 120_000, ListInsightsData: 0 },
    });
    expect(() => loadConfig({ INSIGHTS_CACHE_TTLS: 'DescribeTrails=10' })).toThrow('INSIGHTS_CACHE_TTLS must be a comma-separated list of Operation=seconds');
    expect(() => loadConfig({ INSIGHTS_CACHE_TTLS: 'LookupEvents=ten' })).toThrow('INSIGHTS_CACHE_TTLS must be');
    expect(() => loadConfig({ INSIGHTS_CACHE_TTLS: 'LookupEvents=3601' })).toThrow('INSIGHTS_CACHE_TTLS must be');
  });

  it('SINGLE_FLIGHT_WAIT_MS bounds how long a replica waits for another', () => {
    expect(loadConfig({ SINGLE_FLIGHT_WAIT_MS: '250' }).fleet.singleFlightWaitMs).toBe(250);
    expect(() => loadConfig({ SINGLE_FLIGHT_WAIT_MS: '-1' })).toThrow('SINGLE_FLIGHT_WAIT_MS must be an integer from 0 to 600000');
  });

  it('quota buckets: shared by default with REDIS_URL, off without; quotas are AWS\'s documented ones unless AWS_QUOTAS says otherwise', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).fleet).toMatchObject({
      quotaBucket: 'shared',
      // AWS, "Quotas in AWS CloudTrail": LookupEvents 2 TPS, ListInsightsMetricData 1 TPS, get/describe/list 10 TPS, all other APIs 1 TPS.
      quotas: { LookupEvents: 2, ListInsightsMetricData: 1, read: 10, write: 1 },
      quotaShare: 0.9,
      quotaMaxWaitMs: 5000,
    });
    expect(loadConfig({ AWS_QUOTA_BUCKET: 'local', AWS_QUOTAS: 'read=5,LookupEvents=1.5', AWS_QUOTA_SHARE: '1' }).fleet).toMatchObject({
      quotaBucket: 'local',
      quotas: { LookupEvents: 1.5, ListInsightsMetricData: 1, read: 5, write: 1 },
      quotaShare: 1,
    });
    expect(() => loadConfig({ AWS_QUOTA_BUCKET: 'shared' })).toThrow('AWS_QUOTA_BUCKET=shared needs REDIS_URL');
    expect(() => loadConfig({ AWS_QUOTA_BUCKET: 'fleet' })).toThrow('AWS_QUOTA_BUCKET must be shared, local or off, got "fleet"');
    expect(() => loadConfig({ AWS_QUOTAS: 'PutTrail=3' })).toThrow('AWS_QUOTAS must be a comma-separated list of class=calls per second');
    expect(() => loadConfig({ AWS_QUOTAS: 'read=0' })).toThrow('AWS_QUOTAS must be');
    expect(() => loadConfig({ AWS_QUOTA_SHARE: '1.5' })).toThrow('AWS_QUOTA_SHARE must be a number from 0.05 to 1, got "1.5"');
  });
});
