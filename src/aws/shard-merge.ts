/**
 * One list read across many shards (account-Regions), each paged by CloudTrail's NextToken, merged
 * into one order: Insights events newest first across every shard, trails account by account.
 *
 * A shard's position is a PagePosition (src/aws/paging.ts): the token of the page holding its next
 * item and that item's index. A merged position is one PagePosition per shard, so a page of 20
 * taken from 50 shards resumes exactly where each shard stopped.
 *
 * Reads are the fewest the order allows: the current page of every shard that is not done, in one
 * wave (the next item overall may be in any of them), then a shard's next page only when its page
 * is used up while more items are wanted, so each AWS page is read once (one call per shard page).
 */
import type { AwsPage, PagePosition } from './paging.js';

export interface ShardFailure {
  /** Index of the shard in the shard list. */
  shard: number;
  error: unknown;
}

export interface MergedItem<Item> {
  item: Item;
  shard: number;
  /** Every shard's position just after this item: resuming there yields what follows it. */
  after: readonly PagePosition[];
}

export interface MergedItems<Item> {
  items: MergedItem<Item>[];
  /** Where the next page resumes: after the last item, or further for shards read past it. */
  next: readonly PagePosition[];
  /** Whether any shard may hold more (a failed shard keeps its position, so it counts). */
  hasMore: boolean;
  /** Shards whose read failed: their position is kept, nothing of theirs after it is listed. */
  failures: ShardFailure[];
  /** AWS pages read, per shard. */
  pagesRead: number[];
}

export interface MergeOptions<Item> {
  /** One position per shard (START for a first page). */
  from: readonly PagePosition[];
  wanted: number;
  fetchPage: (shard: number, nextToken: string | undefined) => Promise<AwsPage<Item>>;
  /**
   * Negative when `a` comes before `b`. Ties are broken by shard order, and a shard's own items
   * keep CloudTrail's order, so the merge is deterministic.
   */
  compare: (a: Item, b: Item) => number;
  /** Pages read at most per shard and request: past it the merge stops with a position to resume from. */
  maxPagesPerShard: number;
}

interface ShardCursor<Item> {
  token: string | undefined;
  index: number;
  page?: AwsPage<Item>;
  done: boolean;
  failed: boolean;
}

/** The position of a shard: at its next item, at the start of its next page, or done. */
function positionOf<Item>(cursor: ShardCursor<Item>): PagePosition {
  if (cursor.done) return { done: true };
  const page = cursor.page;
  if (page && cursor.index >= page.items.length) {
    return page.nextToken === undefined ? { done: true } : { done: false, token: page.nextToken, index: 0 };
  }
  return { done: false, token: cursor.token, index: cursor.index };
}

export async function mergeShardPages<Item>(options: MergeOptions<Item>): Promise<MergedItems<Item>> {
  const { wanted, fetchPage, compare, maxPagesPerShard } = options;
  const cursors: ShardCursor<Item>[] = options.from.map((p) =>
    p.done ? { token: undefined, index: 0, done: true, failed: false } : { token: p.token, index: p.index, done: false, failed: false },
  );
  const pagesRead = cursors.map(() => 0);
  const failures: ShardFailure[] = [];
  const items: MergedItem<Item>[] = [];
  const positions = (): PagePosition[] => cursors.map(positionOf);

  /** Reads the page each listed shard is at, all at once; a failure takes that shard out of this merge. */
  const load = async (shards: number[]) => {
    await Promise.all(
      shards.map(async (shard) => {
        const cursor = cursors[shard] as ShardCursor<Item>;
        try {
          pagesRead[shard] = (pagesRead[shard] ?? 0) + 1;
          cursor.page = await fetchPage(shard, cursor.token);
        } catch (error) {
          cursor.failed = true;
          failures.push({ shard, error });
        }
      }),
    );
  };

  let stopped = false;
  if (wanted > 0) {
    await load(cursors.flatMap((c, shard) => (c.done ? [] : [shard])));
    while (items.length < wanted) {
      // Shards whose page is used up move to their next page, or are done.
      const toRead: number[] = [];
      for (const [shard, cursor] of cursors.entries()) {
        if (cursor.done || cursor.failed || !cursor.page || cursor.index < cursor.page.items.length) continue;
        if (cursor.page.nextToken === undefined) {
          cursor.done = true;
          continue;
        }
        if ((pagesRead[shard] ?? 0) >= maxPagesPerShard) {
          // This shard's next item is unknown, so no item after it can be placed: stop here.
          stopped = true;
          continue;
        }
        cursor.token = cursor.page.nextToken;
        cursor.index = 0;
        cursor.page = undefined;
        toRead.push(shard);
      }
      if (stopped) break;
      if (toRead.length > 0) {
        await load(toRead);
        continue;
      }
      let best = -1;
      let bestItem: Item | undefined;
      for (const [shard, cursor] of cursors.entries()) {
        if (cursor.done || cursor.failed || !cursor.page) continue;
        const head = cursor.page.items[cursor.index] as Item;
        if (best === -1 || compare(head, bestItem as Item) < 0) {
          best = shard;
          bestItem = head;
        }
      }
      if (best === -1) break;
      (cursors[best] as ShardCursor<Item>).index += 1;
      items.push({ item: bestItem as Item, shard: best, after: positions() });
    }
  }
  const next = positions();
  // In scope order, whichever answered first.
  failures.sort((a, b) => a.shard - b.shard);
  return { items, next, hasMore: next.some((p) => !p.done), failures, pagesRead };
}
