import type { EventList } from '../events/columns.js';
import type { EventLog } from '../events/event-log.js';
import { addToSeries, minuteOf, type SeriesSet } from '../events/minute-series.js';
import type { RegionEvents } from '../events/region-events.js';
import type { AccountStore, CloudTrailEventRecord, TrailRecord } from '../store.js';
import { trailLogsDataEvent } from './data-events.js';
import { trailCoversRegion } from './enablement.js';

/**
 * What Insights sees of a Region at a time: the events that happened by then (the emulator's clock
 * may be set before some of them). When every event is in the past, that is the Region's indexes
 * and per-minute counts as kept at ingest; otherwise a view of the earlier events is built once
 * and kept until the data or the cut-off changes.
 */
export interface RegionView {
  region: string;
  /** The minute the Region's history starts at: its earliest API event. */
  historyStartMinute: number;
  managementSeries: SeriesSet;
  dataEvents: readonly number[];
  loggedInsights: readonly number[];
  loggedInsightRecords?: CloudTrailEventRecord[];
  /** Data-event series per trail (by what decides which data events a trail logs). */
  dataSeries: Map<string, SeriesSet>;
}

const views = new WeakMap<RegionEvents, { key: string; view: RegionView }>();

function listToArray(list: EventList, count = list.length): number[] {
  const out = new Array<number>(count);
  for (let k = 0; k < count; k++) out[k] = list.at(k);
  return out;
}

function viewOfPast(log: EventLog, region: string, events: RegionEvents, count: number): RegionView {
  const MANAGEMENT = log.strings.id('Management');
  const DATA = log.strings.id('Data');
  const INSIGHT = log.strings.id('Insight');
  const view: RegionView = {
    region,
    historyStartMinute: Infinity,
    managementSeries: new Map(),
    dataEvents: [],
    loggedInsights: [],
    dataSeries: new Map(),
  };
  const data: number[] = [];
  const insights: number[] = [];
  let earliest = Infinity;
  for (let k = 0; k < count; k++) {
    const i = events.all.at(k);
    const category = log.categoryIdOf(i);
    if (category !== INSIGHT) earliest = Math.min(earliest, log.timeOf(i));
    if (category === MANAGEMENT) addToSeries(view.managementSeries, log, i, 'Management');
    else if (category === DATA) data.push(i);
    else if (category === INSIGHT) insights.push(i);
  }
  return { ...view, historyStartMinute: minuteOf(earliest), dataEvents: data, loggedInsights: insights };
}

export function regionView(account: AccountStore, region: string, now: Date): RegionView | undefined {
  const log = account.events;
  const events = log.regions.get(region);
  if (!events) return undefined;
  const nowMs = now.getTime();
  const allPast = events.latestTime <= nowMs;
  const count = allPast ? events.all.length : events.all.lowerBound(nowMs + 1, log.timeOf);
  const key = `${log.version}/${allPast ? 'all' : count}`;
  const cached = views.get(events);
  if (cached?.key === key) return cached.view;
  const view: RegionView = allPast
    ? {
        region,
        historyStartMinute: minuteOf(events.earliestApiTime),
        managementSeries: events.managementSeries,
        dataEvents: listToArray(events.data),
        loggedInsights: listToArray(events.insight),
        dataSeries: new Map(),
      }
    : viewOfPast(log, region, events, count);
  views.set(events, { key, view });
  return view;
}

/** Per-minute counts of the data events a trail logs in the view's Region (built once per view and trail set-up). */
export function dataSeriesOf(log: EventLog, view: RegionView, trail: TrailRecord): SeriesSet {
  const key = JSON.stringify([trail.arn, trail.homeRegion, trail.isMultiRegionTrail, trail.eventSelectors ?? null, trail.advancedEventSelectors ?? null]);
  let set = view.dataSeries.get(key);
  if (set) return set;
  set = new Map();
  if (trailCoversRegion(trail, view.region)) {
    for (const i of view.dataEvents) if (trailLogsDataEvent(trail, log.record(i))) addToSeries(set, log, i, 'Data');
  }
  view.dataSeries.set(key, set);
  return set;
}
