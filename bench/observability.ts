import { pino } from 'pino';
import { createLogger } from '../src/observability/logger.js';
import { GatewayMetrics } from '../src/observability/metrics.js';

/**
 * What `npm start` turns on by default (metrics, and the access log written to a file descriptor:
 * here /dev/null), so the figures include their cost. Tracing stays off, as it is unless an OTLP
 * endpoint is configured.
 */
export function defaultObservability() {
  return {
    metrics: new GatewayMetrics(),
    // Asynchronous, as the gateway writes its log (src/observability/logger.ts): a system call per
    // line would cost the gateway a third of a small request's throughput.
    accessLog: createLogger('info', pino.destination({ dest: '/dev/null', sync: false })),
  };
}
