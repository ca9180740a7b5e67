import type { LookupAttributeKeyName } from '../../rules/lookup-events.js';
import { EventList } from './columns.js';
import type { EventLog } from './event-log.js';
import { addToSeries, type SeriesSet } from './minute-series.js';

/** The LookupEvents attributes indexed by value (EventId is found through the log's eventID map). */
type IndexedAttribute = Exclude<LookupAttributeKeyName, 'EventId'>;

/**
 * The events of one Region, as lists of event numbers in time order (see EventLog.before): all of
 * them, and by category; the management events once more by the value of each LookupEvents
 * attribute; and the per-minute counts of every management-event Insights series, kept up to date
 * as events are added, so that metrics and Insights read counts rather than events.
 */
export class RegionEvents {
  readonly all = new EventList();
  readonly management = new EventList();
  readonly data = new EventList();
  /** Insights events found in ingested logs. */
  readonly insight = new EventList();
  /** For each attribute, the events by value id. */
  private readonly byAttribute: Record<IndexedAttribute, Map<number, EventList>> = {
    EventName: new Map(),
    EventSource: new Map(),
    Username: new Map(),
    AccessKeyId: new Map(),
    ReadOnly: new Map(),
    ResourceType: new Map(),
    ResourceName: new Map(),
  };
  /** Per-minute counts of the management-event series (ApiCallRateInsight and ApiErrorRateInsight). */
  readonly managementSeries: SeriesSet = new Map();
  /** Epoch ms of the earliest API event (any category but Insight): where the Region's history starts. */
  earliestApiTime = Infinity;
  latestTime = -Infinity;

  constructor(private readonly log: EventLog) {}

  /** Adds newly committed events of this Region. */
  add(events: number[]): void {
    const log = this.log;
    const before = log.before;
    if (!sortNearlySorted(events, before)) events.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));

    // Events come in time order, so each goes at the end of its lists, unless an earlier ingest
    // already put a later event there: those are set aside and merged in afterwards. Once past the
    // Region's last event before this ingest, no list can hold a later one.
    const late = new Map<EventList, number[]>();
    const previousLast = this.all.length > 0 ? this.all.last() : -1;
    let pastPrevious = previousLast < 0;
    const post = (list: EventList, event: number) => {
      if (pastPrevious || list.length === 0 || !before(event, list.last())) {
        list.push(event);
        return;
      }
      const waiting = late.get(list);
      if (!waiting) late.set(list, [event]);
      else waiting.push(event);
    };
    const postValue = (index: Map<number, EventList>, value: number, event: number) => {
      if (value === 0) return;
      let list = index.get(value);
      if (!list) index.set(value, (list = new EventList()));
      post(list, event);
    };
    /** For resources: an event with two resources of one type or name is listed once. */
    const postResource = (index: Map<number, EventList>, value: number, event: number) => {
      if (value === 0) return;
      let list = index.get(value);
      if (!list) index.set(value, (list = new EventList()));
      if (list.length > 0 && list.last() === event) return;
      const waiting = late.get(list);
      if (waiting && waiting[waiting.length - 1] === event) return;
      post(list, event);
    };
    const { EventName, EventSource, Username, AccessKeyId, ReadOnly, ResourceType, ResourceName } = this.byAttribute;
    const s = log.strings;
    const MANAGEMENT = s.id('Management');
    const DATA = s.id('Data');
    const INSIGHT = s.id('Insight');
    const TRUE = s.id('true');
    const FALSE = s.id('false');
    for (const i of events) {
      if (!pastPrevious) pastPrevious = !before(i, previousLast);
      const time = log.timeOf(i);
      const category = log.categoryIdOf(i);
      if (time > this.latestTime) this.latestTime = time;
      if (category !== INSIGHT && time < this.earliestApiTime) this.earliestApiTime = time;
      post(this.all, i);
      if (category === DATA) post(this.data, i);
      else if (category === INSIGHT) post(this.insight, i);
      if (category !== MANAGEMENT) continue;
      post(this.management, i);
      postValue(EventName, log.nameIdOf(i), i);
      postValue(EventSource, log.sourceIdOf(i), i);
      postValue(Username, log.usernameIdOf(i), i);
      postValue(AccessKeyId, log.accessKeyIdOf(i), i);
      const readOnly = log.readOnlyOf(i);
      if (readOnly !== undefined) postValue(ReadOnly, readOnly ? TRUE : FALSE, i);
      for (let r = log.resourcesFrom(i), end = log.resourcesTo(i); r < end; r++) {
        postResource(ResourceType, log.resourceTypeIdAt(r), i);
        postResource(ResourceName, log.resourceNameIdAt(r), i);
      }
      addToSeries(this.managementSeries, log, i, 'Management');
    }
    for (const [list, waiting] of late) list.addSorted(waiting, before);
  }

  /** The management events that have `value` for a LookupEvents attribute (exact, case-sensitive), in time order. */
  withAttribute(attribute: IndexedAttribute, value: string): EventList | undefined {
    const id = this.log.strings.find(value);
    return id === undefined ? undefined : this.byAttribute[attribute].get(id);
  }
}

/**
 * Sorts events that are nearly in order (a file's events in time order, ties in any order) by
 * insertion, which costs a comparison per event and a move per event out of place; gives up
 * (false, the events partly moved) when more than a few moves per event are needed.
 */
function sortNearlySorted(events: number[], before: (a: number, b: number) => boolean): boolean {
  let budget = 4 * events.length;
  for (let k = 1; k < events.length; k++) {
    const event = events[k];
    let j = k - 1;
    if (!before(event, events[j])) continue;
    do {
      events[j + 1] = events[j];
      j--;
      if (--budget < 0) {
        events[j + 1] = event;
        return false;
      }
    } while (j >= 0 && before(event, events[j]));
    events[j + 1] = event;
  }
  return true;
}
