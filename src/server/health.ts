import { ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { useReadinessCheck, type FetchAPI, type Plugin } from 'graphql-yoga';
import type { CloudTrailClients } from '../aws/clients.js';
import type { FleetRedis } from '../fleet/redis.js';

const json = (fetchAPI: FetchAPI, status: number, body: unknown): Response =>
  new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

/** How long /readyz waits for CloudTrail by default (READINESS_TIMEOUT_MS). */
export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

/** `GET /healthz`: the process is up and serving HTTP. Touches no backend, so a slow AWS never restarts pods. */
export function useLivenessCheck(): Plugin {
  return useReadinessCheck({ endpoint: '/healthz', check: ({ fetchAPI }) => json(fetchAPI, 200, { status: 'ok' }) });
}

/**
 * `GET /readyz`: CloudTrail answers. ListTrails is the cheapest read every principal that can use the
 * gateway is allowed (AWS: ListTrails needs cloudtrail:ListTrails only, returns at most one page).
 * 503 with the reason when it fails or takes longer than `timeoutMs`.
 *
 * In a fleet (REDIS_URL) an unreachable Redis makes the replica `degraded`, still 200: it serves
 * every request on its own cache and quota share, so a load balancer must keep sending it traffic.
 */
export function useBackendReadinessCheck(clients: CloudTrailClients, timeoutMs: number, redis?: FleetRedis): Plugin {
  return useReadinessCheck({
    endpoint: '/readyz',
    check: async ({ fetchAPI }) => {
      const started = Date.now();
      try {
        await clients.forRegion().send(new ListTrailsCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs) });
        const region = await clients.defaultRegion();
        const latencyMs = Date.now() - started;
        if (redis && !redis.available) {
          return json(fetchAPI, 200, { status: 'degraded', region, latencyMs, redis: 'unavailable', reason: 'Redis unreachable: this replica caches and spends CloudTrail quotas on its own' });
        }
        return json(fetchAPI, 200, { status: 'ready', region, latencyMs, ...(redis ? { redis: 'ready' } : {}) });
      } catch (error) {
        const reason =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
            ? `CloudTrail did not answer ListTrails within ${timeoutMs} ms`
            : `CloudTrail ListTrails failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
        return json(fetchAPI, 503, { status: 'unavailable', reason });
      }
    },
  });
}
