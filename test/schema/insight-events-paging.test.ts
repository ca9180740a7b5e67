import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import { startSampleInsightsGateway } from '../helpers/insights-gateway.js';

/**
 * insightEvents cursors while CloudTrail keeps delivering Insights: a walk's pages read one window,
 * so an Insight that arrives between two pages neither repeats nor hides an item of the walk.
 */

/** The sample logs span 2023-07-10 11:42-12:37 UTC; their Insights have all ended by now. */
const NOW = new Date('2023-07-11T00:00:00Z');

const QUERY = `query($first: Int, $after: String) { insightEvents(first: $first, after: $after) {
  __typename
  edges { node { sharedEventId eventSource eventName startTime } } pageInfo { hasNextPage endCursor }
} }`;

interface Page {
  __typename: string;
  edges: { node: { sharedEventId: string; eventSource: string; eventName: string; startTime: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * 20 SNS CreateTopic write calls in one minute, a minute after NOW. The sample holds no such call,
 * so against that quiet baseline (mean 0) the minute is unusual: an ApiCallRateInsight starts at
 * 00:01 and ends at 00:02 (the emulator's rule follows the User Guide: at least 10 calls, more than
 * the baseline mean plus 3 standard deviations).
 */
const burst = Array.from({ length: 20 }, (_, i) => ({
  eventVersion: '1.08',
  eventID: `b0057000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  eventTime: new Date(NOW.getTime() + 60_000 + i * 2000).toISOString().replace('.000Z', 'Z'),
  eventSource: 'sns.amazonaws.com',
  eventName: 'CreateTopic',
  awsRegion: 'us-east-1',
  eventCategory: 'Management',
  managementEvent: true,
  readOnly: false,
}));

let t: TestGateway;
let now = NOW;
beforeAll(async () => {
  // The read cache is off: every page is read from the emulator as it is at that moment.
  t = await startSampleInsightsGateway(NOW, { clock: () => now });
  // The emulator's clock is its own object: moving it moves this emulator only.
  t.emulator.clock.now = () => new Date(now.getTime());
});
afterAll(() => t.close());

async function page(variables: { first: number; after?: string | null }): Promise<Page> {
  const response = await t.query<{ insightEvents: Page }>(QUERY, variables);
  expect(response.errors).toBeUndefined();
  const result = response.data?.insightEvents as Page;
  expect(result.__typename).toBe('InsightEventConnection');
  return result;
}

describe('insightEvents paging while a new Insight arrives', () => {
  it('the second page continues the window of the first: no Insight repeats and none is lost', async () => {
    const whole = await page({ first: 50 });
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const walkedAtOnce = whole.edges.map((e) => e.node.sharedEventId);
    expect(walkedAtOnce.length).toBeGreaterThan(3);

    const first = await page({ first: 3 });
    expect(first.pageInfo.hasNextPage).toBe(true);

    const ingest = await fetch(`${t.emulator.url}/_emulator/ingest`, { method: 'POST', body: JSON.stringify(burst) });
    expect(ingest.status).toBe(200);
    now = new Date(NOW.getTime() + 5 * 60_000);
    // A walk begun now sees the new Insight first: it is newer than every item of the first page.
    const fresh = await page({ first: 1 });
    expect(fresh.edges.map((e) => [e.node.eventSource, e.node.eventName, e.node.startTime])).toEqual([
      ['sns.amazonaws.com', 'CreateTopic', '2023-07-11T00:01:00.000Z'],
    ]);

    const second = await page({ first: 50, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasNextPage).toBe(false);
    const walkedInTwo = [...first.edges, ...second.edges].map((e) => e.node.sharedEventId);
    expect(walkedInTwo).toEqual(walkedAtOnce);
  });
});
