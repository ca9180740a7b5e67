import { describe, expect, it } from 'vitest';
import { GatewayMetrics, MAX_OPERATION_NAME_LABELS } from '../../src/observability/metrics.js';

/** The sample lines of one family in the exposition text. */
function samples(text: string, family: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family} `));
}

describe('GatewayMetrics', () => {
  it('exposes each family with the labels its callbacks were given', async () => {
    const metrics = new GatewayMetrics();
    // Callbacks are bound, so other modules can hold them alone.
    const { onCacheLookup, onTokenWait, onThrottle, onSubscribersChanged, onAwsCall, onOperationResult } = metrics;
    onCacheLookup('memory', true);
    onCacheLookup('memory', false);
    onCacheLookup('redis', true);
    onTokenWait('ListInsightsMetricData', 0.2);
    onThrottle('LookupEvents');
    onSubscribersChanged(3);
    onAwsCall('ListTrails', 'success', 0.012);
    onAwsCall('PutInsightSelectors', 'aws_error', 0.02, 'TrailNotFoundException');
    onOperationResult('PutSelectors', 'mutation', 'error', 'TrailNotFoundException');
    const { body, contentType } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain/);
    expect(samples(body, 'gateway_cache_lookups_total')).toEqual([
      'gateway_cache_lookups_total{level="memory",result="hit"} 1',
      'gateway_cache_lookups_total{level="memory",result="miss"} 1',
      'gateway_cache_lookups_total{level="redis",result="hit"} 1',
    ]);
    expect(body).toContain('gateway_aws_token_wait_seconds_sum{operation_class="ListInsightsMetricData"} 0.2');
    expect(body).toContain('gateway_aws_throttles_total{operation="LookupEvents"} 1');
    expect(samples(body, 'gateway_subscribers')).toEqual(['gateway_subscribers 3']);
    expect(body).toContain('gateway_aws_calls_total{operation="PutInsightSelectors",outcome="aws_error",exception="TrailNotFoundException"} 1');
    expect(body).toContain('gateway_aws_call_duration_seconds_count{operation="ListTrails",outcome="success"} 1');
    expect(body).toContain(
      'gateway_graphql_results_total{operationName="PutSelectors",operationType="mutation",outcome="error",error="TrailNotFoundException"} 1',
    );
  });

  it('keeps client-chosen operation names from growing the label set without bound', () => {
    const metrics = new GatewayMetrics();
    expect(metrics.operationNameLabel(undefined)).toBe('anonymous');
    expect(metrics.operationNameLabel('has spaces')).toBe('other');
    expect(metrics.operationNameLabel('x'.repeat(65))).toBe('other');
    for (let i = 0; i < MAX_OPERATION_NAME_LABELS; i += 1) expect(metrics.operationNameLabel(`Op${i}`)).toBe(`Op${i}`);
    expect(metrics.operationNameLabel('OneTooMany')).toBe('other');
    expect(metrics.operationNameLabel('Op7')).toBe('Op7');
  });

  it('gives each gateway its own registry', async () => {
    const a = new GatewayMetrics();
    const b = new GatewayMetrics();
    a.onThrottle('ListTrails');
    expect((await b.scrape()).body).not.toContain('gateway_aws_throttles_total{');
  });
});
