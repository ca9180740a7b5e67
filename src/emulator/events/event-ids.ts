import { Uint32Column, Uint8Column } from './columns.js';

/**
 * The eventIDs of stored events, by event number, and the number of each eventID. CloudTrail's
 * eventIDs are lowercase UUIDs (`10163ed2-2253-469d-a5ee-cbc6651f8934`): those are kept as four
 * 32-bit numbers in typed arrays, found through an open-addressing table of event numbers, so a
 * million of them cost about 30 bytes each outside the JavaScript heap instead of a string and a
 * Map entry each on it (and the collector has nothing to walk). Any other eventID is kept as given,
 * in a Map. Either way an eventID reads back exactly as it was written.
 */
export class EventIds {
  /** Four words per event: the 128 bits of its UUID, in the order they are written. */
  private readonly words = new Uint32Column(4096);
  /** 1 when event i's eventID is a UUID kept in `words`, 0 when it is in `others`. */
  private readonly isUuid = new Uint8Column();
  /**
   * The UUID eventIDs by hash, two numbers a slot: event number + 1 (0: an empty slot) and the
   * UUID's hash, next to each other, so that a probe reads the words of an event only when its
   * hash matches. Never more than half full.
   */
  private slots = new Uint32Array(2 * 1024);
  private uuidCount = 0;
  private readonly others = new Map<string, number>();
  private readonly otherIds = new Map<number, string>();

  get size(): number {
    return this.isUuid.length;
  }

  /** The number of the event with this eventID, if stored. */
  get(eventID: string): number | undefined {
    if (!parseUuid(eventID)) return this.others.get(eventID);
    const slot = this.findSlot(hashOf(scratch));
    return this.slots[slot] === 0 ? undefined : this.slots[slot] - 1;
  }

  /**
   * Gives `eventID` the next event number (`size`) and returns it, or returns -1 and changes
   * nothing when the eventID is already stored: one lookup does both.
   */
  add(eventID: string): number {
    const event = this.size;
    if (!parseUuid(eventID)) {
      if (this.others.has(eventID)) return -1;
      this.others.set(eventID, event);
      this.otherIds.set(event, eventID);
      this.isUuid.push(0);
      for (let w = 0; w < 4; w++) this.words.push(0);
      return event;
    }
    const hash = hashOf(scratch);
    const slot = this.findSlot(hash);
    if (this.slots[slot] !== 0) return -1;
    this.slots[slot] = event + 1;
    this.slots[slot + 1] = hash;
    this.isUuid.push(1);
    for (let w = 0; w < 4; w++) this.words.push(scratch[w]);
    if (++this.uuidCount * 4 > this.slots.length) this.rehash(this.slots.length * 2);
    return event;
  }

  /** Forgets the eventIDs of events `size` and later (the last ones added). */
  truncate(size: number): void {
    for (let i = this.size - 1; i >= size; i--) {
      if (this.isUuid.get(i) === 0) {
        this.others.delete(this.otherIds.get(i) as string);
        this.otherIds.delete(i);
        continue;
      }
      for (let w = 0; w < 4; w++) scratch[w] = this.words.get(4 * i + w);
      this.removeSlot(this.findSlot(hashOf(scratch)));
      this.uuidCount--;
    }
    this.isUuid.length = size;
    this.words.length = 4 * size;
  }

  /** The eventID of event i, as it was written. */
  idOf(i: number): string {
    if (this.isUuid.get(i) === 0) return this.otherIds.get(i) as string;
    const hex = (w: number) => this.words.get(4 * i + w).toString(16).padStart(8, '0');
    const w1 = hex(1);
    const w2 = hex(2);
    return `${hex(0)}-${w1.slice(0, 4)}-${w1.slice(4)}-${w2.slice(0, 4)}-${w2.slice(4)}${hex(3)}`;
  }

  /** Compares the eventIDs of events a and b as strings are compared: negative, 0 or positive. */
  compare(a: number, b: number): number {
    if (this.isUuid.get(a) === 1 && this.isUuid.get(b) === 1) {
      // Lowercase hex digits sort as their values, and the dashes are at the same places.
      for (let w = 0; w < 4; w++) {
        const x = this.words.get(4 * a + w);
        const y = this.words.get(4 * b + w);
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    }
    const x = this.idOf(a);
    const y = this.idOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /**
   * The slot (index of its first number) holding the UUID in `scratch`, whose hash is `hash`, or
   * the empty slot where it would go (linear probing).
   */
  private findSlot(hash: number): number {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let k = hash & mask; ; k = (k + 1) & mask) {
      const slot = 2 * k;
      const entry = slots[slot];
      if (entry === 0) return slot;
      if (slots[slot + 1] !== hash) continue;
      const at = 4 * (entry - 1);
      if (
        this.words.get(at) === scratch[0] &&
        this.words.get(at + 1) === scratch[1] &&
        this.words.get(at + 2) === scratch[2] &&
        this.words.get(at + 3) === scratch[3]
      ) {
        return slot;
      }
    }
  }

  /**
   * Empties a slot and moves later entries of its probe run back into the gap (backward-shift
   * deletion), so that linear probing still finds each of them, without tombstones.
   */
  private removeSlot(slot: number): void {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    let gap = slot / 2;
    for (let k = (gap + 1) & mask; slots[2 * k] !== 0; k = (k + 1) & mask) {
      const home = slots[2 * k + 1] & mask;
      // The entry at k stays when its home slot lies cyclically in (gap, k]: it would be found before the gap.
      const stays = gap <= k ? gap < home && home <= k : gap < home || home <= k;
      if (stays) continue;
      slots[2 * gap] = slots[2 * k];
      slots[2 * gap + 1] = slots[2 * k + 1];
      gap = k;
    }
    slots[2 * gap] = 0;
    slots[2 * gap + 1] = 0;
  }

  /** Moves the entries to a table of `capacity` numbers (twice as many slots as before). */
  private rehash(capacity: number): void {
    const slots = new Uint32Array(capacity);
    const mask = capacity / 2 - 1;
    const old = this.slots;
    for (let from = 0; from < old.length; from += 2) {
      if (old[from] === 0) continue;
      const hash = old[from + 1];
      let k = hash & mask;
      while (slots[2 * k] !== 0) k = (k + 1) & mask;
      slots[2 * k] = old[from];
      slots[2 * k + 1] = hash;
    }
    this.slots = slots;
  }
}

/** The words of the UUID last read by parseUuid. */
const scratch = new Uint32Array(4);

/** The value of each lowercase hex digit by character code; NOT_HEX for every other character. */
const NOT_HEX = 0x100;
const HEX_VALUE = new Uint16Array(256).fill(NOT_HEX);
for (let d = 0; d < 16; d++) HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;

/**
 * The value of `count` lowercase hex digits at `at`, or -1 if one is not. Whether every character
 * is a digit is checked once at the end (any other character sets a bit above the digit's four),
 * not character by character.
 */
function hexAt(id: string, at: number, count: number): number {
  let value = 0;
  let seen = 0;
  for (let k = at; k < at + count; k++) {
    const c = id.charCodeAt(k);
    const digit = HEX_VALUE[c & 0xff] | (c & 0xff00);
    seen |= digit;
    value = value * 16 + (digit & 15);
  }
  return seen < 16 ? value : -1;
}

/**
 * Reads a lowercase UUID (8-4-4-4-12 hex digits) into `scratch`; false for anything else,
 * uppercase included (its string order would not be its numeric order, nor would it print back).
 */
function parseUuid(id: string): boolean {
  if (id.length !== 36 || id.charCodeAt(8) !== 0x2d || id.charCodeAt(13) !== 0x2d || id.charCodeAt(18) !== 0x2d || id.charCodeAt(23) !== 0x2d) {
    return false;
  }
  const w0 = hexAt(id, 0, 8);
  const w1a = hexAt(id, 9, 4);
  const w1b = hexAt(id, 14, 4);
  const w2a = hexAt(id, 19, 4);
  const w2b = hexAt(id, 24, 4);
  const w3 = hexAt(id, 28, 8);
  if (w0 < 0 || w1a < 0 || w1b < 0 || w2a < 0 || w2b < 0 || w3 < 0) return false;
  scratch[0] = w0;
  scratch[1] = w1a * 0x10000 + w1b;
  scratch[2] = w2a * 0x10000 + w2b;
  scratch[3] = w3;
  return true;
}

/** A 32-bit mix of all four words (UUIDs of other versions than 4 are not random in every word). */
function hashOf(key: Uint32Array): number {
  let h = Math.imul(key[0], 0xcc9e2d51) ^ key[1];
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ key[2];
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ key[3];
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
