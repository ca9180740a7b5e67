import type { OperationTable } from './types.js';

/** Every CloudTrail operation the emulator implements, by wire name. */
export const operations: OperationTable = {};
