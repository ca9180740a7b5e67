import { isAscii } from 'node:buffer';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { MAX_DECOMPRESSED_LOG_BYTES } from '../limits.js';

/**
 * The largest output chunk a gzip trailer may size. zlib checks maxOutputLength only after each
 * chunk, so a larger chunk would let a crafted body (a last member stating 64 MiB after one that
 * inflates past the limit) take twice the limit in memory before it is refused; with this cap it
 * takes at most the limit and one chunk. CloudTrail's logs are far smaller.
 */
const MAX_HINTED_CHUNK_BYTES = MAX_DECOMPRESSED_LOG_BYTES / 8;
import { byteOffsets, parseRecordsByRange, skipSpace, skipValue, tracedArrayRanges, tracedRecordsRanges } from './record-ranges.js';

/** Something in a log that could not be read: where it is and what is wrong. Ingest skips it. */
export interface IngestProblem {
  /** The file path, or a label such as `request body`. */
  source: string;
  /** Where in the source: `line 3, column 14` for JSON syntax, `Records[12]` for one record. */
  position?: string;
  message: string;
}

/**
 * What reads a log's records, one at a time and in order, as the log is parsed: `record` gets each
 * record with its number, the log as bytes (decompressed), and where the record's text is in them,
 * [start, end); no range when the layout could not be traced (the record is then to be kept
 * re-serialised). When reading record by record fails part way (see parseRecordsByRange),
 * `restart` says to forget every record given so far: the log is then parsed whole, and its
 * records (if it has any) given again from the first.
 */
export interface RecordVisitor {
  record(raw: unknown, k: number, bytes: Buffer, start?: number, end?: number): void;
  restart(): void;
}

export interface ParsedLog {
  /** Records given to the visitor (since its last restart). */
  records: number;
  /** Where record k was found, for problem reports: `Records[k]`, `[k]` or `top level`. */
  positionOf(k: number): string;
  problems: IngestProblem[];
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * A gzip body's bytes, decompressed into one buffer of the size its trailer states (ISIZE, the
 * last member's size mod 2^32), so that gunzipSync writes them in one piece instead of collecting
 * 16 KiB pieces and copying them into one at the end (nearly a third of decompression time for
 * CloudTrail's logs). A trailer is only a hint (zlib checks each member's own, but a body can hold
 * several members, or bytes after the last): when it understates, zlib goes on in further chunks of
 * that size and joins them as usual; when it overstates, the bytes are copied out of the larger
 * buffer, which the store would otherwise keep; above MAX_HINTED_CHUNK_BYTES, the default chunk
 * size is used.
 * A small .gz can decompress to gigabytes (a gzip bomb): maxOutputLength stops it at the limit.
 */
export function decompress(gzip: Buffer): Buffer {
  const stated = gzip.length >= 18 ? gzip.readUInt32LE(gzip.length - 4) : 0;
  const hinted = stated >= zlibConstants.Z_DEFAULT_CHUNK && stated < MAX_HINTED_CHUNK_BYTES;
  // One byte more than stated: a chunk filled to its last byte makes zlib allocate another.
  const chunkSize = hinted ? stated + 1 : zlibConstants.Z_DEFAULT_CHUNK;
  const bytes = gunzipSync(gzip, { maxOutputLength: MAX_DECOMPRESSED_LOG_BYTES, chunkSize });
  return hinted && bytes.length < stated ? Buffer.from(bytes) : bytes;
}

/**
 * A log's bytes as text. CloudTrail writes ASCII (JSON escapes anything else), and ASCII bytes are
 * read as Latin-1, which copies them as they are, a quarter of the time UTF-8 decoding takes (the
 * same string: ASCII is the same in both); anything else is decoded as UTF-8.
 */
export function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
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
 * not (recognised by its magic bytes, whatever the file is called). Each record goes to the visitor
 * with where its text is, so the store can keep the bytes instead of the objects: read record by
 * record when the log is laid out as CloudTrail writes it, else parsed whole and traced.
 */
export function parseLogBody(body: Uint8Array | string, source: string, visitor: RecordVisitor): ParsedLog {
  let bytes: Buffer;
  let text: string;
  if (typeof body === 'string') {
    text = body;
    bytes = Buffer.from(body, 'utf8');
  } else {
    bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (isGzip(bytes)) {
      try {
        bytes = decompress(bytes);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          return noRecords([{ source, message: `Decompresses to more than the ${MAX_DECOMPRESSED_LOG_BYTES} bytes a log may have.` }]);
        }
        return noRecords([{ source, message: `Not a valid gzip file: ${(err as Error).message}` }]);
      }
    }
    text = decodeText(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A byte order mark is 3 bytes in UTF-8.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;

  const inRecords = (k: number) => `Records[${k}]`;
  const inArray = (k: number) => `[${k}]`;
  let visited = 0;
  const toByte = byteOffsets(text, bytes, start);
  const byRange = parseRecordsByRange(text, (record, from, to) => visitor.record(record, visited++, bytes, toByte(from), toByte(to)));
  if (byRange) return { records: visited, positionOf: byRange.inRecordsObject ? inRecords : inArray, problems: [] };
  if (visited > 0) visitor.restart();

  const traced = (records: unknown[], ranges: number[] | undefined, positionOf: (k: number) => string): ParsedLog => {
    if (ranges?.length === records.length * 2) {
      const toTracedByte = byteOffsets(text, bytes, start);
      for (let k = 0; k < records.length; k++) visitor.record(records[k], k, bytes, toTracedByte(ranges[2 * k]), toTracedByte(ranges[2 * k + 1]));
    } else {
      for (let k = 0; k < records.length; k++) visitor.record(records[k], k, bytes);
    }
    return { records: records.length, positionOf, problems: [] };
  };

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return noRecords([syntaxProblem(source, text, err)]);
  }
  if (Array.isArray(document)) return traced(document, tracedArrayRanges(text), inArray);
  if (document !== null && typeof document === 'object') {
    const object = document as Record<string, unknown>;
    if (Array.isArray(object.Records)) return traced(object.Records, tracedRecordsRanges(text), inRecords);
    if ('eventID' in object) {
      const from = skipSpace(text, 0);
      return traced([object], [from, skipValue(text, from)], () => 'top level');
    }
  }
  return noRecords([{ source, message: 'Not a CloudTrail log: expected {"Records": [...]}, an array of events or one event.' }]);
}

function noRecords(problems: IngestProblem[]): ParsedLog {
  return { records: 0, positionOf: String, problems };
}
