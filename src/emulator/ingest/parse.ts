import { gunzipSync } from 'node:zlib';
import { MAX_DECOMPRESSED_LOG_BYTES } from '../limits.js';

/** Something in a log that could not be read: where it is and what is wrong. Ingest skips it. */
export interface IngestProblem {
  /** The file path, or a label such as `request body`. */
  source: string;
  /** Where in the source: `line 3, column 14` for JSON syntax, `Records[12]` for one record. */
  position?: string;
  message: string;
}

/** One raw event object found in a log, with where it was found. */
export interface RawLogRecord {
  position: string;
  value: unknown;
}

export interface ParsedLog {
  records: RawLogRecord[];
  problems: IngestProblem[];
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** `line L, column C` of a character offset, both 1-based. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function syntaxProblem(source: string, text: string, err: unknown): IngestProblem {
  const message = err instanceof Error ? err.message : String(err);
  const at = /position (\d+)/.exec(message);
  const position = at ? lineAndColumn(text, Number(at[1])) : text.trim() === '' ? 'start of input' : undefined;
  return { source, position, message: `Not valid JSON: ${message}` };
}

/**
 * Reads one CloudTrail log body: a `{"Records":[...]}` object as CloudTrail delivers to S3, a bare
 * JSON array of events (as some tools export them), or a single event object; gzip-compressed or
 * not (recognised by its magic bytes, whatever the file is called).
 */
export function parseLogBody(body: Uint8Array | string, source: string): ParsedLog {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    let bytes = body;
    if (isGzip(bytes)) {
      try {
        // A small .gz can decompress to gigabytes (a gzip bomb): stop at the limit.
        bytes = gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_LOG_BYTES });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          return { records: [], problems: [{ source, message: `Decompresses to more than the ${MAX_DECOMPRESSED_LOG_BYTES} bytes a log may have.` }] };
        }
        return { records: [], problems: [{ source, message: `Not a valid gzip file: ${(err as Error).message}` }] };
      }
    }
    text = Buffer.from(bytes).toString('utf8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return { records: [], problems: [syntaxProblem(source, text, err)] };
  }

  if (Array.isArray(document)) {
    return { records: document.map((value, i) => ({ position: `[${i}]`, value })), problems: [] };
  }
  if (document !== null && typeof document === 'object') {
    const object = document as Record<string, unknown>;
    if (Array.isArray(object.Records)) {
      return { records: object.Records.map((value, i) => ({ position: `Records[${i}]`, value })), problems: [] };
    }
    if ('eventID' in object) return { records: [{ position: 'top level', value: object }], problems: [] };
  }
  return {
    records: [],
    problems: [{ source, message: 'Not a CloudTrail log: expected {"Records": [...]}, an array of events or one event.' }],
  };
}
