import type { InsightSelector } from '@aws-sdk/client-cloudtrail';
import type { AccountStore, EventDataStoreRecord, TrailRecord } from '../store.js';
import type { InsightTypeName } from '../../rules/insights-metrics.js';
import { partitionOf } from '../../rules/region.js';

/** The events an Insights type analyses: management events, or a trail's data events. */
export type InsightSourceCategory = 'Management' | 'Data';

/**
 * AWS (InsightSelector.EventCategories): without EventCategories the selector enables Insights on
 * management events; with them, on exactly the categories listed.
 */
export function selectorsEnable(
  selectors: readonly InsightSelector[],
  insightType: InsightTypeName,
  category: InsightSourceCategory,
): boolean {
  return selectors.some((s) => {
    if (s.InsightType !== insightType) return false;
    const categories = s.EventCategories ?? [];
    return categories.length === 0 ? category === 'Management' : categories.includes(category);
  });
}

/** A trail sees the events of its home region, or of every region of its partition when it is multi-region. */
export function trailCoversRegion(trail: TrailRecord, region: string): boolean {
  if (trail.homeRegion === region) return true;
  return trail.isMultiRegionTrail && partitionOf(trail.homeRegion) === partitionOf(region);
}

function eventDataStoreCoversRegion(store: EventDataStoreRecord, region: string): boolean {
  if (store.status === 'PENDING_DELETION') return false;
  return store.region === region || (store.multiRegionEnabled && partitionOf(store.region) === partitionOf(region));
}

/** Trails that analyse `category` events of `region` with this Insights type, in ARN order. */
export function trailsWithInsights(
  account: AccountStore,
  region: string,
  insightType: InsightTypeName,
  category: InsightSourceCategory,
): TrailRecord[] {
  // A member's events are logged, and analysed, by its organization's trails too.
  return account
    .trailsWithOrganization()
    .filter((t) => trailCoversRegion(t, region) && selectorsEnable(t.insightSelectors, insightType, category))
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/**
 * Whether management-event Insights of this type run in `region`: a trail covering the region
 * enables them, or an event data store does (for ListInsightsMetricData; Insights events of an
 * event data store go to its destination store, not to LookupEvents).
 */
export function managementInsightsEnabled(
  account: AccountStore,
  region: string,
  insightType: InsightTypeName,
  options: { includeEventDataStores: boolean },
): boolean {
  if (trailsWithInsights(account, region, insightType, 'Management').length > 0) return true;
  if (!options.includeEventDataStores) return false;
  return [...account.eventDataStores.values()].some(
    (s) => eventDataStoreCoversRegion(s, region) && selectorsEnable(s.insightSelectors, insightType, 'Management'),
  );
}
