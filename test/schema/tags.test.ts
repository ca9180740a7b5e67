import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  CreateEventDataStoreCommand,
  DeleteEventDataStoreCommand,
  type CloudTrailClient,
} from '@aws-sdk/client-cloudtrail';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTrail, trailArn } from '../helpers/trails.js';

/**
 * ListTags fails as a whole when one resource of its list is gone. The gateway then asks for each
 * resource alone, so only the gone resource's `tags` fails, with CloudTrail's error.
 */

let t: TestGateway;
let east: CloudTrailClient;
beforeAll(async () => {
  t = await startTestGateway();
  east = t.sdkClient('us-east-1');
});
afterAll(() => t.close());
beforeEach(() => t.reset());

type TagsOf = { name: string; tags: { key: string; value: string | null }[] | null };

async function createStore(name: string, tags: { Key: string; Value: string }[] = []): Promise<string> {
  const out = await east.send(
    new CreateEventDataStoreCommand({ Name: name, TerminationProtectionEnabled: false, TagsList: tags }),
  );
  return out.EventDataStoreArn!;
}

describe('tags of a resource that is gone', () => {
  it('an event data store pending deletion fails its own tags only; the other store keeps its tags', async () => {
    await createStore('kept', [{ Key: 'team', Value: 'security' }]);
    const doomed = await createStore('doomed');
    // AWS: a deleted store stays listed, PENDING_DELETION, for 7 days; ListTags refuses it.
    await east.send(new DeleteEventDataStoreCommand({ EventDataStore: doomed }));

    const res = await t.query<{ eventDataStores: { edges: { node: TagsOf }[] } }>(
      '{ eventDataStores { edges { node { name tags { key value } } } } }',
    );
    expect(res.data?.eventDataStores.edges.map((e) => e.node)).toEqual([
      { name: 'kept', tags: [{ key: 'team', value: 'security' }] },
      { name: 'doomed', tags: null },
    ]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({
      path: ['eventDataStores', 'edges', 1, 'node', 'tags'],
      extensions: { code: 'InactiveEventDataStoreException', retryable: false },
    });
    // The batch of two failed, then one call per store.
    expect(res.extensions?.awsCalls?.ListTags).toBe(3);
  });

  it('a trail deleted between DescribeTrails and ListTags fails its own tags only', async () => {
    await createTrail(east, 'kept');
    await createTrail(east, 'deleted');
    await east.send(new AddTagsCommand({ ResourceId: trailArn('us-east-1', 'kept'), TagsList: [{ Key: 'env', Value: 'prod' }] }));
    // A concurrent DeleteTrail lands right before the gateway's first ListTags reaches CloudTrail.
    const faults = t.emulator.faults;
    const check = faults.check.bind(faults);
    let deleted = false;
    faults.check = (operation, nowMs) => {
      if (operation === 'ListTags' && !deleted) {
        t.emulator.store.account(t.emulator.accountId).trails.delete(trailArn('us-east-1', 'deleted'));
        deleted = true;
      }
      check(operation, nowMs);
    };
    try {
      const res = await t.query<{ trails: { edges: { node: TagsOf }[] } }>('{ trails { edges { node { name tags { key value } } } } }');
      expect(res.data?.trails.edges.map((e) => e.node)).toEqual([
        { name: 'deleted', tags: null },
        { name: 'kept', tags: [{ key: 'env', value: 'prod' }] },
      ]);
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0]).toMatchObject({
        path: ['trails', 'edges', 0, 'node', 'tags'],
        extensions: { code: 'ResourceNotFoundException', retryable: false },
      });
      expect(res.extensions?.awsCalls?.ListTags).toBe(3);
    } finally {
      faults.check = check;
    }
  });

  it('a failure of another kind is not retried per resource', async () => {
    await createTrail(east, 'alpha');
    await createTrail(east, 'bravo');
    t.emulator.faults.set({ failures: [{ operation: 'ListTags', errorType: 'ThrottlingException', times: 1 }] });
    const res = await t.query<{ trails: { edges: { node: TagsOf }[] } }>('{ trails { edges { node { name tags { key } } } } }');
    expect(res.data?.trails.edges.map((e) => e.node.tags)).toEqual([null, null]);
    expect(res.extensions?.awsCalls?.ListTags).toBe(1);
  });
});
