import { GetEventSelectorsCommand, GetInsightSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { createTrail, trailArn } from '../helpers/trails.js';
import { createInsightsStore, createSourceStore } from '../schema/selector-fixtures.js';

/**
 * Scopes through real yoga fetch against the emulator, with real ES256 tokens verified against a
 * JWKS served on 127.0.0.1: each scope opens exactly its fields, and a refused field is null with
 * UNAUTHENTICATED (no credentials) or FORBIDDEN (credentials, scope missing), naming the scope.
 */

let issuer: TestIssuer;
let t: TestGateway;
const writerKey = generateApiKey('selector-bot', ['selectors:write']);

beforeAll(async () => {
  issuer = await startTestIssuer();
  t = await startTestGateway({
    gateway: { authentication: { jwt: issuer.settings(), apiKeys: [writerKey.entry], anonymousScopes: [] } },
  });
});
afterAll(async () => {
  await t.close();
  await issuer.close();
});
beforeEach(async () => {
  t.reset();
  await createTrail(t.sdkClient(), 'audit');
});

async function as(scope: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const headers: Record<string, string> = scope === null ? {} : { authorization: `Bearer ${await issuer.token('alice', scope)}` };
  return t.query(query, variables, headers);
}

function refusals(res: GraphQLResponse) {
  return (res.errors ?? []).map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code, requiredScopes: e.extensions?.requiredScopes }));
}

const READS = /* GraphQL */ `{
  defaultRegion
  trails(first: 5) { edges { node { name } } }
  trail(nameOrArn: "audit") { __typename ... on Trail { name } }
  eventDataStores(first: 5) { edges { node { name } } }
  insightEvents(first: 1) { __typename }
  insightsMetricSeries(input: { eventSource: "ec2.amazonaws.com", eventName: "RunInstances", insightType: ApiCallRateInsight, period: 3600 }) { __typename }
}`;

const PUT_TRAIL_INSIGHTS = /* GraphQL */ `mutation {
  putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
    __typename
    ... on PutTrailInsightSelectorsPayload { insightSelectors { enabled } trail { name hasInsightSelectors } }
  }
}`;

describe('scopes on queries', () => {
  it('without credentials every CloudTrail field is refused as UNAUTHENTICATED, naming its scope, and no AWS call is made', async () => {
    const res = await as(null, READS);
    expect(res.data).toEqual({
      defaultRegion: 'us-east-1',
      trails: null,
      trail: null,
      eventDataStores: null,
      insightEvents: null,
      insightsMetricSeries: null,
    });
    expect(refusals(res)).toEqual(
      expect.arrayContaining([
        { path: 'trails', code: 'UNAUTHENTICATED', requiredScopes: ['cloudtrail:read'] },
        { path: 'trail', code: 'UNAUTHENTICATED', requiredScopes: ['cloudtrail:read'] },
        { path: 'eventDataStores', code: 'UNAUTHENTICATED', requiredScopes: ['cloudtrail:read'] },
        { path: 'insightEvents', code: 'UNAUTHENTICATED', requiredScopes: ['insights:read'] },
        { path: 'insightsMetricSeries', code: 'UNAUTHENTICATED', requiredScopes: ['insights:read'] },
      ]),
    );
    expect(res.errors).toHaveLength(5);
    expect(res.errors?.[0].message).toMatch(/^Authentication required: Query\.\w+ needs the scope (cloudtrail|insights):read/);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('cloudtrail:read reads trails and stores but is FORBIDDEN the Insights fields, a trail\'s series included', async () => {
    const res = await as(
      'cloudtrail:read',
      `${READS.slice(0, -1)} trailSeries: trail(nameOrArn: "audit") { ... on Trail { name insightsMetricSeries(eventSource: "s3.amazonaws.com", eventName: "GetObject", insightType: ApiCallRateInsight) { __typename } } } }`,
    );
    expect(res.data).toMatchObject({
      trails: { edges: [{ node: { name: 'audit' } }] },
      trail: { __typename: 'Trail', name: 'audit' },
      eventDataStores: { edges: [] },
      insightEvents: null,
      insightsMetricSeries: null,
      trailSeries: { name: 'audit', insightsMetricSeries: null },
    });
    expect(refusals(res)).toEqual([
      { path: 'insightEvents', code: 'FORBIDDEN', requiredScopes: ['insights:read'] },
      { path: 'insightsMetricSeries', code: 'FORBIDDEN', requiredScopes: ['insights:read'] },
      { path: 'trailSeries.insightsMetricSeries', code: 'FORBIDDEN', requiredScopes: ['insights:read'] },
    ]);
    expect(res.errors?.find((e) => e.path?.[0] === 'insightEvents')?.message).toBe(
      'Forbidden: Query.insightEvents needs the scope insights:read, which alice does not hold.',
    );
    expect(res.extensions?.awsCalls).not.toHaveProperty('ListInsightsMetricData');
    expect(res.extensions?.awsCalls).not.toHaveProperty('LookupEvents');
  });

  it('insights:read reads Insights but is FORBIDDEN trails, event data stores and node', async () => {
    const id = encodeGlobalID('Trail', trailArn('us-east-1', 'audit'));
    const res = await as('insights:read', `${READS.slice(0, -1)} node(id: "${id}") { id } nodes(ids: ["${id}"]) { id } }`);
    expect(res.data).toMatchObject({
      trails: null,
      trail: null,
      eventDataStores: null,
      insightEvents: { __typename: 'InsightEventConnection' },
      insightsMetricSeries: { __typename: expect.any(String) },
      node: null,
      nodes: null,
    });
    expect(refusals(res).map((r) => `${r.path} ${r.code} ${r.requiredScopes}`).sort()).toEqual([
      'eventDataStores FORBIDDEN cloudtrail:read',
      'node FORBIDDEN cloudtrail:read',
      'nodes FORBIDDEN cloudtrail:read',
      'trail FORBIDDEN cloudtrail:read',
      'trails FORBIDDEN cloudtrail:read',
    ]);
    expect(res.extensions?.awsCalls).not.toHaveProperty('ListTrails');
    expect(res.extensions?.awsCalls).not.toHaveProperty('DescribeTrails');
  });

  it('node and nodes answer a trail to a caller with cloudtrail:read', async () => {
    const id = encodeGlobalID('Trail', trailArn('us-east-1', 'audit'));
    const node = await as('cloudtrail:read', `{ node(id: "${id}") { ... on Trail { name } } }`);
    expect(node.errors).toBeUndefined();
    expect(node.data).toEqual({ node: { name: 'audit' } });
    const nodes = await as('cloudtrail:read', `{ nodes(ids: ["${id}"]) { id ... on Trail { name } } }`);
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data).toEqual({ nodes: [{ id, name: 'audit' }] });
  });

  it('node and nodes need the scope of each type their IDs name, before anything is loaded', async () => {
    const series = encodeGlobalID('InsightsMetricSeries', '{"not":"read"}');
    const trail = encodeGlobalID('Trail', trailArn('us-east-1', 'audit'));
    const res = await as('cloudtrail:read', `{ node(id: "${series}") { id } nodes(ids: ["${trail}", "${series}"]) { id } }`);
    expect(res.data).toEqual({ node: null, nodes: null });
    expect(refusals(res).map((r) => `${r.path} ${r.code} ${r.requiredScopes}`).sort()).toEqual([
      'node FORBIDDEN insights:read',
      'nodes FORBIDDEN insights:read',
    ]);
    expect(res.extensions?.awsCalls).toEqual({});
  });

  it('scopes the token does not grant on this gateway, and unknown scope names, grant nothing', async () => {
    const res = await as('cloudtrail:write insights:admin openid', '{ trails(first: 1) { edges { node { name } } } }');
    expect(refusals(res)).toEqual([{ path: 'trails', code: 'FORBIDDEN', requiredScopes: ['cloudtrail:read'] }]);
  });
});

describe('scopes on mutations', () => {
  it('each mutation without selectors:write is FORBIDDEN before any AWS call, and CloudTrail is unchanged', async () => {
    const east = t.sdkClient();
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    const res = await as(
      'cloudtrail:read insights:read',
      `mutation($source: String!, $destination: String!) {
        a: putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) { __typename }
        b: putEventSelectors(input: { trail: "audit", basic: [{ readWriteType: ReadOnly }] }) { __typename }
        c: putEventDataStoreInsightSelectors(input: { eventDataStore: $source, insightsDestination: $destination, insightSelectors: [{ insightType: ApiCallRateInsight }] }) { __typename }
      }`,
      { source, destination },
    );
    expect(res.data).toEqual({ a: null, b: null, c: null });
    expect(refusals(res).map((r) => `${r.path} ${r.code} ${r.requiredScopes}`).sort()).toEqual([
      'a FORBIDDEN selectors:write',
      'b FORBIDDEN selectors:write',
      'c FORBIDDEN selectors:write',
    ]);
    expect(res.extensions?.awsCalls).toEqual({});
    await expect(east.send(new GetInsightSelectorsCommand({ TrailName: 'audit' }))).rejects.toMatchObject({ name: 'InsightNotEnabledException' });
    await expect(east.send(new GetInsightSelectorsCommand({ EventDataStore: source }))).rejects.toMatchObject({ name: 'InsightNotEnabledException' });
    const selectors = await east.send(new GetEventSelectorsCommand({ TrailName: 'audit' }));
    expect(selectors.EventSelectors?.[0]?.ReadWriteType).toBe('All');
  });

  it('without credentials a mutation is UNAUTHENTICATED', async () => {
    const res = await as(null, PUT_TRAIL_INSIGHTS);
    expect(res.data).toEqual({ putTrailInsightSelectors: null });
    expect(refusals(res)).toEqual([{ path: 'putTrailInsightSelectors', code: 'UNAUTHENTICATED', requiredScopes: ['selectors:write'] }]);
  });

  it('selectors:write alone changes selectors; the payload\'s trail is FORBIDDEN without cloudtrail:read, the change still shown', async () => {
    const res = await t.query(PUT_TRAIL_INSIGHTS, undefined, { 'x-api-key': writerKey.key });
    expect(res.data).toEqual({
      putTrailInsightSelectors: { __typename: 'PutTrailInsightSelectorsPayload', insightSelectors: { enabled: true }, trail: null },
    });
    expect(refusals(res)).toEqual([{ path: 'putTrailInsightSelectors.trail', code: 'FORBIDDEN', requiredScopes: ['cloudtrail:read'] }]);
    const after = await t.sdkClient().send(new GetInsightSelectorsCommand({ TrailName: 'audit' }));
    expect(after.InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] }]);
  });

  it('selectors:write with cloudtrail:read runs all three mutations and reads their payloads', async () => {
    const east = t.sdkClient();
    const source = await createSourceStore(east, 'management-events');
    const destination = await createInsightsStore(east, 'insights-events');
    const res = await as(
      'selectors:write cloudtrail:read',
      `mutation($source: String!, $destination: String!) {
        a: putTrailInsightSelectors(input: { trail: "audit", insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
          __typename ... on PutTrailInsightSelectorsPayload { trail { hasInsightSelectors } } }
        b: putEventSelectors(input: { trail: "audit", basic: [{ readWriteType: ReadOnly }] }) {
          __typename ... on PutEventSelectorsPayload { trail { hasCustomEventSelectors } } }
        c: putEventDataStoreInsightSelectors(input: { eventDataStore: $source, insightsDestination: $destination, insightSelectors: [{ insightType: ApiCallRateInsight }] }) {
          __typename ... on PutEventDataStoreInsightSelectorsPayload { eventDataStore { name } } }
      }`,
      { source, destination },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: { __typename: 'PutTrailInsightSelectorsPayload', trail: { hasInsightSelectors: true } },
      b: { __typename: 'PutEventSelectorsPayload', trail: { hasCustomEventSelectors: true } },
      c: { __typename: 'PutEventDataStoreInsightSelectorsPayload', eventDataStore: { name: 'management-events' } },
    });
  });
});
