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
 * Parses a log laid out as CloudTrail writes it (`{"Records":[{"eventVersion":...},...]}`, or a
 * bare array of such records, without spaces between members) record by record: each record's text
 * is found by where the next one starts (the text `{"eventVersion":` that opens every record), then
 * given to JSON.parse on its own. Every byte of the log is still parsed by JSON.parse, but the
 * ranges come without tracing each string of the text. When every piece parses and the pieces and
 * their separating commas make up the whole array, the pieces are the array's elements (JSON's
 * grammar allows no other reading), so the result is the one JSON.parse gives for the whole text.
 * Undefined when the log has another layout, or anything in it fails to parse (a record that
 * contains `{"eventVersion":` itself is cut in two and so fails): the caller then parses the whole
 * text, which also reports any syntax error where it is.
 *
 * Each record is handed to `read` with its text range [start, end) as soon as it is parsed, while
 * it is still in the CPU's caches, and nothing of it is kept here, so a log's parsed objects never
 * all live at once (which the garbage collector would copy). When a later piece fails, the records
 * handed over before it were read in vain: the caller forgets them. Returns whether the array was
 * a Records object's (true) or bare (false).
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
  let start = skipSpace(t, pos + 1);
  if (start === close) return { inRecordsObject };
  // The opening of the first record, `{"<first member>":`, is what every record starts with.
  if (!t.startsWith('{"', start)) return undefined;
  const nameEnd = t.indexOf('"', start + 2);
  if (nameEnd < 0 || t.charCodeAt(nameEnd + 1) !== 0x3a) return undefined;
  const opening = t.slice(start, nameEnd + 2);
  if (opening.includes('\\')) return undefined;
  for (;;) {
    const next = t.indexOf(opening, start + opening.length);
    const last = next < 0 || next > close;
    const end = last ? closingBraceAt(t, close) : closingBraceBefore(t, next);
    if (end < 0) return undefined;
    let record: unknown;
    try {
      record = JSON.parse(t.slice(start, end));
    } catch {
      return undefined;
    }
    read(record, start, end);
    if (last) return { inRecordsObject };
    start = next;
  }
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
