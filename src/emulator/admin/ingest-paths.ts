import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { MAX_LOG_FILE_BYTES } from '../limits.js';

/**
 * `POST /_emulator/ingest {"paths": [...]}` reads files on the emulator's machine, so it reads
 * only inside the directories the emulator was started with (the bundled sample logs, `--ingest-dir`
 * / `EMULATOR_INGEST_DIRS`, and directories ingested at start). Every path is resolved to its real
 * path (symbolic links followed) before the check, so a link cannot lead out; it must be a directory
 * or a regular file (no FIFO, device or socket: `/dev/zero` never ends, a FIFO blocks) of at most
 * MAX_LOG_FILE_BYTES. Inside a directory, ingest itself reads regular files only and follows no
 * symbolic link (src/emulator/ingest/files.ts).
 */

export type IngestPathRefusal = 'PathNotAbsolute' | 'PathNotFound' | 'PathOutsideIngestDirectories' | 'NotARegularFile' | 'FileTooLarge';

export class IngestPathError extends Error {
  constructor(
    readonly code: IngestPathRefusal,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }

  /** The admin answer's status: 403 outside the directories, 404 missing, 413 too large, 400 otherwise. */
  get status(): number {
    return { PathOutsideIngestDirectories: 403, PathNotFound: 404, FileTooLarge: 413, PathNotAbsolute: 400, NotARegularFile: 400 }[this.code];
  }
}

/** The real paths of the directories ingest may read; ones that do not exist are left out. */
export async function resolveIngestDirectories(directories: readonly string[]): Promise<string[]> {
  const resolved: string[] = [];
  for (const directory of directories) {
    try {
      const real = await realpath(directory);
      if ((await stat(real)).isDirectory()) resolved.push(real);
    } catch {
      // A directory that does not exist allows nothing.
    }
  }
  return [...new Set(resolved)];
}

function isInside(directory: string, path: string): boolean {
  const rel = relative(directory, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path of `path` when ingest may read it; an IngestPathError saying why not otherwise. */
export async function confineIngestPath(path: string, allowed: readonly string[]): Promise<string> {
  if (!isAbsolute(path)) throw new IngestPathError('PathNotAbsolute', path, `${path} is not an absolute path.`);
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new IngestPathError('PathNotFound', path, `${path} does not exist.`);
  }
  if (!allowed.some((directory) => isInside(directory, real))) {
    const where = allowed.length > 0 ? allowed.join(', ') : 'no directory (start the emulator with --ingest-dir)';
    throw new IngestPathError('PathOutsideIngestDirectories', path, `${path} is outside the directories ingest may read: ${where}.`);
  }
  const info = await stat(real);
  if (info.isDirectory()) return real;
  if (!info.isFile()) throw new IngestPathError('NotARegularFile', path, `${path} is not a regular file or a directory.`);
  if (info.size > MAX_LOG_FILE_BYTES) {
    throw new IngestPathError('FileTooLarge', path, `${path} has ${info.size} bytes, more than the ${MAX_LOG_FILE_BYTES} bytes a log file may have.`);
  }
  return real;
}
