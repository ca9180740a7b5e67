import { context, propagation, SpanKind, type TextMapGetter, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { otelContextMap, useOpenTelemetry } from '@envelop/opentelemetry';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';

/** The instrumentation scope of the gateway's spans. */
export const TRACER_NAME = 'cloudtrail-insights-gateway';

/**
 * Tracing, once started. This module (OpenTelemetry's SDK and exporter) is imported only when
 * tracing is configured (main.ts imports it dynamically): it is a large part of start-up otherwise.
 */
export interface GatewayTracing {
  tracerProvider: TracerProvider;
  tracer: Tracer;
  /** The yoga plugin continuing a caller's trace (useIncomingTraceContext); before operationPlugin. */
  traceContextPlugin: Plugin;
  /** The yoga plugin making the operation spans (useOperationTracing). */
  operationPlugin: Plugin;
  /** Sends the spans still buffered and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * A tracer provider exporting to `exporter`, registered as the process's provider: registering
 * installs the AsyncLocalStorage context manager, which is how an AWS call made deep in a loader
 * finds the GraphQL operation's span as its parent. It also installs the W3C Trace Context
 * propagator (OTEL_PROPAGATORS, default `tracecontext,baggage`), which reads `traceparent`. Spans are batched (`simple` exports each span
 * as it ends: for tests).
 */
export function startTracing(exporter: SpanExporter, { simple = false }: { simple?: boolean } = {}): GatewayTracing {
  const spanProcessor = simple ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ spanProcessors: [spanProcessor] });
  provider.register();
  return {
    tracerProvider: provider,
    tracer: provider.getTracer(TRACER_NAME),
    traceContextPlugin: useIncomingTraceContext(),
    operationPlugin: useOperationTracing(provider),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Tracing to an OTLP/HTTP collector. The exporter reads the standard variables itself
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_EXPORTER_OTLP_TIMEOUT, ...), so they mean here what they mean everywhere.
 */
export function startOtlpTracing(): GatewayTracing {
  return startTracing(new OTLPTraceExporter());
}

/**
 * A span per GraphQL operation (`query.TrailsOverview`), the parent of its AWS call spans. No
 * resolver spans (thousands per dashboard, for little insight), no variables or results (they may
 * hold trail names and selectors the collector should not keep).
 */
export function useOperationTracing(tracerProvider: TracerProvider): Plugin {
  return useOpenTelemetry(
    { resolvers: false, variables: false, result: false },
    tracerProvider,
    SpanKind.SERVER,
    {},
    TRACER_NAME,
  ) as Plugin;
}

const headersGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * A request carrying a W3C `traceparent` header (and `tracestate`) continues the caller's trace: the
 * operation span is a child of the caller's span, in its trace. @envelop/opentelemetry starts the
 * operation span in the context it keeps per GraphQL context (otelContextMap), taken from the active
 * one when first asked; this plugin sets it first, from the headers. A malformed `traceparent` is
 * ignored (W3C: "the vendor MUST ... start a new trace"), and the span is a root as without one.
 */
export function useIncomingTraceContext(): Plugin {
  const continueTrace = (graphqlContext: unknown): void => {
    const request = (graphqlContext as { request?: Request }).request;
    if (!request?.headers.has('traceparent') || otelContextMap.has(graphqlContext)) return;
    otelContextMap.set(graphqlContext, propagation.extract(context.active(), request.headers, headersGetter));
  };
  return {
    onExecute: ({ args }) => continueTrace(args.contextValue),
    onSubscribe: ({ args }) => continueTrace(args.contextValue),
  };
}
