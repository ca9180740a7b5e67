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
  items: readonly Item[];
  /** Absent on the last page. */
  nextToken?: string;
}

/**
 * Fetches the page that `nextToken` designates (the first page when undefined). `state` is the
 * connection's cursor state (see resolveNextTokenConnection), the same on every page of one walk.
 */
export type FetchAwsPage<Item, State = undefined> = (
  nextToken: string | undefined,
  state: State,
) => Promise<AwsPage<Item>>;

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
  /** Whether more items may follow the last collected one. */
  hasMore: boolean;
  /**
   * Where the next walk resumes: after the last collected item, or, when pages were read past it
   * (pages whose items were all filtered out), at the start of the next unread page. Moving past
   * those pages keeps a resumed walk from reading them again.
   */
  next: PagePosition;
  /** AWS pages fetched to collect them. */
  pagesFetched: number;
}

/**
 * AWS pages read at most per walk. A filtered list (LookupEvents by one attribute and filtered
 * further here, Insights Start events only...) can return page after page with no item the client
 * wants; each page is one call against quotas as low as 2 per second (LookupEvents). Past this
 * budget the walk stops with fewer items than wanted, even none, and a position at the next page,
 * so the client resumes where it stopped instead of the items silently disappearing.
 */
export const DEFAULT_MAX_AWS_PAGES = 5;

/**
 * Collects up to `wanted` items starting at `from`, fetching only the pages it needs: pages are
 * fetched one after the other and the walk stops as soon as `wanted` items are in hand, at the end
 * of the list, or after `maxPages` pages.
 *
 * Whether more items follow is decided without fetching ahead: items left in the current page, or
 * a NextToken (CloudTrail sends one only when there are more results: "If the token does not
 * appear, there are no more results to return", ListTrails API reference).
 */
export async function collectFromPages<Item>(
  from: PagePosition,
  wanted: number,
  fetchPage: (nextToken: string | undefined) => Promise<AwsPage<Item>>,
  maxPages = DEFAULT_MAX_AWS_PAGES,
): Promise<CollectedItems<Item>> {
  const items: PositionedItem<Item>[] = [];
  if (from.done || wanted <= 0) return { items, hasMore: !from.done, next: from, pagesFetched: 0 };

  let token = from.token;
  let index = from.index;
  let pagesFetched = 0;
  for (;;) {
    const page = await fetchPage(token);
    pagesFetched += 1;
    const available = page.items.length - index;
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
    if (leftInPage) {
      return { items, hasMore: true, next: { done: false, token, index: index + take }, pagesFetched };
    }
    if (page.nextToken === undefined) return { items, hasMore: false, next: { done: true }, pagesFetched };
    if (items.length >= wanted || pagesFetched >= maxPages) {
      return { items, hasMore: true, next: { done: false, token: page.nextToken, index: 0 }, pagesFetched };
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
