import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export const LOG_LEVELS: readonly (Level | 'silent')[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The gateway's JSON logger (pino): one object per line, `time` in epoch milliseconds (pino's own,
 * and cheaper per line than an ISO string), the level as a word, so any log collector can index it
 * without a parser. Stdout, written asynchronously (lines written while one write is pending go out
 * together, instead of a system call per line); `flush()` at shutdown sends what is pending.
 * `destination` replaces stdout (tests, benchmarks).
 */
export function createLogger(level: Level | 'silent' = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'cloudtrail-insights-gateway' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
