import { createServer, type Server } from 'node:http';
import type { GatewayMetrics } from './metrics.js';

/**
 * METRICS=port: the exposition text on a listener of its own, so the GraphQL port (the one callers
 * reach) never serves it. GET `path` only; anything else is 404.
 */
export function createMetricsServer(metrics: GatewayMetrics, path = '/metrics'): Server {
  return createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (pathname !== path || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    metrics.scrape().then(
      ({ body, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable\n'),
    );
  });
}
