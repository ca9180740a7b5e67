import type { CloudTrailApi } from '../aws/cloudtrail-api.js';

/**
 * Per-request DataLoaders. Created once per GraphQL request (never shared across requests, so one
 * caller never sees another's cached answer) and batched so one query makes the fewest AWS calls.
 * Each domain adds its loaders in its own module and registers them here.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

export function createLoaders(_cloudTrail: CloudTrailApi): Loaders {
  return {};
}
