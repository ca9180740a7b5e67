import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayClient, DefaultRegionDocument, GatewayRequestError } from '../../src/client/index.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';

let gateway: HttpGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

describe('createGatewayClient', () => {
  it('runs a generated operation against the gateway over HTTP and returns typed data', async () => {
    gateway = await startHttpGateway();
    const client = createGatewayClient({ url: gateway.url });
    const data = await client.request(DefaultRegionDocument);
    expect(data.defaultRegion).toBe('us-east-1');
  });

  it('returns the whole response, AWS call report included, from execute', async () => {
    gateway = await startHttpGateway();
    const response = await createGatewayClient({ url: gateway.url }).execute(DefaultRegionDocument);
    expect(response).toEqual({ data: { defaultRegion: 'us-east-1' }, extensions: { awsCalls: {} } });
  });

  it('with persisted: true sends only the hash, which a persisted-only gateway accepts', async () => {
    gateway = await startHttpGateway({ gateway: { persistedOperationsOnly: true } });
    const asText = createGatewayClient({ url: gateway.url });
    await expect(asText.request(DefaultRegionDocument)).rejects.toBeInstanceOf(GatewayRequestError);
    const byHash = createGatewayClient({ url: gateway.url, persisted: true });
    expect(await byHash.request(DefaultRegionDocument)).toEqual({ defaultRegion: 'us-east-1' });
  });

  it('throws GatewayRequestError carrying the GraphQL errors when the gateway refuses', async () => {
    gateway = await startHttpGateway({ gateway: { persistedOperationsOnly: true } });
    const error = await createGatewayClient({ url: gateway.url })
      .request(DefaultRegionDocument)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).errors[0].extensions).toMatchObject({ code: 'PERSISTED_QUERY_ONLY' });
  });

  it('sends the configured headers with every request', async () => {
    gateway = await startHttpGateway();
    const seen: string[] = [];
    const client = createGatewayClient({
      url: gateway.url,
      headers: { 'x-request-id': 'svc-1' },
      fetch: async (input, init) => {
        seen.push(new Headers(init?.headers).get('x-request-id') ?? '');
        return fetch(input, init);
      },
    });
    expect((await client.execute(DefaultRegionDocument)).data).toEqual({ defaultRegion: 'us-east-1' });
    expect(seen).toEqual(['svc-1']);
  });
});
