import { createHash, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MemoryCursorStore } from '../../src/fleet/cursor-store.js';
import { canonicalRequestKey } from '../../src/aws/read-cache.js';
import type { GatewayContext } from '../../src/schema/context.js';
import { resolveShardedConnection } from '../../src/schema/shard-connection.js';
import { DEFAULT_REQUEST_LIMITS } from '../../src/server/limits.js';

/**
 * Merged cursors at the widest scope a query may have (ORG_MAX_SHARDS, 300 account-Regions), each
 * shard holding a NextToken the size of AWS's (random, so it does not compress): the cursor a
 * client gets fits the gateway's input limit (MAX_INPUT_STRING_LENGTH), resumes every shard at its
 * token, and, keyed with CURSOR_SECRET, cannot be forged. The shards' pages come from a function
 * (the cursor's encoding is under test, not CloudTrail); the field-level tests read the emulator.
 */

const ORG_MAX_SHARDS = 300;
const shards = Array.from({ length: ORG_MAX_SHARDS }, (_, k) => ({ accountId: String(100000000000 + Math.floor(k / 30)), region: `region-${k % 30}` }));
/** AWS's LookupEvents NextTokens are around 100-200 characters of base64 ciphertext. */
const tokens = shards.map(() => randomBytes(120).toString('base64'));
const SECRET = 'a-cursor-secret-of-at-least-thirty-two-chars';

function contextWith(secret: string | undefined, store = new MemoryCursorStore()): GatewayContext {
  return {
    organization: { forAccount: () => ({}) },
    shardCursors: { ...(secret ? { secret } : {}), store, inlineMaxChars: DEFAULT_REQUEST_LIMITS.maxInputStringLength },
  } as unknown as GatewayContext;
}

/** Every shard holds two items on two pages: its first page ends with the shard's token. */
function read(ctx: GatewayContext, after: string | null, first: number, seen: (string | undefined)[][] = []) {
  return resolveShardedConnection<string, string>({
    args: { first, after },
    connection: 'test',
    boundTo: {},
    shards,
    ctx,
    fetchPage: (shard, _reads, nextToken) => {
      const k = shards.indexOf(shard);
      (seen[k] ??= []).push(nextToken);
      return Promise.resolve(nextToken === undefined ? { items: [`${k}-a`], nextToken: tokens[k] } : { items: [`${k}-b`] });
    },
    // Every shard's first item before any second one: the merge then leaves each shard at its token.
    compare: (x, y) => x.item.slice(-1).localeCompare(y.item.slice(-1)),
    toNodes: (items) => Promise.resolve(items.map((i) => i.item)),
    maxFirst: 1000,
  });
}

describe('a cursor over ORG_MAX_SHARDS shards, each with an AWS-sized NextToken', () => {
  it('fits MAX_INPUT_STRING_LENGTH as a reference to the kept cursor, and resumes every shard at its token', async () => {
    const ctx = contextWith(SECRET);
    // The first item of every shard: each shard then stands at its NextToken (its second page read to compare).
    const page = await read(ctx, null, ORG_MAX_SHARDS);
    expect(page.edges).toHaveLength(ORG_MAX_SHARDS);
    const cursor = page.pageInfo.endCursor!;
    expect(cursor.length).toBeLessThanOrEqual(DEFAULT_REQUEST_LIMITS.maxInputStringLength);
    expect(cursor).toMatch(/^ref\.[\w-]{43}$/);
    const seen: (string | undefined)[][] = [];
    const next = await read(ctx, cursor, ORG_MAX_SHARDS, seen);
    expect(next.edges.map((e) => e.node)).toEqual(shards.map((_, k) => `${k}-b`));
    // Each shard was asked for exactly its own token, once.
    expect(seen).toEqual(tokens.map((token) => [token]));
  });

  it('a short cursor is handed out as is', async () => {
    const page = await read(contextWith(SECRET), null, 1);
    expect(page.pageInfo.endCursor).toMatch(/^[\w-]+$/);
    expect(page.pageInfo.endCursor!.length).toBeLessThan(DEFAULT_REQUEST_LIMITS.maxInputStringLength);
  });

  it('a reference no longer kept (another process, or expired) is BAD_USER_INPUT', async () => {
    const cursor = (await read(contextWith(SECRET), null, ORG_MAX_SHARDS)).pageInfo.endCursor!;
    await expect(read(contextWith(SECRET), cursor, 1)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('no longer kept') });
  });
});

describe('the keyed digest (CURSOR_SECRET)', () => {
  /** A client's forgery: the cursor's JSON with shard 0 moved to another token, digested as the gateway's source does without a key. */
  function forged(cursor: string): string {
    const body = JSON.parse(inflateRawSync(Buffer.from(cursor, 'base64url')).toString('utf8')) as { h: string; p: unknown[] };
    body.p[0] = ['forged-token', 0];
    const key = canonicalRequestKey({ connection: 'test', boundTo: {}, shards: shards.map((s) => `${s.accountId}/${s.region}`), state: null, positions: body.p });
    body.h = createHash('sha256').update(key).digest('base64url').slice(0, 22);
    return deflateRawSync(JSON.stringify(body)).toString('base64url');
  }

  it('without a secret, anyone can recompute the digest: a forged shard token is accepted (why CURSOR_SECRET exists)', async () => {
    const ctx = contextWith(undefined);
    const cursor = (await read(ctx, null, 1)).pageInfo.endCursor!;
    const seen: (string | undefined)[][] = [];
    await read(ctx, forged(cursor), 1, seen);
    expect(seen[0]).toEqual(['forged-token']);
  });

  it('with a secret, the same forgery is refused before any read, and so is a cursor keyed with another secret', async () => {
    const ctx = contextWith(SECRET);
    const cursor = (await read(ctx, null, 1)).pageInfo.endCursor!;
    const seen: (string | undefined)[][] = [];
    await expect(read(ctx, forged(cursor), 1, seen)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(seen).toEqual([]);
    const other = (await read(contextWith('another-secret-also-thirty-two-characters-long'), null, 1)).pageInfo.endCursor!;
    await expect(read(ctx, other, 1)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    // The genuine cursor resumes.
    await expect(read(ctx, cursor, 1)).resolves.toMatchObject({ edges: [{ node: '1-a' }] });
  });
});

describe('CURSOR_SECRET', () => {
  it('is the gateway\'s cursor key, refused when shorter than 32 characters', () => {
    expect(loadConfig({ CURSOR_SECRET: SECRET }).gateway.cursorSecret).toBe(SECRET);
    expect(loadConfig({}).gateway.cursorSecret).toBeUndefined();
    expect(() => loadConfig({ CURSOR_SECRET: 'too-short' })).toThrow(/CURSOR_SECRET must be at least 32 characters/);
  });
});
