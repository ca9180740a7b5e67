import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_LOG_FILE_BYTES } from '../limits.js';
import type { IngestProblem } from './parse.js';

/** CloudTrail delivers `<account>_CloudTrail_<region>_<stamp>_<unique>.json.gz`; exports are often plain `.json`. */
function isLogFileName(name: string): boolean {
  return name.endsWith('.json') || name.endsWith('.json.gz');
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, found);
    else if (entry.isFile() && isLogFileName(entry.name)) found.push(path);
  }
}

/**
 * The log files named by `paths`: a file as given (whatever its name), a directory walked
 * recursively for `.json` and `.json.gz` files, as S3 lays them out
 * (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/...`). Sorted, so that ingest order (and
 * which of two deliveries of one event is kept) does not depend on the file system.
 */
export async function findLogFiles(paths: readonly string[]): Promise<{ files: string[]; problems: IngestProblem[] }> {
  const files: string[] = [];
  const problems: IngestProblem[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) await walk(path, files);
      else files.push(path);
    } catch (err) {
      problems.push({ source: path, message: `Cannot read: ${(err as Error).message}` });
    }
  }
  return { files: [...new Set(files)].sort(), problems };
}

/**
 * Reads one log file: a regular file (not a FIFO or device, which could block or never end) of
 * at most MAX_LOG_FILE_BYTES, read through one handle so that the file checked is the file read.
 */
export async function readLogFile(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_LOG_FILE_BYTES) throw new Error(`${info.size} bytes, more than the ${MAX_LOG_FILE_BYTES} bytes a log file may have`);
    const body = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(body, 0, info.size, 0);
    return body.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
