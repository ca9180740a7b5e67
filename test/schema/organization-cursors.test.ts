import { CreateEventDataStoreCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrganizationGateway, type OrganizationTestGateway } from '../helpers/organization.js';
import { ACCOUNT } from '../helpers/trails.js';

/**
 * Merged cursors through yoga, the real SDK and the emulator, with CURSOR_SECRET and a small
 * MAX_INPUT_STRING_LENGTH: cursors longer than a request may carry are handed out as references
 * to the kept cursor, and a walk with them lists every item of every account-Region once.
 */

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const SECRET = 'test-cursor-secret-0123456789abcdef';
/** The input limit of this gateway: shorter than a cursor holding a NextToken and a keyed digest. */
const MAX_INPUT_STRING_LENGTH = 128;

let t: OrganizationTestGateway;

beforeAll(async () => {
  t = await startOrganizationGateway(
    { regions: REGIONS, roleName: 'CloudTrailInsightsReader', accounts: [{ id: ACCOUNT }] },
    // Pages of one event data store: every shard's second store is behind a NextToken.
    { emulator: { pageSize: 1 }, gateway: { cursorSecret: SECRET, requestLimits: { maxInputStringLength: MAX_INPUT_STRING_LENGTH } } },
  );
  for (const region of REGIONS) {
    for (const name of ['first', 'second']) await t.sdkClient(region).send(new CreateEventDataStoreCommand({ Name: `${name}-${region}` }));
  }
});
afterAll(() => t.close());

const PAGE = `query($after: String) {
  eventDataStores(first: 1, after: $after, scope: {}) { edges { node { name } } pageInfo { hasNextPage endCursor } failedShards { code } }
}`;

interface Page {
  eventDataStores: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; failedShards: unknown[] };
}

describe('merged cursors with CURSOR_SECRET and a small input limit', () => {
  it('a walk of pages of one lists every store of every Region once, its long cursors handed out as references that fit the limit', async () => {
    const names: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const res: { data?: Page; errors?: unknown } = await t.query<Page>(PAGE, { after });
      expect(res.errors).toBeUndefined();
      const page: Page['eventDataStores'] = res.data!.eventDataStores;
      expect(page.failedShards).toEqual([]);
      names.push(...page.edges.map((e) => e.node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      cursors.push(after!);
    }
    expect(names).toEqual(REGIONS.flatMap((region) => [`first-${region}`, `second-${region}`]));
    for (const cursor of cursors) expect(cursor.length).toBeLessThanOrEqual(MAX_INPUT_STRING_LENGTH);
    expect(cursors.some((c) => c.startsWith('ref.'))).toBe(true);
  });

  it('an altered reference is refused with BAD_USER_INPUT, not read', async () => {
    const res = await t.query<Page>(PAGE, { after: `ref.${'A'.repeat(43)}` });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.extensions?.awsCalls ?? {}).toEqual({});
  });
});
