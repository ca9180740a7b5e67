import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type GatewayTracing } from '../../src/observability/tracing.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail } from '../helpers/trails.js';

describe('OpenTelemetry tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: GatewayTracing;
  let t: TestGateway;

  beforeAll(async () => {
    tracing = startTracing(exporter, { simple: true });
    t = await startTestGateway({ gateway: { tracing } });
    await createTrail(t.sdkClient(), 'audit');
    await createTrail(t.sdkClient(), 'ops');
  });
  afterAll(async () => {
    await t.close();
    await tracing.shutdown();
  });

  const childrenOf = (parent: ReadableSpan, spans: ReadableSpan[]) =>
    spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);

  it('makes a span per AWS call under the GraphQL operation span', async () => {
    exporter.reset();
    const response = await t.query('query Overview { trails { edges { node { name status { isLogging } } } } }');
    expect(response.errors).toBeUndefined();
    const awsCalls = response.extensions!.awsCalls!;
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'query.Overview');
    expect(operation).toBeDefined();
    expect(operation!.kind).toBe(SpanKind.SERVER);
    const calls = childrenOf(operation!, spans);
    // One span per call the gateway reports, named after the operation, in the same trace.
    const byOperation: Record<string, number> = {};
    for (const span of calls) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.spanContext().traceId).toBe(operation!.spanContext().traceId);
      expect(span.attributes['rpc.system']).toBe('aws-api');
      expect(span.attributes['aws.request_id']).toEqual(expect.any(String));
      const method = String(span.attributes['rpc.method']);
      expect(span.name).toBe(`CloudTrail.${method}`);
      byOperation[method] = (byOperation[method] ?? 0) + 1;
    }
    expect(byOperation).toEqual(awsCalls);
    expect(byOperation.GetTrailStatus).toBe(2);
  });

  it('marks the span of a failed AWS call as an error with its AWS code', async () => {
    exporter.reset();
    await t.query('mutation PutMissing { putTrailInsightSelectors(input: { trail: "missing", insightSelectors: [] }) { __typename } }');
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'mutation.PutMissing')!;
    const failed = childrenOf(operation, spans).filter((s) => s.status.code === SpanStatusCode.ERROR);
    expect(failed.length).toBeGreaterThan(0);
    for (const span of failed) expect(span.attributes['error.type']).toBe('TrailNotFoundException');
  });

  it('continues the trace of an incoming W3C traceparent: the operation span is the child of the caller span', async () => {
    exporter.reset();
    // W3C Trace Context: version 00, a 16-byte trace id, the caller's 8-byte span id, sampled.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const response = await t.query('query Traced { trails { edges { node { name } } } }', undefined, { traceparent: `00-${traceId}-${callerSpanId}-01` });
    expect(response.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'query.Traced');
    expect(operation?.spanContext().traceId).toBe(traceId);
    expect(operation?.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(operation?.parentSpanContext?.isRemote).toBe(true);
    // Its AWS calls stay under it, in the caller's trace.
    const calls = childrenOf(operation!, spans);
    expect(calls.length).toBeGreaterThan(0);
    for (const span of calls) expect(span.spanContext().traceId).toBe(traceId);
  });

  it('starts a new trace without a traceparent, or with a malformed one', async () => {
    for (const headers of [{}, { traceparent: 'not-a-trace-parent' }, { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }] as Record<string, string>[]) {
      exporter.reset();
      const response = await t.query('query Untraced { trails { edges { node { name } } } }', undefined, headers);
      expect(response.errors).toBeUndefined();
      const operation = exporter.getFinishedSpans().find((s) => s.name === 'query.Untraced');
      expect(operation).toBeDefined();
      expect(operation?.parentSpanContext).toBeUndefined();
      expect(operation?.spanContext().traceId).not.toBe('0'.repeat(32));
    }
  });
});
