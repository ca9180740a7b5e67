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
    accessLog: createLogger('info', pino.destination({ dest: '/dev/null', sync: true })),
  };
}
