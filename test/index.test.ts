import { describe, expect, it } from 'vitest';
import * as entry from '../src/index.js';

describe('src/index.ts, the public entry', () => {
  it('exports the gateway factory, its configuration, its CloudTrail clients and its error codes, and nothing by accident', () => {
    expect(Object.keys(entry).sort()).toEqual(['CloudTrailClients', 'ConfigError', 'GatewayErrorCode', 'createGateway', 'loadConfig']);
  });

  it('builds a gateway from loadConfig\'s options that answers over fetch', async () => {
    const config = entry.loadConfig({ GRAPHIQL: 'false', REPORT_AWS_CALLS: 'false' });
    // No CloudTrail call is made: the query asks for the schema's name only.
    const clients = new entry.CloudTrailClients({ endpoint: 'http://127.0.0.1:9', defaultRegion: 'us-east-1' });
    const gateway = entry.createGateway({ ...config.gateway, clients });
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    const refused = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{ __typename }',
    });
    expect(refused.status).toBe(415);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      entry.GatewayErrorCode.UNSUPPORTED_MEDIA_TYPE,
    );
    clients.destroy();
  });
});
