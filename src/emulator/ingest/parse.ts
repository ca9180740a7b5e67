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

export interface ParsedLog {
  /** The log as bytes (decompressed): what `ranges` point into. */
  bytes: Buffer;
  /** The raw event objects found in the log. */
  records: unknown[];
  /**
   * Where each record is in `bytes`: record k is bytes [ranges[2k], ranges[2k + 1]). Absent when
   * the layout could not be traced (the records are then kept re-serialised).
   */
  ranges?: number[];
  /** Where record k was found, for problem reports: `Records[k]`, `[k]` or `top level`. */
  positionOf(k: number): string;
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(t: string, pos: number): number {
  while (pos < t.length && isSpace(t.charCodeAt(pos))) pos++;
  return pos;
}

/** The end (exclusive) of the string literal whose opening quote is at `pos`. */
function skipString(t: string, pos: number): number {
  let q = t.indexOf('"', pos + 1);
  for (;;) {
    if (q < 0) return -1;
    let k = q - 1;
    while (t.charCodeAt(k) === BACKSLASH) k--;
    // An even number of backslashes before the quote: it is not escaped.
    if ((q - 1 - k) % 2 === 0) return q + 1;
    q = t.indexOf('"', q + 1);
  }
}

/**
 * The end (exclusive) of the JSON value starting at `pos` of a text JSON.parse has already
 * accepted: only its structure is traced. Strings are skipped with indexOf, which is what makes
 * this cheap next to the parse itself (CloudTrail records are mostly strings).
 */
function skipValue(t: string, pos: number): number {
  const first = t.charCodeAt(pos);
  if (first === QUOTE) return skipString(t, pos);
  if (first !== 0x7b && first !== 0x5b) {
    while (pos < t.length) {
      const c = t.charCodeAt(pos);
      if (isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d) break;
      pos++;
    }
    return pos;
  }
  let depth = 0;
  for (let i = pos, n = t.length; i < n; ) {
    const c = t.charCodeAt(i);
    if (c === QUOTE) {
      // skipString, inlined: this loop runs for every string of every record.
      let q = t.indexOf('"', i + 1);
      for (;;) {
        if (q < 0) return -1;
        let k = q - 1;
        while (t.charCodeAt(k) === BACKSLASH) k--;
        if ((q - 1 - k) % 2 === 0) break;
        q = t.indexOf('"', q + 1);
      }
      i = q + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}

/** Text ranges of the elements of the array whose `[` is at `open`. */
function elementRanges(t: string, open: number): number[] | undefined {
  const ranges: number[] = [];
  let pos = skipSpace(t, open + 1);
  if (t.charCodeAt(pos) === 0x5d) return ranges;
  for (;;) {
    const end = skipValue(t, pos);
    if (end < 0) return undefined;
    ranges.push(pos, end);
    pos = skipSpace(t, end);
    if (t.charCodeAt(pos) === 0x5d) return ranges;
    if (t.charCodeAt(pos) !== 0x2c) return undefined;
    pos = skipSpace(t, pos + 1);
  }
}

/** The offset of the `[` of the top-level object's (last) "Records" member. */
function recordsArrayStart(t: string): number | undefined {
  let pos = skipSpace(t, 0);
  if (t.charCodeAt(pos) !== 0x7b) return undefined;
  pos = skipSpace(t, pos + 1);
  let found: number | undefined;
  while (t.charCodeAt(pos) === QUOTE) {
    const keyEnd = skipString(t, pos);
    if (keyEnd < 0) return undefined;
    const isRecords = t.slice(pos, keyEnd) === '"Records"';
    pos = skipSpace(t, keyEnd);
    if (t.charCodeAt(pos) !== 0x3a) return undefined;
    pos = skipSpace(t, pos + 1);
    if (isRecords) found = pos;
    const valueEnd = skipValue(t, pos);
    if (valueEnd < 0) return undefined;
    pos = skipSpace(t, valueEnd);
    if (t.charCodeAt(pos) !== 0x2c) break;
    pos = skipSpace(t, pos + 1);
  }
  return found;
}

/**
 * Turns text offsets into offsets in the UTF-8 bytes the text was decoded from (`offset`: bytes
 * before the text, a byte order mark). The same numbers when the text is ASCII, as CloudTrail's is.
 */
function toByteRanges(t: string, bytes: Buffer, offset: number, ranges: number[]): number[] {
  if (bytes.length - offset === t.length) return offset === 0 ? ranges : ranges.map((r) => r + offset);
  const out: number[] = [];
  let char = 0;
  let byte = offset;
  for (const r of ranges) {
    byte += Buffer.byteLength(t.slice(char, r), 'utf8');
    char = r;
    out.push(byte);
  }
  return out;
}

/**
 * Reads one CloudTrail log body: a `{"Records":[...]}` object as CloudTrail delivers to S3, a bare
 * JSON array of events (as some tools export them), or a single event object; gzip-compressed or
 * not (recognised by its magic bytes, whatever the file is called). Besides the parsed records it
 * finds where each record's text is, so the store can keep the bytes instead of the objects.
 */
export function parseLogBody(body: Uint8Array | string, source: string): ParsedLog {
  let bytes: Buffer;
  let text: string;
  if (typeof body === 'string') {
    text = body;
    bytes = Buffer.from(body, 'utf8');
  } else {
    bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (isGzip(bytes)) {
      try {
        // A small .gz can decompress to gigabytes (a gzip bomb): stop at the limit.
        bytes = gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_LOG_BYTES });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          return noRecords(bytes, [{ source, message: `Decompresses to more than the ${MAX_DECOMPRESSED_LOG_BYTES} bytes a log may have.` }]);
        }
        return noRecords(bytes, [{ source, message: `Not a valid gzip file: ${(err as Error).message}` }]);
      }
    }
    text = bytes.toString('utf8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A byte order mark is 3 bytes in UTF-8.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return noRecords(bytes, [syntaxProblem(source, text, err)]);
  }

  const traced = (records: unknown[], ranges: number[] | undefined, positionOf: (k: number) => string): ParsedLog => ({
    bytes,
    records,
    ranges: ranges?.length === records.length * 2 ? toByteRanges(text, bytes, start, ranges) : undefined,
    positionOf,
    problems: [],
  });
  if (Array.isArray(document)) {
    return traced(document, elementRanges(text, skipSpace(text, 0)), (k) => `[${k}]`);
  }
  if (document !== null && typeof document === 'object') {
    const object = document as Record<string, unknown>;
    if (Array.isArray(object.Records)) {
      const open = recordsArrayStart(text);
      return traced(object.Records, open === undefined ? undefined : elementRanges(text, open), (k) => `Records[${k}]`);
    }
    if ('eventID' in object) {
      const from = skipSpace(text, 0);
      return traced([object], [from, skipValue(text, from)], () => 'top level');
    }
  }
  return noRecords(bytes, [{ source, message: 'Not a CloudTrail log: expected {"Records": [...]}, an array of events or one event.' }]);
}

function noRecords(bytes: Buffer, problems: IngestProblem[]): ParsedLog {
  return { bytes, records: [], positionOf: String, problems };
}
