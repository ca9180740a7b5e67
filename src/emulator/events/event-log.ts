import type { CloudTrailEventRecord } from '../store.js';
import { Float64Column, StringTable, Uint32Column, Uint8Column } from './columns.js';
import { EventIds } from './event-ids.js';
import { RegionEvents } from './region-events.js';

/**
 * What the emulator keeps of an event besides its raw bytes: the fields it searches and counts,
 * those of the record it reads back, with the time as epoch milliseconds.
 */
export type EventFields = Omit<CloudTrailEventRecord, 'eventTime' | 'raw'> & {
  /** Epoch milliseconds. */
  time: number;
};

export type AppendResult = 'added' | 'duplicate' | 'full';

/** Raised when an event is added past the store's bound (`--max-events`). */
export class EventLimitError extends Error {
  readonly type = 'EventLimitReached';
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
const READ_ONLY_CODE = { absent: 0, false: 1, true: 2 } as const;

/**
 * Every event of one account, stored column-wise: the searched fields as numbers (strings are kept
 * once in a table), and the event itself as the bytes of its record in the log it came from, so
 * that LookupEvents' CloudTrailEvent is parsed only for the events a page returns. Each Region has
 * time-ordered indexes over its events (see RegionEvents).
 *
 * Reads like the Map of events by eventID it replaces (`size`, `get`, `has`, `keys`, `values`);
 * records are built on demand. Events are added in two steps, `append` then `commit`, so that an
 * ingest becomes visible to requests all at once.
 */
export class EventLog {
  readonly strings = new StringTable();
  private readonly ids = new EventIds();
  private readonly times = new Float64Column();
  private readonly regionIds = new Uint32Column();
  private readonly categoryIds = new Uint32Column();
  private readonly typeIds = new Uint32Column();
  private readonly sourceIds = new Uint32Column();
  private readonly nameIds = new Uint32Column();
  private readonly errorCodeIds = new Uint32Column();
  private readonly usernameIds = new Uint32Column();
  private readonly userArnIds = new Uint32Column();
  private readonly userAgentIds = new Uint32Column();
  private readonly accessKeyIds = new Uint32Column();
  private readonly readOnlyCodes = new Uint8Column();
  /** 1 once an event was moved in time: its CloudTrailEvent then shows the new eventTime. */
  private readonly shiftedFlags = new Uint8Column();
  /** Resources of event i are [resourceStart[i], resourceStart[i + 1]) of the two resource columns. */
  private readonly resourceStart = new Uint32Column();
  private readonly resourceTypeIds = new Uint32Column();
  private readonly resourceNameIds = new Uint32Column();
  private readonly rawChunk = new Uint32Column();
  private readonly rawStart = new Uint32Column();
  private readonly rawEnd = new Uint32Column();
  private readonly chunks: Buffer[] = [];
  private committed = 0;
  readonly regions = new Map<string, RegionEvents>();
  /** Changes whenever events are added or moved: what caches of derived data are keyed by. */
  version = 0;

  /** At most this many events are kept; adding more is refused (`--max-events`). */
  constructor(readonly maxEvents = Infinity) {}

  get size(): number {
    return this.ids.size;
  }

  has(eventID: string): boolean {
    return this.ids.get(eventID) !== undefined;
  }

  get(eventID: string): CloudTrailEventRecord | undefined {
    const i = this.ids.get(eventID);
    return i === undefined ? undefined : this.record(i);
  }

  /** The number of an event by its eventID, if stored. */
  indexOf(eventID: string): number | undefined {
    return this.ids.get(eventID);
  }

  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.size; i++) yield this.ids.idOf(i);
  }

  *values(): IterableIterator<CloudTrailEventRecord> {
    for (let i = 0; i < this.size; i++) yield this.record(i);
  }

  *entries(): IterableIterator<[string, CloudTrailEventRecord]> {
    for (let i = 0; i < this.size; i++) yield [this.ids.idOf(i), this.record(i)];
  }

  [Symbol.iterator](): IterableIterator<[string, CloudTrailEventRecord]> {
    return this.entries();
  }

  /**
   * Adds one event given as a record (its `raw` is what CloudTrailEvent will show). AWS: eventID
   * identifies an event, so an event already stored is kept as it is and `false` returned.
   * Throws EventLimitError when the store holds `maxEvents` events.
   */
  add(record: CloudTrailEventRecord): boolean {
    const bytes = Buffer.from(JSON.stringify(record.raw));
    const fields: EventFields = { ...record, time: record.eventTime.getTime() };
    const result = this.append(fields, bytes, 0, bytes.length);
    if (result === 'full') throw new EventLimitError(this.limitMessage());
    this.commit();
    return result === 'added';
  }

  /** Map-style alias of `add`: the event is stored under its own eventID. */
  set(_eventID: string, record: CloudTrailEventRecord): this {
    this.add(record);
    return this;
  }

  limitMessage(): string {
    return `The emulator holds its maximum of ${this.maxEvents} events (--max-events / EMULATOR_MAX_EVENTS); no more events are stored.`;
  }

  /**
   * Stores one event, not yet visible to reads until `commit`: its fields, and where its record is
   * (bytes [start, end) of `log`, the body it came from; consecutive events of one body share it).
   * AWS: eventID identifies an event, so an event already stored is kept as it is ('duplicate').
   */
  append(e: EventFields, log: Buffer, start: number, end: number): AppendResult {
    if (this.size >= this.maxEvents) return this.has(e.eventID) ? 'duplicate' : 'full';
    if (this.ids.add(e.eventID) < 0) return 'duplicate';
    if (this.chunks[this.chunks.length - 1] !== log) this.chunks.push(log);
    const s = this.strings;
    this.times.push(e.time);
    this.regionIds.push(s.id(e.awsRegion));
    this.categoryIds.push(s.id(e.eventCategory));
    this.typeIds.push(s.id(e.eventType));
    this.sourceIds.push(s.id(e.eventSource));
    this.nameIds.push(s.id(e.eventName));
    this.errorCodeIds.push(s.id(e.errorCode));
    this.usernameIds.push(s.id(e.username));
    this.userArnIds.push(s.id(e.userIdentityArn));
    this.userAgentIds.push(s.id(e.userAgent));
    this.accessKeyIds.push(s.id(e.accessKeyId));
    this.readOnlyCodes.push(e.readOnly === undefined ? READ_ONLY_CODE.absent : e.readOnly ? READ_ONLY_CODE.true : READ_ONLY_CODE.false);
    this.shiftedFlags.push(0);
    this.resourceStart.push(this.resourceTypeIds.length);
    for (const r of e.resources) {
      this.resourceTypeIds.push(s.id(r.resourceType));
      this.resourceNameIds.push(s.id(r.resourceName));
    }
    this.rawChunk.push(this.chunks.length - 1);
    this.rawStart.push(start);
    this.rawEnd.push(end);
    return 'added';
  }

  /**
   * Forgets the events appended from number `size` on, which must not be committed yet: an ingest
   * that stored a log's first records before finding the log unreadable takes them back.
   */
  truncate(size: number): void {
    if (size < this.committed) throw new Error(`Cannot take back committed events (${size} < ${this.committed}).`);
    if (size >= this.size) return;
    this.ids.truncate(size);
    const resources = this.resourceStart.get(size);
    this.chunks.length = size === 0 ? 0 : this.rawChunk.get(size - 1) + 1;
    for (const column of [this.times, this.regionIds, this.categoryIds, this.typeIds, this.sourceIds, this.nameIds, this.errorCodeIds,
      this.usernameIds, this.userArnIds, this.userAgentIds, this.accessKeyIds, this.readOnlyCodes, this.shiftedFlags, this.resourceStart,
      this.rawChunk, this.rawStart, this.rawEnd]) {
      column.length = size;
    }
    this.resourceTypeIds.length = resources;
    this.resourceNameIds.length = resources;
  }

  /** Events appended since the last commit, by number. */
  pending(): { from: number; to: number } {
    return { from: this.committed, to: this.size };
  }

  /** Moves events [from, to) by whole seconds (replay), before or after they are committed. */
  shift(from: number, to: number, seconds: number): void {
    if (seconds === 0) return;
    for (let i = from; i < to; i++) {
      this.times.set(i, this.times.get(i) + seconds * 1000);
      this.shiftedFlags.set(i, 1);
    }
  }

  /** Makes the appended events visible: adds them to their Region's indexes and counts. */
  commit(): void {
    const { from, to } = this.pending();
    if (from === to) return;
    const added = new Map<number, number[]>();
    let current = -1;
    let list: number[] = [];
    for (let i = from; i < to; i++) {
      // A log file holds one Region's events: the list of the event before is nearly always the one.
      if (this.regionIds.get(i) !== current) {
        current = this.regionIds.get(i);
        list = added.get(current) ?? [];
        added.set(current, list);
      }
      list.push(i);
    }
    for (const [regionId, events] of added) {
      const name = this.strings.value(regionId) as string;
      let region = this.regions.get(name);
      if (!region) {
        region = new RegionEvents(this);
        this.regions.set(name, region);
      }
      region.add(events);
    }
    this.committed = to;
    this.version++;
  }

  /** Moves every stored event by whole seconds and rebuilds the indexes (their order is unchanged). */
  shiftAll(seconds: number): void {
    if (seconds === 0) return;
    this.shift(0, this.size, seconds);
    this.regions.clear();
    this.committed = 0;
    this.commit();
  }

  /** Newest time (epoch ms) among events [from, to), or -Infinity. */
  newestTime(from = 0, to = this.size): number {
    let newest = -Infinity;
    for (let i = from; i < to; i++) newest = Math.max(newest, this.times.get(i));
    return newest;
  }

  // Accessors of one event's stored fields, by number.
  readonly timeOf = (i: number): number => this.times.get(i);
  eventIdOf(i: number): string {
    return this.ids.idOf(i);
  }
  regionIdOf(i: number): number {
    return this.regionIds.get(i);
  }
  categoryIdOf(i: number): number {
    return this.categoryIds.get(i);
  }
  sourceIdOf(i: number): number {
    return this.sourceIds.get(i);
  }
  nameIdOf(i: number): number {
    return this.nameIds.get(i);
  }
  errorCodeIdOf(i: number): number {
    return this.errorCodeIds.get(i);
  }
  usernameIdOf(i: number): number {
    return this.usernameIds.get(i);
  }
  userArnIdOf(i: number): number {
    return this.userArnIds.get(i);
  }
  userAgentIdOf(i: number): number {
    return this.userAgentIds.get(i);
  }
  accessKeyIdOf(i: number): number {
    return this.accessKeyIds.get(i);
  }
  readOnlyOf(i: number): boolean | undefined {
    const code = this.readOnlyCodes.get(i);
    return code === READ_ONLY_CODE.absent ? undefined : code === READ_ONLY_CODE.true;
  }
  /** Resource type and name ids of an event, as [type, name] pairs. */
  resourceIdsOf(i: number): [number, number][] {
    const out: [number, number][] = [];
    this.forEachResource(i, (type, name) => out.push([type, name]));
    return out;
  }
  forEachResource(i: number, visit: (typeId: number, nameId: number) => void): void {
    for (let r = this.resourcesFrom(i), end = this.resourcesTo(i); r < end; r++) visit(this.resourceTypeIds.get(r), this.resourceNameIds.get(r));
  }
  /** Event i's resources are the resource numbers [resourcesFrom(i), resourcesTo(i)). */
  resourcesFrom(i: number): number {
    return this.resourceStart.get(i);
  }
  resourcesTo(i: number): number {
    return i + 1 < this.resourceStart.length ? this.resourceStart.get(i + 1) : this.resourceTypeIds.length;
  }
  resourceTypeIdAt(r: number): number {
    return this.resourceTypeIds.get(r);
  }
  resourceNameIdAt(r: number): number {
    return this.resourceNameIds.get(r);
  }

  /** Order of the time indexes: oldest first; equal times by eventID descending (so newest-first reads tie by eventID ascending). */
  readonly before = (a: number, b: number): boolean => {
    const ta = this.times.get(a);
    const tb = this.times.get(b);
    return ta < tb || (ta === tb && this.ids.compare(a, b) > 0);
  };

  /** The record as delivered, with eventTime updated if the event was moved in time. */
  rawOf(i: number): Record<string, unknown> {
    const bytes = this.chunks[this.rawChunk.get(i)];
    const raw = JSON.parse(bytes.toString('utf8', this.rawStart.get(i), this.rawEnd.get(i))) as Record<string, unknown>;
    if (this.shiftedFlags.get(i) === 1) raw.eventTime = isoSeconds(this.times.get(i));
    return raw;
  }

  /** The event as a record (built on demand; `raw` is parsed when first read). */
  record(i: number): CloudTrailEventRecord {
    const s = this.strings;
    let raw: Record<string, unknown> | undefined;
    const rawOf = () => (raw ??= this.rawOf(i));
    return {
      eventID: this.ids.idOf(i),
      eventTime: new Date(this.times.get(i)),
      eventSource: s.value(this.sourceIds.get(i)) as string,
      eventName: s.value(this.nameIds.get(i)) as string,
      awsRegion: s.value(this.regionIds.get(i)) as string,
      eventCategory: s.value(this.categoryIds.get(i)) as string,
      eventType: s.value(this.typeIds.get(i)),
      readOnly: this.readOnlyOf(i),
      errorCode: s.value(this.errorCodeIds.get(i)),
      username: s.value(this.usernameIds.get(i)),
      userIdentityArn: s.value(this.userArnIds.get(i)),
      userAgent: s.value(this.userAgentIds.get(i)),
      accessKeyId: s.value(this.accessKeyIds.get(i)),
      resources: this.resourceIdsOf(i).map(([type, name]) => ({ resourceType: s.value(type), resourceName: s.value(name) })),
      get raw() {
        return rawOf();
      },
    };
  }
}
