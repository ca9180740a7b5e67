import type { RunningEmulator } from '../../src/emulator/index.js';

/** CloudTrail requests the emulator received, by operation, counted where it applies its faults. */
export interface EmulatorCallCounts {
  of(operation: string): number;
  total(): number;
  /** Requests the emulator answered with ThrottlingException (its `tps` fault, as AWS throttles). */
  throttled(): number;
  /** Forgets what was counted so far (after seeding, say). */
  reset(): void;
  stop(): void;
}

/**
 * Counts every CloudTrail request the emulator serves from now on. The emulator checks its fault
 * rules once per request, after any injected latency, so wrapping that check counts requests it
 * answered, as AWS would bill them.
 */
export function countEmulatorCalls(emulator: RunningEmulator): EmulatorCallCounts {
  const counts = new Map<string, number>();
  let throttled = 0;
  const faults = emulator.faults;
  const original = Object.getPrototypeOf(faults).check as typeof faults.check;
  faults.check = (operation, nowMs) => {
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    try {
      original.call(faults, operation, nowMs);
    } catch (error) {
      if ((error as Error).name === 'ThrottlingException') throttled += 1;
      throw error;
    }
  };
  return {
    of: (operation) => counts.get(operation) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    throttled: () => throttled,
    reset: () => {
      counts.clear();
      throttled = 0;
    },
    stop: () => {
      faults.check = original;
    },
  };
}
