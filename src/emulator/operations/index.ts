import type { OperationTable } from './types.js';
import { trailOperations } from './trails.js';
import { insightsMetricsOperations } from './insights-metrics.js';
import { lookupEventsOperations } from './lookup-events.js';
import { insightsDataOperations } from './insights-data.js';
import { eventDataStoreOperations } from './event-data-stores.js';
import { eventSelectorOperations } from './event-selectors.js';
import { insightSelectorOperations } from './insight-selectors.js';
import { tagOperations } from './tags.js';
import { trailStatusOperations } from './trail-status.js';

/** Every CloudTrail operation the emulator implements, by wire name. */
export const operations: OperationTable = {
  ...trailOperations,
  ...insightsMetricsOperations,
  ...lookupEventsOperations,
  ...insightsDataOperations,
  ...eventDataStoreOperations,
  ...eventSelectorOperations,
  ...insightSelectorOperations,
  ...tagOperations,
  ...trailStatusOperations,
};
