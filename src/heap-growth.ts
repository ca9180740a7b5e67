import { setFlagsFromString } from 'node:v8';

/**
 * How far the JavaScript heap may grow under load (HEAP_GROWING_PERCENT).
 *
 * A request waits on CloudTrail for milliseconds to seconds, long enough for its objects (SDK
 * answers, GraphQL results) to survive two young-generation collections and move to the old
 * generation, where they die soon after. V8 then sizes the old generation for that allocation
 * rate, up to 4 times what survived its last full collection, and gives the memory back only after
 * the process has idled for a while: under a steady mixed load the gateway's resident memory grew
 * to 1.47 times its start with the live heap barely larger (bench/memory.ts). A fixed growing factor
 * makes V8 collect the old generation sooner instead: at 35 % the same load ended at 1.03 to 1.1 times
 * the start, for a few more milliseconds of CPU per request in full collections (`npm run bench`
 * prints both). 20 % saved little more memory and cost more CPU; 50 % kept a little more memory.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 35;

/**
 * Sets V8's heap growing factor for this process. V8 reads it each time a full collection sets the
 * next heap limit, so setting it at start-up (before the load) takes effect. 0 leaves V8's heuristic.
 */
export function setHeapGrowingPercent(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
