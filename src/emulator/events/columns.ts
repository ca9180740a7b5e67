/**
 * Compact storage for millions of events: growable typed-array columns (a few bytes per event
 * instead of an object per field) and a table that stores each distinct string once.
 */

// Three classes of the same shape rather than one generic class: code shared between typed arrays
// of different kinds sees all of them, and the engine then checks the kind on every access.

export class Float64Column {
  protected data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length * 2);
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  protected grow(capacity: number): void {
    const next = new Float64Array(capacity);
    next.set(this.data);
    this.data = next;
  }
}

export class Uint32Column {
  protected data: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length * 2);
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  protected grow(capacity: number): void {
    const next = new Uint32Array(capacity);
    next.set(this.data);
    this.data = next;
  }
}

export class Uint8Column {
  protected data: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint8Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length * 2);
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  protected grow(capacity: number): void {
    const next = new Uint8Array(capacity);
    next.set(this.data);
    this.data = next;
  }
}

const RECENT_BITS = 14;
const RECENT_SLOTS = 2 ** RECENT_BITS;

/**
 * The slot of a string in StringTable's cache: a mix of its length and of characters near its
 * start, in its middle and at its end, where strings of one field differ (`ec2.amazonaws.com` and
 * `iam.amazonaws.com`, `AWS::EC2::Resource` and `AWS::IAM::Resource`, `...:user/user-03` and
 * `...:user/user-04`); reading every character would cost what the cache saves. (Positions past
 * the end read NaN, which the shifts turn into 0.)
 */
function slotOf(value: string): number {
  const n = value.length;
  if (n < 2) return n;
  let h = Math.imul(n, 0x9e3779b1) ^ value.charCodeAt(0) ^ (value.charCodeAt(1) << 7) ^ (value.charCodeAt(5) << 14) ^ (value.charCodeAt(n >> 1) << 20);
  h = Math.imul(h ^ (value.charCodeAt(n - 2) << 21) ^ (value.charCodeAt(n - 3) << 9), 0x85ebca6b) ^ value.charCodeAt(n - 1);
  return Math.imul(h ^ (h >>> 15), 0xc2b2ae35) >>> (32 - RECENT_BITS);
}

/** Each distinct string once, by a small number; 0 stands for "absent". */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly values: (string | undefined)[] = [undefined];
  /**
   * The strings last looked up, by slotOf: every ingested event brings a dozen strings, each a new
   * copy, and most equal one seen just before. Comparing with that one costs less than hashing the
   * copy for the map (half the lookup time at ingest).
   */
  private readonly recent: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
  private readonly recentIds = new Uint32Array(RECENT_SLOTS);

  id(value: string | undefined): number {
    if (value === undefined) return 0;
    const slot = slotOf(value);
    if (this.recent[slot] === value) return this.recentIds[slot];
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    this.recent[slot] = value;
    this.recentIds[slot] = id;
    return id;
  }

  /** The id of a string already stored, or undefined: a lookup never adds. */
  find(value: string): number | undefined {
    return this.ids.get(value);
  }

  value(id: number): string | undefined {
    return this.values[id];
  }
}

/**
 * Event numbers kept in time order (see EventLog.before). Appends are expected in order; an
 * event older than the last one is inserted at its place.
 */
export class EventList extends Uint32Column {
  constructor() {
    super(16);
  }

  /** Adds `event`, keeping the order `before` defines. */
  insert(event: number, before: (a: number, b: number) => boolean): void {
    if (this.length === 0 || !before(event, this.data[this.length - 1])) {
      this.push(event);
      return;
    }
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(event, this.data[mid])) hi = mid;
      else lo = mid + 1;
    }
    this.push(0);
    this.data.copyWithin(lo + 1, lo, this.length - 1);
    this.data[lo] = event;
  }

  /** Adds events already in order among themselves: appended when they all come last, else merged in. */
  addSorted(events: readonly number[], before: (a: number, b: number) => boolean): void {
    if (events.length === 0) return;
    if (this.length === 0 || !before(events[0], this.data[this.length - 1])) {
      for (const e of events) this.push(e);
      return;
    }
    if (events.length === 1) {
      this.insert(events[0], before);
      return;
    }
    // Only the stored events after the first new one's place move: merge that tail with the new
    // events, so that adding a file that overlaps the last one costs the overlap, not the list.
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(events[0], this.data[mid])) hi = mid;
      else lo = mid + 1;
    }
    const tail = this.data.slice(lo, this.length);
    const total = this.length + events.length;
    if (total > this.data.length) this.grow(Math.max(total, this.data.length * 2));
    let i = 0;
    let j = 0;
    let k = lo;
    while (i < tail.length && j < events.length) {
      this.data[k++] = before(events[j], tail[i]) ? events[j++] : tail[i++];
    }
    while (i < tail.length) this.data[k++] = tail[i++];
    while (j < events.length) this.data[k++] = events[j++];
    this.length = total;
  }

  /** The last event (of a list that is not empty). */
  last(): number {
    return this.data[this.length - 1];
  }

  /** The event at a position. */
  at(position: number): number {
    return this.data[position];
  }

  /** The first position whose event's time is >= `time` (`timeOf` maps an event to its time). */
  lowerBound(time: number, timeOf: (event: number) => number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (timeOf(this.data[mid]) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
