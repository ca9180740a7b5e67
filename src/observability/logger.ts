import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export const LOG_LEVELS: readonly (Level | 'silent')[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The gateway's JSON logger (pino): one object per line, ISO time, the level as a word, so any log
 * collector can index it without a parser. Stdout unless `destination` says otherwise (tests).
 */
export function createLogger(level: Level | 'silent' = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'cloudtrail-insights-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination(1),
  );
}
