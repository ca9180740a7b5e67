import type DataLoader from 'dataloader';
import type { GetEventDataStoreResponse, GetTrailStatusResponse, Tag, Trail } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '../aws/cloudtrail-api.js';
import { createEventDataStoreLoader } from './event-data-stores.js';
import { createInsightsReads, type InsightsReads } from './cached-pages.js';
import { createInsightsLoaders, type InsightsLoaders } from './insights.js';
import { createSelectorLoaders, type SelectorLoaders } from './selectors.js';
import { createTagsLoader } from './tags.js';
import { createTrailStatusLoader } from './trail-status.js';
import { createTrailLoader, type TrailKey } from './trails.js';

/**
 * Per-request DataLoaders. Created once per GraphQL request (never shared across requests, so one
 * caller never sees another's cached answer) and batched so one query makes the fewest AWS calls.
 * Each domain adds its loaders in its own module and registers them here.
 */
export interface Loaders {
  /** DescribeTrails, batched per region; null for an unknown trail. */
  trail: DataLoader<TrailKey, Trail | null, string>;
  /** GetTrailStatus by trail ARN. */
  trailStatus: DataLoader<string, GetTrailStatusResponse>;
  /** ListTags by resource ARN, batched 20 ARNs per call per region. */
  tags: DataLoader<string, Tag[]>;
  /** GetEventDataStore by ARN. */
  eventDataStore: DataLoader<string, GetEventDataStoreResponse>;
  /** GetInsightSelectors and GetEventSelectors, once per trail or event data store. */
  selectors: SelectorLoaders;
  /** Insights metric pages, LookupEvents and ListInsightsData pages, through the cross-request read cache. */
  insights: InsightsLoaders;
}

/** What loaders share across requests: created once per gateway (see createGateway). */
export interface SharedLoaderState {
  insights: InsightsReads;
}

export function createLoaders(
  cloudTrail: CloudTrailApi,
  shared: SharedLoaderState = { insights: createInsightsReads() },
): Loaders {
  return {
    trail: createTrailLoader(cloudTrail),
    trailStatus: createTrailStatusLoader(cloudTrail),
    tags: createTagsLoader(cloudTrail),
    eventDataStore: createEventDataStoreLoader(cloudTrail),
    insights: createInsightsLoaders(cloudTrail, shared.insights),
    selectors: createSelectorLoaders(cloudTrail),
  };
}
