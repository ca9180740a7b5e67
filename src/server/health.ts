import { ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { useReadinessCheck, type FetchAPI, type Plugin } from 'graphql-yoga';
import type { CloudTrailClients } from '../aws/clients.js';

const json = (fetchAPI: FetchAPI, status: number, body: unknown): Response =>
  new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

/** `GET /healthz`: the process is up and serving HTTP. Touches no backend, so a slow AWS never restarts pods. */
export function useLivenessCheck(): Plugin {
  return useReadinessCheck({ endpoint: '/healthz', check: ({ fetchAPI }) => json(fetchAPI, 200, { status: 'ok' }) });
}

/**
 * `GET /readyz`: CloudTrail answers. ListTrails is the cheapest read every principal that can use the
 * gateway is allowed (AWS: ListTrails needs cloudtrail:ListTrails only, returns at most one page).
 * 503 with the reason when it fails or takes longer than `timeoutMs`.
 */
export function useBackendReadinessCheck(clients: CloudTrailClients, timeoutMs: number): Plugin {
  return useReadinessCheck({
    endpoint: '/readyz',
    check: async ({ fetchAPI }) => {
      const started = Date.now();
      try {
        await clients.forRegion().send(new ListTrailsCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs) });
        return json(fetchAPI, 200, { status: 'ready', region: await clients.defaultRegion(), latencyMs: Date.now() - started });
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
