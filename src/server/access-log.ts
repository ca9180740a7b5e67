import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { operationReportOf } from './operation-reports.js';
import { requestIdOf } from './request-id.js';

/** The node http request's socket, present when the gateway is served by node:http. */
interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

/**
 * One JSON line per HTTP request (pino, level info): request id, method, path, status, duration,
 * and for GraphQL requests the operation, its outcome (an AWS error member of a result union is an
 * error), its AWS calls and the caller's id. Written when the response is ready, so a refused
 * request (413, 401, a validation error) is logged too. No variables, no documents: they may hold
 * trail names and selectors that do not belong in a log.
 */
export function useAccessLog(logger: Logger): Plugin {
  const started = new WeakMap<Request, { at: number; path: string }>();
  return {
    onRequest: ({ request, url }) => {
      started.set(request, { at: performance.now(), path: url.pathname });
    },
    onResponse: ({ request, response, serverContext }) => {
      const start = started.get(request);
      const report = operationReportOf(request);
      let awsCallTotal = 0;
      for (const count of Object.values(report?.awsCalls ?? {})) awsCallTotal += count;
      logger.info(
        {
          requestId: requestIdOf(request),
          method: request.method,
          path: start?.path,
          status: response.status,
          durationMs: start === undefined ? undefined : Math.round((performance.now() - start.at) * 100) / 100,
          operationName: report?.operationName,
          operationType: report?.operationType,
          outcome: report ? report.outcome : response.status < 400 ? 'success' : 'error',
          error: report?.error || undefined,
          awsCalls: report?.awsCalls,
          awsCallTotal,
          caller: report?.callerId,
          clientIp: (serverContext as NodeServerContext).req?.socket?.remoteAddress,
        },
        'request',
      );
    },
  };
}
