/**
 * Where each record of a log is in the log's text, so that the store can keep the bytes of a
 * record instead of its parsed object. Every function here reads a text JSON.parse has already
 * accepted, so only its structure is traced, never its syntax checked again.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export function skipSpace(t: string, pos: number): number {
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
 * The end (exclusive) of the JSON value starting at `pos`. Strings are skipped with indexOf,
 * which is what makes this cheap next to the parse itself (CloudTrail records are mostly strings).
 */
export function skipValue(t: string, pos: number): number {
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

/** Text ranges of the elements of the array whose `[` is at `open`, and where the array ends. */
function elementRanges(t: string, open: number): { ranges: number[]; end: number } | undefined {
  const ranges: number[] = [];
  let pos = skipSpace(t, open + 1);
  if (t.charCodeAt(pos) === 0x5d) return { ranges, end: pos + 1 };
  for (;;) {
    const end = skipValue(t, pos);
    if (end < 0) return undefined;
    ranges.push(pos, end);
    pos = skipSpace(t, end);
    if (t.charCodeAt(pos) === 0x5d) return { ranges, end: pos + 1 };
    if (t.charCodeAt(pos) !== 0x2c) return undefined;
    pos = skipSpace(t, pos + 1);
  }
}

/** Ranges of the elements of the array that starts the text (after spaces). */
export function tracedArrayRanges(t: string): number[] | undefined {
  return elementRanges(t, skipSpace(t, 0))?.ranges;
}

/**
 * Ranges of the elements of the top-level object's "Records" array: of its last "Records" member,
 * the one JSON.parse keeps. The text is traced once, member by member.
 */
export function tracedRecordsRanges(t: string): number[] | undefined {
  let pos = skipSpace(t, 0);
  if (t.charCodeAt(pos) !== 0x7b) return undefined;
  pos = skipSpace(t, pos + 1);
  let found: number[] | undefined;
  while (t.charCodeAt(pos) === QUOTE) {
    const keyEnd = skipString(t, pos);
    if (keyEnd < 0) return undefined;
    const isRecords = t.slice(pos, keyEnd) === '"Records"';
    pos = skipSpace(t, keyEnd);
    if (t.charCodeAt(pos) !== 0x3a) return undefined;
    pos = skipSpace(t, pos + 1);
    let valueEnd: number;
    if (isRecords && t.charCodeAt(pos) === 0x5b) {
      const elements = elementRanges(t, pos);
      if (!elements) return undefined;
      found = elements.ranges;
      valueEnd = elements.end;
    } else {
      valueEnd = skipValue(t, pos);
      if (valueEnd < 0) return undefined;
    }
    pos = skipSpace(t, valueEnd);
    if (t.charCodeAt(pos) !== 0x2c) break;
    pos = skipSpace(t, pos + 1);
  }
  return found;
}

/**
 * Records parsed by one JSON.parse call (see parseRecordsByRange). Measured at 1,000,000 events:
 * 16 is as fast as any; 256 costs a tenth more, as a chunk's objects no longer fit the CPU caches
 * when the store reads them.
 */
const CHUNK = 16;
/** Member names whose text holds no quote, backslash, space or JSON delimiter. */
const PLAIN_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Parses a log laid out as CloudTrail writes it (`{"Records":[{"eventVersion":...},...]}`, or a
 * bare array of such records) a few dozen records at a time, and finds where each record's text
 * is without tracing every string of it: where the text `"eventVersion"` (the first member of the
 * first record, in general) is, which is one quick search through the text. The records are cut
 * there into chunks, and each chunk, in brackets, is given to JSON.parse, so that every byte of the
 * log is still parsed, and the records parsed together share the parser's knowledge of their shape
 * (record by record costs a fifth more). That the cuts are exactly where the records are is checked:
 * - every `"eventVersion"` in the text comes right after a `{`: with a name of letters and digits,
 *   its first quote can then neither close a string (a closing quote is followed by a delimiter) nor
 *   be escaped, so each is the first member of some object;
 * - the text holds no `\u` escape, so a record's own eventVersion member is written out plainly;
 * - each chunk parses to as many records as it holds occurrences, each an object with its own
 *   eventVersion member: each record holds one occurrence, at its opening brace, and none is left
 *   for an object nested in a record.
 * The chunks and the commas between them make up the whole array, so the records are the ones
 * JSON.parse gives for the whole text. Undefined when the log has another layout or a check fails,
 * or anything in it does not parse: the caller then parses the whole text (which also reports any
 * syntax error where it is) and traces it.
 *
 * Each record is handed to `read` with its text range [start, end) right after its chunk is parsed,
 * while it is still in the CPU's caches, and nothing of it is kept here, so a log's parsed objects
 * never all live at once (which the garbage collector would copy). When a later chunk fails, the
 * records handed over before it were read in vain: the caller forgets them. Returns whether the
 * array was a Records object's (true) or bare (false).
 */
export function parseRecordsByRange(t: string, read: (record: unknown, start: number, end: number) => void): { inRecordsObject: boolean } | undefined {
  let pos = skipSpace(t, 0);
  const inRecordsObject = t.startsWith('{"Records":', pos);
  if (inRecordsObject) pos = skipSpace(t, pos + '{"Records":'.length);
  if (t.charCodeAt(pos) !== 0x5b) return undefined;
  // The array's closing `]`: the text must end there (or with the Records object's `}` after it).
  let close = t.length - 1;
  while (close > pos && isSpace(t.charCodeAt(close))) close--;
  if (inRecordsObject) {
    if (t.charCodeAt(close) !== 0x7d) return undefined;
    close--;
    while (close > pos && isSpace(t.charCodeAt(close))) close--;
  }
  if (close <= pos || t.charCodeAt(close) !== 0x5d) return undefined;
  const start = skipSpace(t, pos + 1);
  if (start === close) return { inRecordsObject };
  // The opening of the first record, `{"<first member>":`, is what every record starts with.
  if (!t.startsWith('{"', start)) return undefined;
  const nameEnd = t.indexOf('"', start + 2);
  if (nameEnd < 0 || t.charCodeAt(nameEnd + 1) !== 0x3a) return undefined;
  const name = t.slice(start + 2, nameEnd);
  // A name the records inherit (`constructor`) would be found on records without the member.
  if (!PLAIN_NAME.test(name) || name in Object.prototype || t.includes('\\u')) return undefined;
  const starts = openingsOf(t, name);
  if (!starts || starts[0] !== start || starts[starts.length - 1] > close) return undefined;
  for (let k = 0; k < starts.length; k += CHUNK) {
    const j = Math.min(k + CHUNK, starts.length);
    const chunkEnd = j < starts.length ? closingBraceBefore(t, starts[j]) : closingBraceAt(t, close);
    if (chunkEnd < 0) return undefined;
    let records: unknown;
    try {
      records = JSON.parse(`[${t.slice(starts[k], chunkEnd)}]`);
    } catch {
      return undefined;
    }
    if (!Array.isArray(records) || records.length !== j - k) return undefined;
    for (const record of records) {
      if (record === null || typeof record !== 'object' || (record as Record<string, unknown>)[name] === undefined) return undefined;
    }
    for (let n = k; n < j; n++) {
      const end = n + 1 < j ? closingBraceBefore(t, starts[n + 1]) : chunkEnd;
      if (end < 0) return undefined;
      read(records[n - k], starts[n], end);
    }
  }
  return { inRecordsObject };
}

/**
 * Where every `"<name>"` in the text is, as the position of the `{` before it; undefined if one has
 * no `{` before it. Searched for from the name's last capital letter on: the quote it starts with is
 * everywhere in JSON, which makes a search for it several times slower.
 */
function openingsOf(t: string, name: string): number[] | undefined {
  const cut = Math.max(0, name.search(/[A-Z][^A-Z]*$/));
  const tail = `${name.slice(cut)}"`;
  const head = `"${name.slice(0, cut)}`;
  const starts: number[] = [];
  for (let hit = t.indexOf(tail); hit >= 0; hit = t.indexOf(tail, hit + tail.length)) {
    const quote = hit - head.length;
    if (quote < 1 || !t.startsWith(head, quote)) continue;
    if (t.charCodeAt(quote - 1) !== 0x7b) return undefined;
    starts.push(quote - 1);
  }
  return starts;
}

/** The end (exclusive) of the object whose `}` is the last thing before position `close` but spaces, or -1. */
function closingBraceAt(t: string, close: number): number {
  let i = close - 1;
  while (i >= 0 && isSpace(t.charCodeAt(i))) i--;
  return t.charCodeAt(i) === 0x7d ? i + 1 : -1;
}

/** The end (exclusive) of the object that `,` (and spaces) separate from position `next`, or -1. */
function closingBraceBefore(t: string, next: number): number {
  let i = next - 1;
  while (i >= 0 && isSpace(t.charCodeAt(i))) i--;
  if (t.charCodeAt(i) !== 0x2c) return -1;
  i--;
  while (i >= 0 && isSpace(t.charCodeAt(i))) i--;
  return t.charCodeAt(i) === 0x7d ? i + 1 : -1;
}

/**
 * Turns text offsets, asked in ascending order, into offsets in the UTF-8 bytes the text was
 * decoded from (`offset`: bytes before the text, a byte order mark). The same numbers when the
 * text is ASCII, as CloudTrail's is; otherwise counted on from the offset asked before.
 */
export function byteOffsets(t: string, bytes: Buffer, offset: number): (textOffset: number) => number {
  if (bytes.length - offset === t.length) return (r) => r + offset;
  let char = 0;
  let byte = offset;
  return (r) => {
    byte += Buffer.byteLength(t.slice(char, r), 'utf8');
    char = r;
    return byte;
  };
}
