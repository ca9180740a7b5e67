import { Client, fetchExchange, gql, type TypedDocumentNode } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { introspectionFromSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { possibleTypes } from '../../src/client/index.js';
import { schema } from '../../src/schema/index.js';
import { InsightEventsDocument, PutTrailInsightSelectorsDocument, TrailsOverviewDocument } from '../../src/client/documents.js';
import type { HttpGateway } from '../helpers/http-gateway.js';
import { startSampleHttpGateway } from '../helpers/sample-http-gateway.js';

/**
 * urql with graphcache (normalised cache) against the gateway over real HTTP, configured as the
 * client package's README says: the shipped possibleTypes, relayPagination on the connections,
 * the shipped AST documents.
 */

let gateway: HttpGateway;
beforeAll(async () => {
  gateway = await startSampleHttpGateway();
});
afterAll(() => gateway.close());

/** Objects without an `id` (PageInfo, selectors, statistics...) are embedded in their parent. */
const EMBEDDED = () => null;

function urql() {
  return new Client({
    url: gateway.url,
    exchanges: [
      cacheExchange({
        // Schema-aware: graphcache matches fragments on unions and interfaces by the schema.
        schema: introspectionFromSchema(schema),
        possibleTypes: Object.fromEntries(Object.entries(possibleTypes).map(([k, v]) => [k, [...v]])),
        keys: Object.fromEntries(
          [
            ...['PageInfo', 'InsightsConfiguration', 'InsightSelector', 'InsightStatistics', 'TrailEdge', 'InsightEventEdge', 'TrailStatus', 'Tag'],
            ...['PutTrailInsightSelectorsPayload', ...(possibleTypes.AwsError ?? [])],
          ].map((type) => [type, EMBEDDED]),
        ),
        resolvers: { Query: { trails: relayPagination(), insightEvents: relayPagination() } },
      }),
      fetchExchange,
    ],
  });
}

describe('urql with graphcache', () => {
  it('pages insightEvents with relayPagination into one cached list, equal to the list read at once', async () => {
    const all = await urql().query(InsightEventsDocument, { first: 50 }).toPromise();
    expect(all.error).toBeUndefined();
    const ids = all.data?.insightEvents?.edges.map((e) => e.node.id) ?? [];
    expect(ids.length).toBeGreaterThan(3);

    const client = urql();
    let page = (await client.query(InsightEventsDocument, { first: 2 }).toPromise()).data?.insightEvents;
    let pages = 1;
    while (page?.pageInfo.hasNextPage) {
      page = (await client.query(InsightEventsDocument, { first: 2, after: page.pageInfo.endCursor }).toPromise()).data?.insightEvents;
      pages += 1;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBeGreaterThan(2);
    // The first page's query, answered by the cache alone, now holds every page.
    const merged = await client.query(InsightEventsDocument, { first: 2 }, { requestPolicy: 'cache-only' }).toPromise();
    expect(merged.data?.insightEvents?.edges.map((e) => e.node.id)).toEqual(ids);
  });

  const TRAIL_OR_ERROR: TypedDocumentNode<{ trail: Record<string, unknown> | null }, { name: string }> = gql`
    query TrailOrError($name: String!) {
      trail(nameOrArn: $name) {
        __typename
        ... on Trail { id name }
        ... on AwsError { code message retryable rejectedBeforeCall }
      }
    }
  `;

  it('keeps the AwsError fields of a union error member in the cache', async () => {
    const client = urql();
    const fetched = await client.query(TRAIL_OR_ERROR, { name: 'no--such' }).toPromise();
    const cached = await client.query(TRAIL_OR_ERROR, { name: 'no--such' }, { requestPolicy: 'cache-only' }).toPromise();
    for (const result of [fetched, cached]) {
      expect(result.data?.trail).toEqual({
        __typename: 'InvalidTrailNameException',
        code: 'InvalidTrailNameException',
        message: expect.any(String),
        retryable: false,
        rejectedBeforeCall: true,
      });
    }
  });

  it('a connection CloudTrail refuses is null with the AWS code in result.error.graphQLErrors', async () => {
    const result = await urql()
      .query(
        gql`{ defaultRegion insightEvents(filter: { startTime: "2023-07-10T13:00:00Z", endTime: "2023-07-10T12:00:00Z" }) { edges { node { id } } } }`,
        {},
      )
      .toPromise();
    // The rest of the response still arrives.
    expect(result.data).toEqual({ defaultRegion: 'us-east-1', insightEvents: null });
    expect(result.error?.graphQLErrors[0]?.extensions).toMatchObject({ code: 'InvalidTimeRangeException', retryable: false });
  });

  it('a shipped mutation updates the trail already in the cache (it selects id and the changed fields)', async () => {
    const client = urql();
    const before = await client.query(TrailsOverviewDocument, { first: 50 }).toPromise();
    const europe = before.data?.trails?.edges.find((e) => e.node.name === 'europe')?.node;
    expect(europe?.insightSelectors?.enabled).toBe(false);

    const put = await client
      .mutation(PutTrailInsightSelectorsDocument, { input: { trail: europe!.id, insightSelectors: [{ insightType: 'ApiCallRateInsight' }] } })
      .toPromise();
    expect(put.data?.putTrailInsightSelectors?.__typename).toBe('PutTrailInsightSelectorsPayload');

    const after = await client.query(TrailsOverviewDocument, { first: 50 }, { requestPolicy: 'cache-only' }).toPromise();
    const cached = after.data?.trails?.edges.find((e) => e.node.id === europe!.id)?.node;
    expect(cached?.insightSelectors).toMatchObject({
      enabled: true,
      selectors: [{ insightType: 'ApiCallRateInsight', eventCategories: ['Management'] }],
    });
  });
});
