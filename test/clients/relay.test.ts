import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  commitLocalUpdate,
  ConnectionHandler,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  Network,
  RecordSource,
  Store,
  type ConcreteRequest,
  type GraphQLResponse,
} from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpGateway } from '../helpers/http-gateway.js';
import { startSampleHttpGateway } from '../helpers/sample-http-gateway.js';

/**
 * Relay: the real relay-compiler compiles fragments with `@connection` on every connection field of
 * the schema (which it refuses on a field that does not return a connection type), and relay-runtime
 * pages one of them and refetches an InsightEvent through `node(id:)`, against the gateway over HTTP.
 */

const run = promisify(execFile);
const RELAY_COMPILER = resolve('node_modules/relay-compiler/cli.js');

/** One fragment per connection field: trails, eventDataStores, insightEvents, InsightEvent.events, InsightsMetricSeries.points. */
const FRAGMENTS = `
import { graphql } from 'relay-runtime';

export const trails = graphql\`
  fragment RelayTrails_query on Query
  @refetchable(queryName: "RelayTrailsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 1 }, cursor: { type: "String" }) {
    trails(first: $count, after: $cursor) @connection(key: "RelayTrails_trails") { edges { node { id name } } }
  }
\`;

export const stores = graphql\`
  fragment RelayStores_query on Query
  @refetchable(queryName: "RelayStoresPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 1 }, cursor: { type: "String" }) {
    eventDataStores(first: $count, after: $cursor) @connection(key: "RelayStores_eventDataStores") { edges { node { id name } } }
  }
\`;

export const insights = graphql\`
  fragment RelayInsights_query on Query
  @refetchable(queryName: "RelayInsightsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 2 }, cursor: { type: "String" }) {
    insightEvents(first: $count, after: $cursor) @connection(key: "RelayInsights_insightEvents") {
      edges { node { id eventName ...RelayInsight_insight } }
    }
  }
\`;

export const insight = graphql\`
  fragment RelayInsight_insight on InsightEvent
  @refetchable(queryName: "RelayInsightRefetchQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 2 }, cursor: { type: "String" }) {
    id
    sharedEventId
    state
    eventName
    events(first: $count, after: $cursor) @connection(key: "RelayInsight_events") { edges { node { eventId } } }
    metricSeries(contextMinutes: 5) { ...RelaySeries_series @alias }
  }
\`;

export const series = graphql\`
  fragment RelaySeries_series on InsightsMetricSeries
  @refetchable(queryName: "RelaySeriesPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 3 }, cursor: { type: "String" }) {
    id
    total
    points(first: $count, after: $cursor) @connection(key: "RelaySeries_points") { edges { node { timestamp value } } }
  }
\`;
`;

let gateway: HttpGateway;
let workDir: string;
const artifacts = new Map<string, ConcreteRequest>();

beforeAll(async () => {
  gateway = await startSampleHttpGateway();
  workDir = mkdtempSync(join(tmpdir(), 'relay-'));
  mkdirSync(join(workDir, 'src', '__generated__'), { recursive: true });
  writeFileSync(join(workDir, 'package.json'), JSON.stringify({ name: 'relay-app', private: true, type: 'module' }));
  writeFileSync(join(workDir, 'src', 'fragments.js'), FRAGMENTS);
  copyFileSync('schema/schema.graphql', join(workDir, 'schema.graphql'));
  writeFileSync(
    join(workDir, 'relay.config.json'),
    JSON.stringify({ src: './src', schema: './schema.graphql', language: 'javascript', eagerEsModules: true, artifactDirectory: './src/__generated__' }),
  );
  await run(process.execPath, [RELAY_COMPILER], { cwd: workDir });
  const generated = join(workDir, 'src', '__generated__');
  for (const file of readdirSync(generated)) {
    const module = (await import(pathToFileURL(join(generated, file)).href)) as { default: ConcreteRequest };
    artifacts.set(file.replace(/\.graphql\.js$/, ''), module.default);
  }
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function environment(responses: GraphQLResponse[]) {
  return new Environment({
    network: Network.create(async (params, variables) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: params.text, operationName: params.name, variables }),
      });
      const json = (await response.json()) as GraphQLResponse;
      responses.push(json);
      return json;
    }),
    store: new Store(new RecordSource()),
  });
}

function query(name: string): ConcreteRequest {
  const request = artifacts.get(name);
  if (!request) throw new Error(`relay-compiler generated no ${name}`);
  return request;
}

describe('relay-compiler', () => {
  it('compiles @connection on every connection field into pagination and refetch queries', () => {
    expect([...artifacts.keys()].sort()).toEqual([
      'RelayInsightRefetchQuery',
      'RelayInsight_insight',
      'RelayInsightsPaginationQuery',
      'RelayInsights_query',
      'RelaySeriesPaginationQuery',
      'RelaySeries_series',
      'RelayStoresPaginationQuery',
      'RelayStores_query',
      'RelayTrailsPaginationQuery',
      'RelayTrails_query',
    ]);
    // The refetch query of an InsightEvent reads it back through node(id:).
    expect(query('RelayInsightRefetchQuery').params.text).toMatch(/node\(id: \$id\)/);
  });
});

describe('relay-runtime', () => {
  /** The edges of a client-side connection record, as Relay's ConnectionHandler merged them. */
  function connectionEdges(env: Environment, key: string): { ids: string[]; endCursor: string | null; hasNextPage: boolean } {
    let out = { ids: [] as string[], endCursor: null as string | null, hasNextPage: false };
    commitLocalUpdate(env, (store) => {
      const connection = ConnectionHandler.getConnection(store.getRoot(), key);
      if (!connection) throw new Error(`no connection ${key} in the store`);
      const pageInfo = connection.getLinkedRecord('pageInfo');
      out = {
        ids: (connection.getLinkedRecords('edges') ?? []).map((edge) => String(edge?.getLinkedRecord('node')?.getDataID())),
        endCursor: (pageInfo?.getValue('endCursor') as string | null) ?? null,
        hasNextPage: pageInfo?.getValue('hasNextPage') === true,
      };
    });
    return out;
  }

  it('pages insightEvents: the connection handler merges every page into the list read at once', async () => {
    const responses: GraphQLResponse[] = [];
    const env = environment(responses);
    const pagination = query('RelayInsightsPaginationQuery');

    const all = environment([]);
    await fetchQuery(all, pagination, { count: 50, cursor: null }).toPromise();
    const everything = connectionEdges(all, 'RelayInsights_insightEvents');
    expect(everything.hasNextPage).toBe(false);
    expect(everything.ids.length).toBeGreaterThan(3);

    let cursor: string | null = null;
    let pages = 0;
    do {
      const variables = { count: 2, cursor };
      env.retain(createOperationDescriptor(pagination, variables));
      await fetchQuery(env, pagination, variables).toPromise();
      const merged = connectionEdges(env, 'RelayInsights_insightEvents');
      cursor = merged.hasNextPage ? merged.endCursor : null;
      pages += 1;
      expect(pages).toBeLessThan(20);
    } while (cursor !== null);
    expect(pages).toBeGreaterThan(2);
    expect(responses.every((r) => !('errors' in r) || r.errors === undefined)).toBe(true);
    expect(connectionEdges(env, 'RelayInsights_insightEvents').ids).toEqual(everything.ids);
  });

  it('refetches an InsightEvent through node(id:) into the same store record, with its own connection', async () => {
    const env = environment([]);
    const pagination = query('RelayInsightsPaginationQuery');
    env.retain(createOperationDescriptor(pagination, { count: 1, cursor: null }));
    await fetchQuery(env, pagination, { count: 1, cursor: null }).toPromise();
    const [id] = connectionEdges(env, 'RelayInsights_insightEvents').ids;
    const listed = env.getStore().getSource().get(id!);
    expect(listed?.eventName).toEqual(expect.any(String));

    const responses: GraphQLResponse[] = [];
    const refetchEnv = environment(responses);
    const refetch = query('RelayInsightRefetchQuery');
    const variables = { id, count: 2, cursor: null };
    refetchEnv.retain(createOperationDescriptor(refetch, variables));
    await fetchQuery(refetchEnv, refetch, variables).toPromise();
    expect(responses).toHaveLength(1);
    expect(responses[0]).not.toHaveProperty('errors');
    const refetched = refetchEnv.getStore().getSource().get(id!);
    expect(refetched).toMatchObject({ __id: id, __typename: 'InsightEvent', eventName: listed?.eventName, sharedEventId: listed?.sharedEventId });
    expect(refetched?.state).toBe('ENDED');
    // Its own connection (InsightEvent.events) came along, under its @connection key.
    let events: unknown[] | null = null;
    commitLocalUpdate(refetchEnv, (store) => {
      const record = store.get(id!);
      events = record ? (ConnectionHandler.getConnection(record, 'RelayInsight_events')?.getLinkedRecords('edges') ?? null) : null;
    });
    expect(events).not.toBeNull();
  });
});
