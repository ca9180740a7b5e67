import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The gateway's Prometheus families, in one registry per gateway (tests create several gateways in
 * one process; prom-client's global registry would mix them). The GraphQL request counts and
 * latencies come from a yoga plugin (`usePrometheusMetrics`, src/server/prometheus.ts), registered
 * in this same registry; the families here are what a GraphQL server alone cannot see: AWS calls,
 * outcomes that are union members, cache lookups, token waits, throttles and subscribers.
 *
 * Every method is a bound property, so a module that only knows a callback type
 * (`onCacheLookup: (level, hit) => void`) can be handed `metrics.onCacheLookup` as it is.
 */

/** How one CloudTrail call ended, after the SDK's own retries. */
export type AwsCallOutcome = 'success' | 'aws_error' | 'throttled' | 'transport_error' | 'aborted';
/** How one GraphQL operation ended. A union member that is an AWS error is an `error`, not a success. */
export type OperationOutcome = 'success' | 'error';

/** At most this many distinct operation names become labels; later ones count as `other`. */
export const MAX_OPERATION_NAME_LABELS = 200;
/** A GraphQL name (the spec's Name grammar), bounded: anything else is not used as a label. */
const OPERATION_NAME_LABEL = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** Latency buckets in seconds: AWS answers in tens of milliseconds, Insights pages take seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface GatewayMetricsOptions {
  /**
   * Also collect prom-client's process metrics (CPU, memory, event loop lag, GC). Default false: its
   * GC observer alone costs about a fifth of the CPU of a small request (bench: `{ __typename }`),
   * and the platform (cAdvisor, node-exporter) usually reports process CPU and memory already.
   */
  processMetrics?: boolean;
  /** Registry to register in. Default: a new one, owned by these metrics. */
  registry?: Registry;
}

export class GatewayMetrics {
  readonly registry: Registry;
  private readonly operationNames = new Set<string>();

  private readonly operationResults: Counter<'operationName' | 'operationType' | 'outcome' | 'error'>;
  private readonly awsCalls: Counter<'operation' | 'outcome' | 'exception'>;
  private readonly awsCallDuration: Histogram<'operation' | 'outcome'>;
  private readonly cacheLookups: Counter<'level' | 'result'>;
  private readonly tokenWait: Histogram<'operation_class'>;
  private readonly throttles: Counter<'operation'>;
  private readonly subscribers: Gauge;

  constructor(options: GatewayMetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    const registers = [this.registry];
    if (options.processMetrics ?? false) collectDefaultMetrics({ register: this.registry });
    this.operationResults = new Counter({
      name: 'gateway_graphql_results_total',
      help: 'GraphQL operations by outcome: error when the result has errors or a field resolved to an AWS error member of a result union; error is that code or type name',
      labelNames: ['operationName', 'operationType', 'outcome', 'error'],
      registers,
    });
    this.awsCalls = new Counter({
      name: 'gateway_aws_calls_total',
      help: 'CloudTrail calls by operation and outcome (after the SDK retries); exception is the AWS error name',
      labelNames: ['operation', 'outcome', 'exception'],
      registers,
    });
    this.awsCallDuration = new Histogram({
      name: 'gateway_aws_call_duration_seconds',
      help: 'Time one CloudTrail call took, SDK retries included',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.cacheLookups = new Counter({
      name: 'gateway_cache_lookups_total',
      help: 'Read cache lookups by cache level and result (hit or miss); hit ratio = hits / all lookups',
      labelNames: ['level', 'result'],
      registers,
    });
    this.tokenWait = new Histogram({
      name: 'gateway_aws_token_wait_seconds',
      help: 'Time calls waited for a token of the CloudTrail request-rate bucket, by operation class',
      labelNames: ['operation_class'],
      buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    });
    this.throttles = new Counter({
      name: 'gateway_aws_throttles_total',
      help: 'CloudTrail answers that throttled a call (each attempt, including those the SDK retried)',
      labelNames: ['operation'],
      registers,
    });
    this.subscribers = new Gauge({
      name: 'gateway_subscribers',
      help: 'Open GraphQL subscriptions',
      registers,
    });
  }

  /**
   * The label for a client-chosen operation name. Clients choose names freely, so an unbounded set
   * would grow the registry without limit: only well-formed names, and only the first
   * MAX_OPERATION_NAME_LABELS of them, are kept as they are.
   */
  readonly operationNameLabel = (name: string | undefined | null): string => {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (!OPERATION_NAME_LABEL.test(name) || this.operationNames.size >= MAX_OPERATION_NAME_LABELS) return 'other';
    this.operationNames.add(name);
    return name;
  };

  readonly onOperationResult = (
    operationName: string | undefined | null,
    operationType: string,
    outcome: OperationOutcome,
    error = '',
  ): void => {
    this.operationResults.inc({ operationName: this.operationNameLabel(operationName), operationType, outcome, error });
  };

  readonly onAwsCall = (operation: string, outcome: AwsCallOutcome, seconds: number, exception = ''): void => {
    this.awsCalls.inc({ operation, outcome, exception });
    this.awsCallDuration.observe({ operation, outcome }, seconds);
  };

  readonly onCacheLookup = (level: string, hit: boolean): void => {
    this.cacheLookups.inc({ level, result: hit ? 'hit' : 'miss' });
  };

  readonly onTokenWait = (operationClass: string, seconds: number): void => {
    this.tokenWait.observe({ operation_class: operationClass }, seconds);
  };

  readonly onThrottle = (operation: string): void => {
    this.throttles.inc({ operation });
  };

  readonly onSubscribersChanged = (count: number): void => {
    this.subscribers.set(count);
  };

  /** The text a Prometheus scrape reads, and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
