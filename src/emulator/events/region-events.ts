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
  private readonly byAttribute = new Map<IndexedAttribute, Map<number, EventList>>();
  /** Per-minute counts of the management-event series (ApiCallRateInsight and ApiErrorRateInsight). */
  readonly managementSeries: SeriesSet = new Map();
  /** Epoch ms of the earliest API event (any category but Insight): where the Region's history starts. */
  earliestApiTime = Infinity;
  latestTime = -Infinity;

  constructor(private readonly log: EventLog) {}

  /** Adds newly committed events of this Region. */
  add(events: number[]): void {
    const log = this.log;
    let sorted = true;
    for (let k = 1; k < events.length && sorted; k++) sorted = !log.before(events[k], events[k - 1]);
    if (!sorted) events.sort((a, b) => (log.before(a, b) ? -1 : log.before(b, a) ? 1 : 0));

    const management: number[] = [];
    const data: number[] = [];
    const insight: number[] = [];
    const byAttribute = new Map<IndexedAttribute, Map<number, number[]>>();
    const post = (attribute: IndexedAttribute, value: number, event: number) => {
      if (value === 0) return;
      let values = byAttribute.get(attribute);
      if (!values) byAttribute.set(attribute, (values = new Map()));
      const list = values.get(value);
      if (!list) values.set(value, [event]);
      else if (list[list.length - 1] !== event) list.push(event);
    };
    const s = log.strings;
    const MANAGEMENT = s.id('Management');
    const DATA = s.id('Data');
    const INSIGHT = s.id('Insight');
    const TRUE = s.id('true');
    const FALSE = s.id('false');
    for (const i of events) {
      const time = log.timeOf(i);
      const category = log.categoryIdOf(i);
      if (time > this.latestTime) this.latestTime = time;
      if (category !== INSIGHT && time < this.earliestApiTime) this.earliestApiTime = time;
      if (category === DATA) data.push(i);
      else if (category === INSIGHT) insight.push(i);
      if (category !== MANAGEMENT) continue;
      management.push(i);
      post('EventName', log.nameIdOf(i), i);
      post('EventSource', log.sourceIdOf(i), i);
      post('Username', log.usernameIdOf(i), i);
      post('AccessKeyId', log.accessKeyIdOf(i), i);
      const readOnly = log.readOnlyOf(i);
      if (readOnly !== undefined) post('ReadOnly', readOnly ? TRUE : FALSE, i);
      log.forEachResource(i, (type, name) => {
        post('ResourceType', type, i);
        post('ResourceName', name, i);
      });
      addToSeries(this.managementSeries, log, i, 'Management');
    }
    this.all.addSorted(events, log.before);
    this.management.addSorted(management, log.before);
    this.data.addSorted(data, log.before);
    this.insight.addSorted(insight, log.before);
    for (const [attribute, values] of byAttribute) {
      let index = this.byAttribute.get(attribute);
      if (!index) this.byAttribute.set(attribute, (index = new Map()));
      for (const [value, list] of values) {
        let target = index.get(value);
        if (!target) index.set(value, (target = new EventList()));
        target.addSorted(list, log.before);
      }
    }
  }

  /** The management events that have `value` for a LookupEvents attribute (exact, case-sensitive), in time order. */
  withAttribute(attribute: IndexedAttribute, value: string): EventList | undefined {
    const id = this.log.strings.find(value);
    return id === undefined ? undefined : this.byAttribute.get(attribute)?.get(id);
  }
}
