import type { EventLog } from '../events/event-log.js';
import { lowerBound, minuteOf, type MinuteSeries } from '../events/minute-series.js';
import type { DetectedInsight } from './detection.js';

const TOP_ATTRIBUTIONS = 5;
export const ATTRIBUTES = ['userIdentityArn', 'userAgent', 'errorCode'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export interface AttributionValue {
  value: string;
  average: number;
}

export interface Attribution {
  attribute: Attribute;
  insight: AttributionValue[];
  baseline: AttributionValue[];
}

/** For each value of an attribute in a series: the minutes it occurs in (ascending) and running totals. */
interface ValueCounts {
  minutes: number[];
  /** cumulative[k]: events with the value in minutes[0..k]. */
  cumulative: number[];
}

type AttributeIndex = Map<string, ValueCounts>;

interface SeriesAttributions {
  version: number;
  byAttribute: Record<Attribute, AttributeIndex>;
}

const built = new WeakMap<MinuteSeries, SeriesAttributions>();

function valueOf(log: EventLog, i: number, attribute: Attribute): string {
  const id = attribute === 'userIdentityArn' ? log.userArnIdOf(i) : attribute === 'userAgent' ? log.userAgentIdOf(i) : log.errorCodeIdOf(i);
  // AWS shows calls without an error as the value "null" in errorCode attributions.
  return log.strings.value(id) ?? 'null';
}

/** Per-minute counts of each attribute value of a series, built once per version of the series. */
function attributeIndexes(log: EventLog, series: MinuteSeries): SeriesAttributions {
  const cached = built.get(series);
  if (cached?.version === series.version) return cached;
  const byAttribute = {} as Record<Attribute, AttributeIndex>;
  for (const attribute of ATTRIBUTES) {
    const perValue = new Map<string, Map<number, number>>();
    for (const i of series.events) {
      const value = valueOf(log, i, attribute);
      let counts = perValue.get(value);
      if (!counts) perValue.set(value, (counts = new Map()));
      const minute = minuteOf(log.timeOf(i));
      counts.set(minute, (counts.get(minute) ?? 0) + 1);
    }
    const index: AttributeIndex = new Map();
    for (const [value, counts] of perValue) {
      const minutes = [...counts.keys()].sort((a, b) => a - b);
      let total = 0;
      index.set(value, { minutes, cumulative: minutes.map((m) => (total += counts.get(m) as number)) });
    }
    byAttribute[attribute] = index;
  }
  const result = { version: series.version, byAttribute };
  built.set(series, result);
  return result;
}

/** Events with the value in minutes [from, to). */
function countBetween(counts: ValueCounts, from: number, to: number): number {
  const total = (end: number) => {
    const k = lowerBound(counts.minutes, end);
    return k === 0 ? 0 : counts.cumulative[k - 1];
  };
  return total(to) - total(from);
}

/** The most frequent values of an attribute in minutes [from, to), each with its average per minute over `minutes`. */
function topValues(index: AttributeIndex, from: number, to: number, minutes: number): AttributionValue[] {
  const counts: [string, number][] = [];
  for (const [value, valueCounts] of index) {
    const count = countBetween(valueCounts, from, to);
    if (count > 0) counts.push([value, count]);
  }
  return counts
    .sort(([va, ca], [vb, cb]) => cb - ca || (va < vb ? -1 : va > vb ? 1 : 0))
    .slice(0, TOP_ATTRIBUTIONS)
    .map(([value, count]) => ({ value, average: count / minutes }));
}

/**
 * The attributions of an Insight's End event: top user identities, user agents and error codes
 * during the Insight and during its baseline, read from per-minute counts of each value.
 */
export function attributionsOf(log: EventLog, series: MinuteSeries, insight: DetectedInsight): Attribution[] {
  const { byAttribute } = attributeIndexes(log, series);
  return ATTRIBUTES.map((attribute) => ({
    attribute,
    insight: topValues(byAttribute[attribute], insight.startMinute, insight.endMinute, insight.endMinute - insight.startMinute),
    baseline: topValues(byAttribute[attribute], insight.baselineStartMinute, insight.startMinute, insight.baselineMinutes),
  }));
}
