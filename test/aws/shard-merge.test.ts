import { describe, expect, it } from 'vitest';
import { START, type AwsPage, type PagePosition } from '../../src/aws/paging.js';
import { mergeShardPages } from '../../src/aws/shard-merge.js';

/**
 * The merge of many shards' NextToken pages, against an independent merge: every shard's whole
 * list concatenated in shard order and stably sorted newest first. Walked page after page from the
 * positions each answer gives, with every page fetch counted.
 */

interface Item {
  time: number;
  id: string;
}

/** A seeded generator, so a failure names the case that found it. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Shards of newest-first items, paged `pageSize` at a time, with tokens like CloudTrail's. */
function makeShards(seed: number, count: number) {
  const next = random(seed);
  return Array.from({ length: count }, (_, s) => {
    const n = Math.floor(next() * 40);
    // Few distinct times, so ties across shards are common.
    const items = Array.from({ length: n }, (_, i) => ({ time: Math.floor(next() * 20), id: `s${s}-${i}` })).sort((a, b) => b.time - a.time);
    return { items, pageSize: 1 + Math.floor(next() * 12) };
  });
}

function pager(shards: ReturnType<typeof makeShards>, fetched: string[]) {
  return async (shard: number, token: string | undefined): Promise<AwsPage<Item>> => {
    fetched.push(`${shard}:${token ?? ''}`);
    const { items, pageSize } = shards[shard]!;
    const offset = token === undefined ? 0 : Number(token.slice(1));
    const end = offset + pageSize;
    return { items: items.slice(offset, end), nextToken: end < items.length ? `t${end}` : undefined };
  };
}

/** The independent merge: concatenate in shard order, stable sort newest first. */
function expectedOrder(shards: ReturnType<typeof makeShards>): string[] {
  return shards.flatMap((s) => s.items).sort((a, b) => b.time - a.time).map((i) => i.id);
}

async function walk(shards: ReturnType<typeof makeShards>, pageSize: number, resumeFrom: 'next' | 'lastItem') {
  let from: readonly PagePosition[] = shards.map(() => START);
  const seen: string[] = [];
  for (let request = 0; request < 1000; request += 1) {
    const fetched: string[] = [];
    const merged = await mergeShardPages({
      from,
      wanted: pageSize,
      fetchPage: pager(shards, fetched),
      compare: (a: Item, b: Item) => b.time - a.time,
      maxPagesPerShard: 100,
    });
    // One call per shard page, no more.
    expect(new Set(fetched).size).toBe(fetched.length);
    seen.push(...merged.items.map((m) => m.item.id));
    if (!merged.hasMore) return seen;
    const last = merged.items.at(-1);
    from = resumeFrom === 'lastItem' && last ? last.after : merged.next;
  }
  throw new Error('the walk did not end');
}

describe('merging shards newest first', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('pages of 20 across 50 shards list every item once, in the independent merge\'s order (seed %i)', async (seed) => {
    const shards = makeShards(seed, 50);
    expect(await walk(shards, 20, 'next')).toEqual(expectedOrder(shards));
  });

  it.each([11, 12, 13])('resuming from an edge\'s own position gives the same list (seed %i, pages of 7 across 9 shards)', async (seed) => {
    const shards = makeShards(seed, 9);
    expect(await walk(shards, 7, 'lastItem')).toEqual(expectedOrder(shards));
  });

  it('reads one page per shard for a first page, then only the shards whose page ran out', async () => {
    const shards = [
      { items: [{ time: 9, id: 'a0' }, { time: 1, id: 'a1' }], pageSize: 1 },
      { items: [{ time: 8, id: 'b0' }, { time: 7, id: 'b1' }], pageSize: 2 },
      { items: [], pageSize: 5 },
    ];
    const fetched: string[] = [];
    const merged = await mergeShardPages({
      from: shards.map(() => START),
      wanted: 3,
      fetchPage: pager(shards, fetched),
      compare: (a: Item, b: Item) => b.time - a.time,
      maxPagesPerShard: 5,
    });
    expect(merged.items.map((m) => m.item.id)).toEqual(['a0', 'b0', 'b1']);
    // a's second page was needed to know a1 (time 1) comes after b0 and b1.
    expect(fetched).toEqual(['0:', '1:', '2:', '0:t1']);
    expect(merged.next).toEqual([{ done: false, token: 't1', index: 0 }, { done: true }, { done: true }]);
  });

  it('a shard that fails is reported, keeps its position, and the others answer', async () => {
    const shards = makeShards(21, 4);
    const fetched: string[] = [];
    const fetch = pager(shards, fetched);
    const merged = await mergeShardPages({
      from: shards.map(() => START),
      wanted: 1000,
      fetchPage: async (shard, token) => {
        if (shard === 2) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        return fetch(shard, token);
      },
      compare: (a: Item, b: Item) => b.time - a.time,
      maxPagesPerShard: 100,
    });
    expect(merged.failures.map((f) => f.shard)).toEqual([2]);
    expect(merged.items.map((m) => m.item.id)).toEqual(expectedOrder(shards.map((s, i) => (i === 2 ? { ...s, items: [] } : s))));
    expect(merged.next[2]).toEqual(START);
    expect(merged.hasMore).toBe(true);
  });
});
