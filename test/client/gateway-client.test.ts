import { AddTagsCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGatewayClient,
  GatewayRequestError,
  PutTrailInsightSelectorsDocument,
  TrailsOverviewDocument,
} from '../../src/client/index.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { createTrail } from '../helpers/trails.js';

let gateway: HttpGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** A gateway over an emulator holding one trail in eu-west-1, tagged team=security. */
async function gatewayWithOneTrail(options: Parameters<typeof startHttpGateway>[0] = {}): Promise<HttpGateway> {
  const started = await startHttpGateway(options);
  const sdk = started.sdkClient('eu-west-1');
  const trailArn = await createTrail(sdk, 'audit');
  await sdk.send(new AddTagsCommand({ ResourceId: trailArn, TagsList: [{ Key: 'team', Value: 'security' }] }));
  return started;
}

describe('createGatewayClient', () => {
  it('runs a generated operation against the gateway over HTTP and returns typed data', async () => {
    gateway = await gatewayWithOneTrail();
    const client = createGatewayClient({ url: gateway.url });
    const data = await client.request(TrailsOverviewDocument, { region: 'eu-west-1' });
    expect(data.trails?.edges.map(({ node }) => [node.name, node.homeRegion, node.tags])).toEqual([
      ['audit', 'eu-west-1', [{ key: 'team', value: 'security' }]],
    ]);
  });

  it('leaves out variables the operation does not require', async () => {
    gateway = await gatewayWithOneTrail();
    const data = await createGatewayClient({ url: gateway.url }).request(TrailsOverviewDocument);
    // The gateway's default region is us-east-1, whose ListTrails lists the account's trails of every region.
    expect(data.defaultRegion).toBe('us-east-1');
    expect(data.trails?.edges.map(({ node }) => [node.name, node.homeRegion])).toEqual([['audit', 'eu-west-1']]);
  });

  it('returns the whole response, AWS call report included, from execute', async () => {
    gateway = await gatewayWithOneTrail();
    const response = await createGatewayClient({ url: gateway.url }).execute(TrailsOverviewDocument, { region: 'eu-west-1' });
    expect(response.errors).toBeUndefined();
    // One trail: one ListTrails, one DescribeTrails, one GetTrailStatus, one ListTags.
    expect(response.extensions?.awsCalls).toEqual({ DescribeTrails: 1, GetTrailStatus: 1, ListTags: 1, ListTrails: 1 });
  });

  it('with persisted: true sends only the hash, which a persisted-only gateway accepts', async () => {
    gateway = await gatewayWithOneTrail({ gateway: { persistedOperationsOnly: true } });
    const asText = createGatewayClient({ url: gateway.url });
    await expect(asText.request(TrailsOverviewDocument, { region: 'eu-west-1' })).rejects.toBeInstanceOf(GatewayRequestError);
    const byHash = createGatewayClient({ url: gateway.url, persisted: true });
    const data = await byHash.request(TrailsOverviewDocument, { region: 'eu-west-1' });
    expect(data.trails?.edges.map(({ node }) => node.name)).toEqual(['audit']);
  });

  it('throws GatewayRequestError carrying the GraphQL errors when the gateway refuses', async () => {
    gateway = await startHttpGateway({ gateway: { persistedOperationsOnly: true } });
    const error = await createGatewayClient({ url: gateway.url })
      .request(TrailsOverviewDocument)
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
    expect((await client.execute(TrailsOverviewDocument)).data?.defaultRegion).toBe('us-east-1');
    expect(seen).toEqual(['svc-1']);
  });
  it('runs a generated mutation with typed input and a typed result union', async () => {
    gateway = await gatewayWithOneTrail();
    const client = createGatewayClient({ url: gateway.url });
    const on = await client.request(PutTrailInsightSelectorsDocument, {
      input: { trail: 'audit', region: 'eu-west-1', insightSelectors: [{ insightType: 'ApiCallRateInsight' }] },
    });
    // Null only with a GraphQL error (arguments refused by the gateway, call budget spent), which request() throws on.
    const put = on.putTrailInsightSelectors;
    if (put?.__typename !== 'PutTrailInsightSelectorsPayload') {
      throw new Error(`expected the payload, got ${put?.__typename ?? 'null'}`);
    }
    // A new trail has no Insights; after the put it has exactly the one asked for, on management events (the default).
    expect(put.previousInsightSelectors.enabled).toBe(false);
    expect(put.insightSelectors.selectors).toEqual([
      { insightType: 'ApiCallRateInsight', eventCategories: ['Management'] },
    ]);

    const refused = await client.request(PutTrailInsightSelectorsDocument, {
      input: { trail: 'no--such', insightSelectors: [] },
    });
    // AWS: trail names have no adjacent separators, so the gateway refuses before calling AWS.
    expect(refused.putTrailInsightSelectors).toMatchObject({
      __typename: 'InvalidTrailNameException',
      code: 'InvalidTrailNameException',
      rejectedBeforeCall: true,
    });
  });
});
