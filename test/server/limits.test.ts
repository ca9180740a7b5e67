import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** `{ trails { edges { node { tags { key } } } } }` nests 5 levels below the operation. */
const FIVE_DEEP = /* GraphQL */ `query { trails { edges { node { tags { key } } } } }`;

describe('query limits', () => {
  it('refuses a document nested deeper than maxQueryDepth before calling AWS', async () => {
    t = await startTestGateway({ gateway: { maxQueryDepth: 4 } });
    const res = await t.query(FIVE_DEEP);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].message).toMatch(/depth limit/i);
  });

  it('runs the same document when it is within the depth limit', async () => {
    t = await startTestGateway({ gateway: { maxQueryDepth: 5 } });
    const res = await t.query(FIVE_DEEP);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ trails: { edges: [] } });
  });

  it('refuses a document costlier than maxQueryCost', async () => {
    t = await startTestGateway({ gateway: { maxQueryCost: 10 } });
    const res = await t.query(FIVE_DEEP);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].message).toMatch(/cost limit/i);
  });

  it('exempts introspection, so GraphiQL can load the schema', async () => {
    t = await startTestGateway({ gateway: { maxQueryDepth: 2, maxQueryCost: 10 } });
    const res = await t.query(/* GraphQL */ `query { __schema { types { name fields { name type { name ofType { name } } } } } }`);
    expect(res.errors).toBeUndefined();
  });
});
