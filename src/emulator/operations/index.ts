import type { OperationTable } from './types.js';
import { trailOperations } from './trails.js';

/** Every CloudTrail operation the emulator implements, by wire name. */
export const operations: OperationTable = {
  ...trailOperations,
};
