/* global document, location, URLSearchParams */
// A frontend using the typed client with no bundler: lists the trails of the gateway given as
// ?gateway=<url> (default: /graphql on the page's origin). The gateway must allow this page's
// origin (CORS_ORIGINS) when it is served from elsewhere.
import { createGatewayClient, TrailsOverviewDocument } from '@cloudtrail-insights-gateway/client';

const status = document.getElementById('status');
const rows = document.getElementById('trails');
const url = new URLSearchParams(location.search).get('gateway') ?? '/graphql';

try {
  const { trails } = await createGatewayClient({ url }).request(TrailsOverviewDocument, { first: 50 });
  for (const { node: trail } of trails?.edges ?? []) {
    const row = rows.insertRow();
    row.dataset.id = trail.id;
    const insights = trail.insightSelectors?.enabled ? trail.insightSelectors.selectors.map((s) => s.insightType).join(', ') : 'off';
    for (const text of [trail.name, trail.homeRegion, insights]) row.insertCell().textContent = text;
  }
  status.textContent = `${rows.rows.length} trails`;
} catch (error) {
  // GatewayRequestError: errors[].extensions.code holds the AWS error code.
  status.textContent = `Failed: ${error.message}`;
}
