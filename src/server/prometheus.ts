import { getOperationAST, Kind, type DocumentNode, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayMetrics } from '../observability/metrics.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Where a GraphQL error happened, as the `phase` label says. */
type ErrorPhase = 'parse' | 'validate' | 'context' | 'execute';
type OperationLabel = 'operationName' | 'operationType';
type LatencyLabel = OperationLabel | 'method' | 'statusCode';

/** The label children of one operation (name and type) in the two counters, made on first use. */
class OperationCounters {
  readonly executed: Counter.Internal;
  private readonly errorsByPhase = new Map<ErrorPhase, Counter.Internal>();

  constructor(
    private readonly errorResults: Counter<OperationLabel | 'phase'>,
    requests: Counter<OperationLabel>,
    private readonly operationName: string,
    private readonly operationType: string,
  ) {
    this.executed = requests.labels(operationName, operationType);
  }

  errors(phase: ErrorPhase): Counter.Internal {
    let child = this.errorsByPhase.get(phase);
    if (!child) {
      child = this.errorResults.labels(this.operationName, this.operationType, phase);
      this.errorsByPhase.set(phase, child);
    }
    return child;
  }

  countErrors(result: ExecutionResult): void {
    const count = result.errors?.length ?? 0;
    if (count > 0) this.errors('execute').inc(count);
  }

  /**
   * Counts an execution's (or subscription's) result: a single result at once; a stream (incremental
   * delivery, a subscription) by the errors of each payload, and as executed once it ends, through
   * the hooks returned for envelop to call.
   */
  countResult(result: ExecutionResult | AsyncIterable<ExecutionResult>): StreamHooks | undefined {
    if (isAsyncIterable(result)) return { onNext: ({ result: next }) => this.countErrors(next), onEnd: () => this.executed.inc() };
    this.countErrors(result);
    this.executed.inc();
    return undefined;
  }
}

/** What envelop calls for each payload of a streamed result, and when the stream ends. */
interface StreamHooks {
  onNext: (payload: { result: ExecutionResult }) => void;
  onEnd: () => void;
}

/**
 * The latency histogram's children of one operation, by method and status code, made on first use:
 * both are few, as yoga parses the documents of GET and POST requests only.
 */
class OperationLatency {
  private readonly byMethod = new Map<string, Map<number, Histogram.Internal<LatencyLabel>>>();

  constructor(
    private readonly histogram: Histogram<LatencyLabel>,
    private readonly operationName: string,
    private readonly operationType: string,
  ) {}

  observe(method: string, statusCode: number, seconds: number): void {
    let byStatus = this.byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      this.byMethod.set(method, byStatus);
    }
    let child = byStatus.get(statusCode);
    if (!child) {
      child = this.histogram.labels(this.operationName, this.operationType, method, String(statusCode));
      byStatus.set(statusCode, child);
    }
    child.observe(seconds);
  }
}

/** Values by operation name and type, made on first use: both are bounded label values. */
class ByOperation<T> {
  private readonly byType = new Map<string, Map<string, T>>();

  constructor(private readonly make: (operationName: string, operationType: string) => T) {}

  get(operationName: string, operationType: string): T {
    let byName = this.byType.get(operationType);
    if (!byName) {
      byName = new Map();
      this.byType.set(operationType, byName);
    }
    let value = byName.get(operationName);
    if (value === undefined) {
      value = this.make(operationName, operationType);
      byName.set(operationName, value);
    }
    return value;
  }
}

/**
 * What the metrics remember of one HTTP request until its response: when it arrived and, once its
 * document parsed, the series it counts in. Nothing of the GraphQL context: kept by the request, a
 * context would keep the request's loaders and reads alive until the response.
 */
interface RequestMetrics {
  /** performance.now() when the request arrived; undefined if it reached parsing unseen by onRequest. */
  startedAt: number | undefined;
  /** The counters' series, set when the document parsed. */
  counters: OperationCounters | undefined;
  /** The latency series, set when the document parsed. */
  latency: OperationLatency | undefined;
}

/** A metric of this name already in the registry (another gateway on the same metrics), or a new one. */
function counterIn<T extends string>(registry: Registry, name: string, help: string, labelNames: T[]): Counter<T> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing as Counter<T>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function histogramIn<T extends string>(registry: Registry, name: string, help: string, labelNames: T[]): Histogram<T> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Histogram) return existing as Histogram<T>;
  return new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
}

/**
 * GraphQL request counts and latencies by operation, in the gateway's registry. Only the families
 * that answer "how many, how slow, how many failed" (per-phase histograms would cost CPU on every
 * request for little more); labels are the operation's name and type, names bounded
 * (GatewayMetrics.operationNameLabel), never the URL or an error's path.
 *
 * The families, labels and counts are those yoga's Prometheus plugin (@graphql-yoga/plugin-prometheus
 * over @envelop/prometheus) produced with this configuration, so dashboards and alerts read on. The
 * generic plugin hooked every phase and, on every request, built label objects through its fill
 * functions and kept maps by context and by request; here each series' label child is made once and
 * kept, and a request carries one small object from its arrival to its response. (prom-client still
 * checks and hashes a child's labels on every inc and observe: about 1% of a small request's CPU.)
 *
 * - `graphql_envelop_request`: an operation whose execution ended (a subscription when its stream ends).
 * - `graphql_envelop_error_result`: a parse error (labelled anonymous, unknown), a failed validation
 *   (once, whatever the number of errors), a context that failed to build (authentication), each error
 *   of an execution result (phase execute). The counters name an operation as @envelop/prometheus
 *   did: the request's operationName, else the document's first definition, else `Anonymous`; its
 *   type is the first definition's (so `unknown` when that is a fragment).
 * - `graphql_yoga_http_duration`: request to response, for requests whose document parsed, named by
 *   the operation that runs (`anonymous` and `unknown` when none can be chosen).
 *
 * Two quirks of the generic plugin are kept so the counts do not change: for a document that already
 * failed to parse, yoga's parser cache throws the error it remembered before any after-parse hook
 * runs, so only its first failure counts as a parse error; and an anonymous operation is `Anonymous`
 * in the counters, `anonymous` in the histogram.
 *
 * `endpoint`: where GET serves the exposition text on the GraphQL port, or false when it is served
 * elsewhere (METRICS=port) or not at all.
 */
export function usePrometheusMetrics(metrics: GatewayMetrics, endpoint: string | false): Plugin {
  const { registry } = metrics;
  const requests = counterIn(registry, 'graphql_envelop_request', 'GraphQL operations executed, by operation', [
    'operationName',
    'operationType',
  ]);
  const errorResults = counterIn(
    registry,
    'graphql_envelop_error_result',
    'GraphQL errors by phase (parse, validate, context, execute) and operation',
    ['operationName', 'operationType', 'phase'],
  );
  const httpDuration = histogramIn(
    registry,
    'graphql_yoga_http_duration',
    'Time from receiving a GraphQL HTTP request to its response, in seconds',
    ['operationName', 'operationType', 'method', 'statusCode'],
  );
  const counters = new ByOperation((name, type) => new OperationCounters(errorResults, requests, name, type));
  const latencies = new ByOperation((name, type) => new OperationLatency(httpDuration, name, type));
  const withoutOperation = () => counters.get(metrics.operationNameLabel(undefined), 'unknown');
  // Keyed by the Request.
  const requestMetrics = new WeakMap<object, RequestMetrics>();

  const metricsOf = (request: Request): RequestMetrics => {
    let state = requestMetrics.get(request);
    if (!state) {
      state = { startedAt: undefined, counters: undefined, latency: undefined };
      requestMetrics.set(request, state);
    }
    return state;
  };

  const afterParse = ({ result, context }: { result: DocumentNode | Error | null; context: Readonly<YogaInitialContext> }) => {
    if (!result || result instanceof Error) {
      withoutOperation().errors('parse').inc();
      return;
    }
    const state = metricsOf(context.request);
    const first = result.definitions[0];
    const firstName = first && 'name' in first ? first.name?.value : undefined;
    state.counters = counters.get(
      metrics.operationNameLabel(context.params.operationName || firstName || 'Anonymous'),
      first?.kind === Kind.OPERATION_DEFINITION ? first.operation : 'unknown',
    );
    const operation = getOperationAST(result, context.params.operationName);
    state.latency = latencies.get(metrics.operationNameLabel(operation?.name?.value), operation?.operation ?? 'unknown');
  };

  const afterValidate = ({ valid, context }: { valid: boolean; context: Readonly<YogaInitialContext> }) => {
    if (!valid) requestMetrics.get(context.request)?.counters?.errors('validate').inc();
  };

  const countersOf = (context: YogaInitialContext): OperationCounters | undefined => requestMetrics.get(context.request)?.counters;

  const executeHooks = {
    onExecuteDone: ({ args, result }: { args: { contextValue: YogaInitialContext }; result: ExecutionResult | AsyncIterable<ExecutionResult> }) =>
      countersOf(args.contextValue)?.countResult(result),
  };

  return {
    onPluginInit: ({ registerContextErrorHandler }) => {
      registerContextErrorHandler(({ context }) => {
        // The handler is typed for any context; yoga's carries its request.
        const { request } = context;
        const operation = typeof request === 'object' && request !== null ? requestMetrics.get(request)?.counters : undefined;
        (operation ?? withoutOperation()).errors('context').inc();
      });
    },
    onRequest: ({ request, url, fetchAPI, endResponse }) => {
      if (endpoint !== false && url.pathname === endpoint) {
        return registry.metrics().then((text) => {
          endResponse(new fetchAPI.Response(text, { headers: { 'Content-Type': registry.contentType } }));
        });
      }
      requestMetrics.set(request, { startedAt: performance.now(), counters: undefined, latency: undefined });
      return undefined;
    },
    onParse: () => afterParse,
    onValidate: () => afterValidate,
    onExecute: ({ args }) => (countersOf(args.contextValue) ? executeHooks : undefined),
    onSubscribe: ({ args }) => {
      const operation = countersOf(args.contextValue);
      if (!operation) return undefined;
      return {
        onSubscribeResult: ({ result }) => operation.countResult(result),
        onSubscribeError: () => operation.errors('execute').inc(),
      };
    },
    onResponse: ({ request, response }) => {
      const state = requestMetrics.get(request);
      if (state?.latency && state.startedAt !== undefined) {
        state.latency.observe(request.method, response.status, (performance.now() - state.startedAt) / 1000);
      }
    },
  };
}
