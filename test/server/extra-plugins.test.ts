import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('createGateway({ plugins })', () => {
  const started: TestGateway[] = [];
  afterAll(async () => Promise.all(started.map((t) => t.close())));

  it('adds a maintained plugin an operator chose, without forking', async () => {
    const plain = await startTestGateway();
    const locked = await startTestGateway({ gateway: { plugins: [useDisableIntrospection()] } });
    started.push(plain, locked);
    const introspect = '{ __schema { queryType { name } } }';
    expect((await plain.query(introspect)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await locked.query(introspect);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('runs them after the gateway\'s own plugins: the request id is set, the AWS calls are reported', async () => {
    const seen: { requestId: string | null; awsCalls: unknown }[] = [];
    const observer: Plugin = {
      onExecute: () => ({
        onExecuteDone: ({ result }) => {
          if (!('extensions' in result)) return;
          seen.push({ requestId: null, awsCalls: result.extensions?.awsCalls });
        },
      }),
      onResponse: ({ response }) => {
        seen.at(-1)!.requestId = response.headers.get('x-request-id');
      },
    };
    const t = await startTestGateway({ gateway: { plugins: [observer] } });
    started.push(t);
    const res = await t.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'op-42' },
      body: JSON.stringify({ query: '{ trails { edges { node { name } } } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('op-42');
    expect(seen).toEqual([{ requestId: 'op-42', awsCalls: { ListTrails: 1 } }]);
  });
});
