/**
 * The emulator's notion of "now". Fixed with `--now` so that historical logs fall inside
 * CloudTrail's retention windows, or the real time when unset.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}
