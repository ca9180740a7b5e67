import { open, rename, unlink, type FileHandle } from 'node:fs/promises';

/**
 * Where audit records go: one JSON object per line, written in order. A write resolves only once
 * the line is handed to the OS (stdout) or synced to disk (file), and rejects when it is not, so
 * the caller can refuse to act unrecorded.
 */
export interface AuditSink {
  /** Writes one record line; rejects when it could not be written. */
  write(line: string): Promise<void>;
  /** Where records go, for the start-up line. */
  readonly description: string;
  close(): Promise<void>;
}

/** Records on the process's stdout, for a log collector to ship (the default). */
export function stdoutAuditSink(stream: NodeJS.WritableStream = process.stdout): AuditSink {
  return {
    description: 'stdout',
    write: (line) =>
      new Promise((resolve, reject) => {
        stream.write(`${line}\n`, (err) => (err ? reject(err) : resolve()));
      }),
    close: () => Promise.resolve(),
  };
}

/** Records kept in memory, for tests and embedding. */
export function memoryAuditSink(): AuditSink & { lines: string[]; records<T = Record<string, unknown>>(): T[] } {
  const lines: string[] = [];
  return {
    description: 'memory',
    lines,
    records: <T>() => lines.map((line) => JSON.parse(line) as T),
    write: (line) => {
      lines.push(line);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

export interface RotatingFileOptions {
  /** Rotate before a write would take the file past this many bytes. */
  maxBytes: number;
  /** Rotated files kept: `<path>.1` (newest) to `<path>.<maxFiles>`; older ones are deleted. */
  maxFiles: number;
}

/**
 * Appends records to a file and rotates it by size. The file is (re)opened on demand, so a sink
 * that failed (disk full, directory gone) recovers when the cause does, and every write is synced
 * before it resolves: a record the gateway acted on is on disk.
 */
export class RotatingFileAuditSink implements AuditSink {
  private handle?: FileHandle;
  private size = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly options: RotatingFileOptions,
  ) {}

  get description(): string {
    return `${this.path} (rotated at ${this.options.maxBytes} bytes, ${this.options.maxFiles} kept)`;
  }

  write(line: string): Promise<void> {
    // One write at a time, in order: rotation and the size count must not interleave.
    const result = this.queue.then(() => this.append(`${line}\n`));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Opens the file now, so a path that cannot be written stops start-up instead of the first mutation. */
  async open(): Promise<void> {
    await this.ensureOpen();
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle?.close();
    this.handle = undefined;
  }

  private async ensureOpen(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    const handle = await open(this.path, 'a', 0o600);
    try {
      this.size = (await handle.stat()).size;
    } catch (err) {
      await handle.close();
      throw err;
    }
    this.handle = handle;
    return handle;
  }

  private async append(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text);
    try {
      let handle = await this.ensureOpen();
      if (this.size > 0 && this.size + bytes > this.options.maxBytes) {
        await this.rotate();
        handle = await this.ensureOpen();
      }
      await handle.appendFile(text);
      await handle.datasync();
      this.size += bytes;
    } catch (err) {
      // Reopen next time: the file may have been moved, or the disk freed.
      await this.handle?.close().catch(() => undefined);
      this.handle = undefined;
      throw err;
    }
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    const { maxFiles } = this.options;
    await unlink(`${this.path}.${maxFiles}`).catch(ignoreMissing);
    for (let i = maxFiles - 1; i >= 1; i -= 1) {
      await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(ignoreMissing);
    }
    await rename(this.path, `${this.path}.1`);
  }
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}

