import { fileURLToPath } from 'node:url';
import type { Clock } from '../clock.js';
import type { AppendResult, EventLog } from '../events/event-log.js';
import type { EmulatorStore } from '../store.js';
import { findLogFiles, readLogFile } from './files.js';
import { toEventFields } from './normalize.js';
import { parseLogBody, type IngestProblem } from './parse.js';
import { replayShiftSeconds, DEFAULT_REPLAY_OFFSET_SECONDS } from './replay.js';

export type { IngestProblem } from './parse.js';
export { replayRecent, DEFAULT_REPLAY_OFFSET_SECONDS } from './replay.js';

/** What ingest writes into: a running emulator (`startEmulator()`'s result) fits. */
export interface IngestTarget {
  store: EmulatorStore;
  /** Ingested events are stored under the account the emulator serves, whatever their recipientAccountId. */
  accountId: string;
  clock: Clock;
}

export interface IngestOptions {
  /**
   * Shift the events this ingest adds so that the newest lands just before now (by whole minutes,
   * so per-minute series and Insights keep their shape): `true` for the default offset.
   */
  replayRecent?: boolean | { offsetSeconds?: number };
}

export interface IngestReport {
  /** Log files read (paths) or bodies (one for a request body). */
  files: number;
  /** Event records found, readable or not. */
  records: number;
  /** Events new to the store. */
  added: number;
  /** Events skipped because an event with the same eventID was already stored (a second delivery). */
  duplicates: number;
  /** Malformed files and records, skipped; everything else was kept. */
  problems: IngestProblem[];
  /** Seconds every added event was moved by, when replayed. */
  shiftedBySeconds?: number;
  /**
   * Present when the store reached its bound (`--max-events`): ingest stopped there, and the
   * records and files after that point were not read.
   */
  limit?: { type: 'EventLimitReached'; maxEvents: number; message: string };
}

/** The invictus-ir sample shipped in `fixtures/`: 2,900 management events, us-east-1, 2023-07-10. */
export const SAMPLE_LOGS_DIR = fileURLToPath(new URL('../../../fixtures/invictus-ir_aws_dataset/CloudTrail', import.meta.url));

class IngestBatch {
  readonly report: IngestReport = { files: 0, records: 0, added: 0, duplicates: 0, problems: [] };
  private readonly from: number;

  constructor(private readonly log: EventLog) {
    this.from = log.pending().to;
  }

  addBody(body: Uint8Array | string, source: string): void {
    if (this.report.limit) return;
    this.report.files++;
    const parsed = parseLogBody(body, source, toEventFields);
    this.report.problems.push(...parsed.problems);
    const { items, ranges, records } = parsed;
    for (let k = 0; k < items.length; k++) {
      const fields = items[k];
      if (typeof fields === 'string') {
        this.report.records++;
        this.report.problems.push({ source, position: parsed.positionOf(k), message: fields });
        continue;
      }
      // AWS: eventID identifies an event; a second delivery (two trails writing to one bucket) counts once.
      let result: AppendResult;
      if (ranges) {
        result = this.log.append(fields, parsed.bytes, ranges[2 * k], ranges[2 * k + 1]);
      } else if (this.log.has(fields.eventID)) {
        result = 'duplicate';
      } else {
        const own = Buffer.from(JSON.stringify(records?.[k]));
        result = this.log.append(fields, own, 0, own.length);
      }
      if (result === 'full') {
        this.report.limit = { type: 'EventLimitReached', maxEvents: this.log.maxEvents, message: this.log.limitMessage() };
        return;
      }
      this.report.records++;
      if (result === 'duplicate') this.report.duplicates++;
      else this.report.added++;
    }
  }

  /** Moves the batch in time if asked, then makes it visible in one step. */
  finish(clock: Clock, options: IngestOptions): IngestReport {
    const { to } = this.log.pending();
    if (options.replayRecent && to > this.from) {
      const offset =
        typeof options.replayRecent === 'object'
          ? (options.replayRecent.offsetSeconds ?? DEFAULT_REPLAY_OFFSET_SECONDS)
          : DEFAULT_REPLAY_OFFSET_SECONDS;
      const seconds = replayShiftSeconds(this.log.newestTime(this.from, to), clock.now(), offset);
      this.log.shift(this.from, to, seconds);
      this.report.shiftedBySeconds = seconds;
    }
    this.log.commit();
    return this.report;
  }
}

/**
 * Ingests CloudTrail log files or directory trees (`.json`, `.json.gz`, `{"Records":[...]}` or
 * bare arrays). Files are read first and the store is changed in one synchronous step, so a
 * request never sees half an ingest. Ingesting the same files again changes nothing.
 */
export async function ingestLogFiles(
  target: IngestTarget,
  paths: readonly string[],
  options: IngestOptions = {},
): Promise<IngestReport> {
  const { files, problems } = await findLogFiles(paths);
  const bodies: { path: string; body?: Buffer; error?: string }[] = [];
  for (const path of files) {
    try {
      bodies.push({ path, body: await readLogFile(path) });
    } catch (err) {
      bodies.push({ path, error: (err as Error).message });
    }
  }
  const batch = new IngestBatch(target.store.account(target.accountId).events);
  batch.report.problems.push(...problems);
  for (const { path, body, error } of bodies) {
    if (batch.report.limit) break;
    if (body) batch.addBody(body, path);
    else batch.report.problems.push({ source: path, message: `Cannot read: ${error}` });
  }
  return batch.finish(target.clock, options);
}

/** Ingests one log body (JSON text or gzip bytes) given directly, e.g. an admin request body. */
export function ingestLogBody(
  target: IngestTarget,
  body: Uint8Array | string,
  source = 'request body',
  options: IngestOptions = {},
): IngestReport {
  const batch = new IngestBatch(target.store.account(target.accountId).events);
  batch.addBody(body, source);
  return batch.finish(target.clock, options);
}
