import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { possibleTypes } from '../../src/client/index.js';
import { InsightEventsDocument, PutTrailInsightSelectorsDocument, TrailsOverviewDocument } from '../../src/client/documents.js';
import type { HttpGateway } from '../helpers/http-gateway.js';
import { startSampleHttpGateway } from '../helpers/sample-http-gateway.js';

/**
 * Apollo Client against the gateway over real HTTP, configured as the client package's README says:
 * InMemoryCache with the shipped possibleTypes and relayStylePagination, the shipped AST documents.
 */

let gateway: HttpGateway;
beforeAll(async () => {
  gateway = await startSampleHttpGateway();
});
afterAll(() => gateway.close());

function apollo(options: { possibleTypes?: Record<string, readonly string[]> } = {}) {
  return new ApolloClient({
    link: new HttpLink({ uri: gateway.url }),
    cache: new InMemoryCache({
      possibleTypes: options.possibleTypes as Record<string, string[]> | undefined,
      typePolicies: {
        Query: { fields: { trails: relayStylePagination(['region']), insightEvents: relayStylePagination(['filter', 'region']) } },
      },
    }),
  });
}

type Page = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };

/**
 * Pages through a connection page by page, each page a network request with `after`; the field
 * policy (relayStylePagination, which ignores first/after) merges them into one cached list, read
 * back from the cache with the first page's variables.
 */
async function pageThrough<T>(
  client: ReturnType<typeof apollo>,
  read: (data: T | undefined) => Page | null | undefined,
  query: TypedDocumentNode<T, { first?: number | null; after?: string | null }>,
  first: number,
): Promise<string[]> {
  let page = read((await client.query({ query, variables: { first } })).data);
  let pages = 1;
  while (page?.pageInfo.hasNextPage) {
    const next = await client.query({ query, variables: { first, after: page.pageInfo.endCursor }, fetchPolicy: 'network-only' });
    page = read(next.data);
    pages += 1;
    expect(pages).toBeLessThan(20);
  }
  expect(pages).toBeGreaterThan(1);
  const merged = read(client.readQuery({ query, variables: { first } }) ?? undefined);
  expect(merged?.pageInfo.hasNextPage).toBe(false);
  return merged?.edges.map((e) => e.node.id) ?? [];
}

describe('Apollo Client with InMemoryCache and relayStylePagination', () => {
  it('pages trails page by page into one cached list, equal to the list read at once', async () => {
    const client = apollo({ possibleTypes });
    const all = await client.query({ query: TrailsOverviewDocument, variables: { first: 50 } });
    const ids = all.data?.trails?.edges.map((e) => e.node.id);
    expect(ids).toHaveLength(2);

    const paged = await pageThrough(apollo({ possibleTypes }), (d) => d?.trails, TrailsOverviewDocument, 1);
    expect(paged).toEqual(ids);
  });

  it('pages insightEvents page by page into one cached list, equal to the list read at once', async () => {
    const client = apollo({ possibleTypes });
    const all = await client.query({ query: InsightEventsDocument, variables: { first: 50 } });
    const ids = all.data?.insightEvents?.edges.map((e) => e.node.id) ?? [];
    expect(ids.length).toBeGreaterThan(3);

    const paged = await pageThrough(apollo({ possibleTypes }), (d) => d?.insightEvents, InsightEventsDocument, 2);
    expect(paged).toEqual(ids);
  });

  type TrailOrError = { trail: { __typename: string; id?: string; name?: string; code?: string } | null };
  const TRAIL_OR_ERROR: TypedDocumentNode<TrailOrError, { name: string }> = gql`
    query TrailOrError($name: String!) {
      trail(nameOrArn: $name) {
        __typename
        ... on Trail { id name }
        ... on AwsError { code message retryable rejectedBeforeCall }
      }
    }
  `;

  it('keeps the AwsError fields of a union error member through the cache, given possibleTypes', async () => {
    const client = apollo({ possibleTypes });
    const { data } = await client.query({ query: TRAIL_OR_ERROR, variables: { name: 'no--such' } });
    expect(data?.trail).toEqual({
      __typename: 'InvalidTrailNameException',
      code: 'InvalidTrailNameException',
      message: expect.any(String),
      retryable: false,
      rejectedBeforeCall: true,
    });
    // Read back from the cache alone: the fields were stored, not just passed through.
    const cached = client.readQuery({ query: TRAIL_OR_ERROR, variables: { name: 'no--such' } });
    expect(cached).toEqual(data);
  });

  it('without possibleTypes the same error member loses its AwsError fields (what the shipped possibleTypes prevent)', async () => {
    const client = apollo();
    const { data } = await client.query({ query: TRAIL_OR_ERROR, variables: { name: 'no--such' }, errorPolicy: 'all' });
    expect(data?.trail).not.toHaveProperty('code');
  });

  it('a shipped mutation updates the trail already in the cache (it selects id and the changed fields)', async () => {
    const client = apollo({ possibleTypes });
    const before = await client.query({ query: TrailsOverviewDocument, variables: { first: 50 } });
    const europe = before.data?.trails?.edges.find((e) => e.node.name === 'europe')?.node;
    expect(europe?.insightSelectors?.enabled).toBe(false);

    const put = await client.mutate({
      mutation: PutTrailInsightSelectorsDocument,
      variables: { input: { trail: europe!.id, insightSelectors: [{ insightType: 'ApiErrorRateInsight' }] } },
    });
    expect(put.data?.putTrailInsightSelectors?.__typename).toBe('PutTrailInsightSelectorsPayload');

    // No refetch: the list query is answered from the cache, which the mutation result updated.
    const after = await client.query({ query: TrailsOverviewDocument, variables: { first: 50 }, fetchPolicy: 'cache-only' });
    const cached = after.data?.trails?.edges.find((e) => e.node.id === europe!.id)?.node;
    expect(cached?.insightSelectors).toEqual({
      __typename: 'InsightsConfiguration',
      enabled: true,
      selectors: [{ __typename: 'InsightSelector', insightType: 'ApiErrorRateInsight', eventCategories: ['Management'] }],
    });
  });
});
