/**
 * A service using the typed client: prints one line per trail of the account, with its home
 * region, whether it is logging and which Insights analyses run on it.
 *
 *   GATEWAY_URL=http://localhost:4000/graphql npx tsx examples/service/trails-report.ts
 */
import { createGatewayClient, GatewayRequestError, TrailsOverviewDocument } from '@cloudtrail-insights-gateway/client';

const gateway = createGatewayClient({ url: process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql' });

try {
  const { trails } = await gateway.request(TrailsOverviewDocument, { first: 50 });
  for (const { node: trail } of trails?.edges ?? []) {
    const insights = trail.insightSelectors?.enabled ? trail.insightSelectors.selectors.map((s) => s.insightType).join('+') : 'off';
    const logging = trail.status === null ? 'unknown' : trail.status.isLogging ? 'logging' : 'stopped';
    console.log([trail.name, trail.homeRegion, logging, `insights:${insights}`].join('\t'));
  }
} catch (error) {
  // GraphQL errors carry the AWS code (extensions.code) and whether a retry may succeed.
  if (error instanceof GatewayRequestError) {
    for (const e of error.errors) console.error(`${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
