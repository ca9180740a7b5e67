import {
  createCounter,
  createHistogram,
  usePrometheus,
  type FillLabelsFnParams,
} from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../observability/metrics.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * GraphQL request counts and latencies by operation, from yoga's maintained Prometheus plugin, in
 * the gateway's registry. Only the families that answer "how many, how slow, how many failed": the
 * per-phase histograms and the summary cost CPU on every request for little more (each histogram
 * observation is a few percent of a `{ __typename }` request). Labels are the
 * operation's name and type only (the plugin's default `url` and error `path` labels take a value
 * per query string and list index), and names are bounded (GatewayMetrics.operationNameLabel).
 *
 * `endpoint`: where GET serves the exposition text on the GraphQL port, or false when it is served
 * elsewhere (METRICS=port) or not at all.
 */
export function usePrometheusMetrics(metrics: GatewayMetrics, endpoint: string | false): Plugin {
  const { registry } = metrics;
  const operationLabels = (params: FillLabelsFnParams) => ({
    operationName: metrics.operationNameLabel(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  return usePrometheus({
    registry,
    endpoint,
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_request',
          help: 'GraphQL operations executed, by operation',
          labelNames: ['operationName', 'operationType'],
        },
        fillLabelsFn: operationLabels,
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'GraphQL errors by phase (parse, validate, context, execute) and operation',
          labelNames: ['operationName', 'operationType', 'phase'],
        },
        fillLabelsFn: (params) => ({ ...operationLabels(params), phase: params.errorPhase ?? 'execute' }),
      }),
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_yoga_http_duration',
          help: 'Time from receiving a GraphQL HTTP request to its response, in seconds',
          labelNames: ['operationName', 'operationType', 'method', 'statusCode'],
          buckets: LATENCY_BUCKETS,
        },
        fillLabelsFn: (params: FillLabelsFnParams & { request: Request; response: Response }) => ({
          ...operationLabels(params),
          method: params.request.method,
          statusCode: params.response.status,
        }),
      }),
      // Latency is graphql_yoga_http_duration: request to response, authentication and parsing
      // included, which is what a caller waits; the execute-only histogram would cost as much again.
      graphql_envelop_request_duration: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
  });
}
