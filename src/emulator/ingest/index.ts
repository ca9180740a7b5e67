import { fileURLToPath } from 'node:url';
import type { Clock } from '../clock.js';
import type { AppendResult, EventLog } from '../events/event-log.js';
import type { EmulatorStore } from '../store.js';
import { findLogFiles, readLogFile } from './files.js';
import { emptyEventFields, readEventFields } from './normalize.js';
import { parseLogBody, type IngestProblem } from './parse.js';
import { replayShiftSeconds, DEFAULT_REPLAY_OFFSET_SECONDS } from './replay.js';

export type { IngestProblem } from './parse.js';
export { replayRecent, DEFAULT_REPLAY_OFFSET_SECONDS } from './replay.js';

/** What ingest writes into: a running emulator (`startEmulator()`'s result) fits. */
export interface IngestTarget {
  store: EmulatorStore;
  /**
   * The default account: events whose recipientAccountId names an account the emulator does not
   * hold are stored here; others in the account they name.
   */
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

/** The events a batch added to one account's log: positions [from, pending().to) until committed. */
interface AccountBatch {
  log: EventLog;
  from: number;
}

/** A record's recipientAccountId, when it has one. */
function recipientOf(raw: unknown): unknown {
  return raw !== null && typeof raw === 'object' ? (raw as { recipientAccountId?: unknown }).recipientAccountId : undefined;
}

class IngestBatch {
  readonly report: IngestReport = { files: 0, records: 0, added: 0, duplicates: 0, problems: [] };
  private readonly accounts = new Map<string, AccountBatch>();

  constructor(private readonly target: IngestTarget) {}

  /** The batch of the account a record belongs in (see EmulatorStore.accountForRecipient). */
  private batchOf(recipientAccountId: unknown): AccountBatch {
    const accountId = this.target.store.accountForRecipient(recipientAccountId, this.target.accountId);
    let batch = this.accounts.get(accountId);
    if (!batch) {
      const log = this.target.store.account(accountId).events;
      batch = { log, from: log.pending().to };
      this.accounts.set(accountId, batch);
    }
    return batch;
  }

  addBody(body: Uint8Array | string, source: string): void {
    if (this.report.limit) return;
    this.report.files++;
    // Recipients are read only when the emulator holds several accounts.
    const routed = this.target.store.holdsSeveralAccounts();
    const report = this.report;
    const before = { records: report.records, added: report.added, duplicates: report.duplicates };
    /** Each log this body added to, with its size before: what a restart goes back to. */
    const sizes = new Map<EventLog, number>();
    let lastLog: EventLog | undefined;
    let recordProblems: { k: number; message: string }[] = [];
    let single: AccountBatch | undefined;
    const fields = emptyEventFields();
    const parsed = parseLogBody(body, source, {
      record: (raw, k, bytes, start, end) => {
        // Past the store's bound the log is still read to its end (a syntax error anywhere in it
        // means none of it is stored), but nothing more is kept.
        if (report.limit) return;
        const problem = readEventFields(raw, fields);
        if (problem !== undefined) {
          report.records++;
          recordProblems.push({ k, message: problem });
          return;
        }
        const { log } = routed ? this.batchOf(recipientOf(raw)) : (single ??= this.batchOf(undefined));
        if (log !== lastLog && !sizes.has(log)) sizes.set(log, log.size);
        lastLog = log;
        // AWS: eventID identifies an event; a second delivery (two trails writing to one bucket) counts once.
        let result: AppendResult;
        if (start !== undefined && end !== undefined) {
          result = log.append(fields, bytes, start, end);
        } else if (log.has(fields.eventID)) {
          result = 'duplicate';
        } else {
          const own = Buffer.from(JSON.stringify(raw));
          result = log.append(fields, own, 0, own.length);
        }
        if (result === 'full') {
          report.limit = { type: 'EventLimitReached', maxEvents: log.maxEvents, message: log.limitMessage() };
          return;
        }
        report.records++;
        if (result === 'duplicate') report.duplicates++;
        else report.added++;
      },
      restart: () => {
        for (const [log, size] of sizes) log.truncate(size);
        sizes.clear();
        lastLog = undefined;
        Object.assign(report, before);
        delete report.limit;
        recordProblems = [];
      },
    });
    report.problems.push(...parsed.problems);
    for (const { k, message } of recordProblems) report.problems.push({ source, position: parsed.positionOf(k), message });
  }

  /** Moves the batch in time if asked (every account by the same shift), then makes it visible in one step. */
  finish(clock: Clock, options: IngestOptions): IngestReport {
    const added = [...this.accounts.values()].filter((b) => b.log.pending().to > b.from);
    if (options.replayRecent && added.length > 0) {
      const offset =
        typeof options.replayRecent === 'object'
          ? (options.replayRecent.offsetSeconds ?? DEFAULT_REPLAY_OFFSET_SECONDS)
          : DEFAULT_REPLAY_OFFSET_SECONDS;
      const newest = Math.max(...added.map((b) => b.log.newestTime(b.from, b.log.pending().to)));
      const seconds = replayShiftSeconds(newest, clock.now(), offset);
      for (const b of added) b.log.shift(b.from, b.log.pending().to, seconds);
      this.report.shiftedBySeconds = seconds;
    }
    for (const b of this.accounts.values()) b.log.commit();
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
  const batch = new IngestBatch(target);
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
  const batch = new IngestBatch(target);
  batch.addBody(body, source);
  return batch.finish(target.clock, options);
}
