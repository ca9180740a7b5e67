/**
 * Walking CloudTrail's NextToken pages from an arbitrary position.
 *
 * CloudTrail list operations (ListTrails, ListEventDataStores, LookupEvents, ListInsightsMetricData,
 * ListInsightsData...) page with an opaque NextToken and a page size CloudTrail (or MaxResults)
 * chooses. A client of the gateway asks for `first` items after a position, and that position may
 * fall anywhere inside an AWS page. A position is therefore the token that fetches the page holding
 * the next item plus the index of that item inside the page.
 */

/** One page as CloudTrail returns it. */
export interface AwsPage<Item> {
  items: Item[];
  /** Absent on the last page. */
  nextToken?: string;
}

/** Fetches the page that `nextToken` designates (the first page when undefined). */
export type FetchAwsPage<Item> = (nextToken: string | undefined) => Promise<AwsPage<Item>>;

/**
 * Where the next item lives: the token of its page and its index in that page. `done` marks the
 * position after the last item, which needs no AWS call to resume from.
 */
export type PagePosition =
  | { done: false; token: string | undefined; index: number }
  | { done: true };

export const START: PagePosition = { done: false, token: undefined, index: 0 };

export interface PositionedItem<Item> {
  item: Item;
  /** The position just after this item: resuming there yields the item that follows it. */
  after: PagePosition;
}

export interface CollectedItems<Item> {
  items: PositionedItem<Item>[];
  /** Whether more items follow the last collected one. */
  hasMore: boolean;
  /** AWS pages fetched to collect them. */
  pagesFetched: number;
}

/** Safety net against a service that keeps returning empty pages with a token. */
const MAX_EMPTY_PAGES_IN_A_ROW = 20;

/**
 * Collects up to `wanted` items starting at `from`, fetching only the pages it needs: pages are
 * fetched one after the other and the walk stops as soon as `wanted` items are in hand.
 *
 * Whether more items follow is decided without fetching ahead: items left in the current page, or
 * a NextToken (CloudTrail sends one only when there are more results: "If the token does not
 * appear, there are no more results to return", ListTrails API reference).
 */
export async function collectFromPages<Item>(
  from: PagePosition,
  wanted: number,
  fetchPage: FetchAwsPage<Item>,
): Promise<CollectedItems<Item>> {
  const items: PositionedItem<Item>[] = [];
  if (from.done || wanted <= 0) return { items, hasMore: !from.done, pagesFetched: 0 };

  let token = from.token;
  let index = from.index;
  let pagesFetched = 0;
  let emptyInARow = 0;
  for (;;) {
    const page = await fetchPage(token);
    pagesFetched += 1;
    const available = page.items.length - index;
    emptyInARow = available > 0 ? 0 : emptyInARow + 1;
    const take = Math.max(0, Math.min(available, wanted - items.length));
    for (let k = 0; k < take; k += 1) {
      const position = index + k;
      const isLastOfPage = position === page.items.length - 1;
      items.push({
        item: page.items[position] as Item,
        after: afterItem(token, position, isLastOfPage, page.nextToken),
      });
    }
    const leftInPage = available - take > 0;
    if (items.length >= wanted || leftInPage) {
      return { items, hasMore: leftInPage || page.nextToken !== undefined, pagesFetched };
    }
    if (page.nextToken === undefined || emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
      return { items, hasMore: false, pagesFetched };
    }
    token = page.nextToken;
    index = 0;
  }
}

/**
 * The position after the item at `index` of the page fetched with `token`. After the last item of a
 * page it points at the start of the next page, so resuming never refetches a page only to read its
 * NextToken.
 */
function afterItem(
  token: string | undefined,
  index: number,
  isLastOfPage: boolean,
  nextToken: string | undefined,
): PagePosition {
  if (!isLastOfPage) return { done: false, token, index: index + 1 };
  if (nextToken === undefined) return { done: true };
  return { done: false, token: nextToken, index: 0 };
}
