import type { Event } from '@aws-sdk/client-cloudtrail';

/**
 * What the live Insights feed carries: one notice per Insights event that appeared in CloudTrail,
 * the Start of an Insight (`started`) or its End (`ended`, with its Start beside it). Notices
 * travel as JSON (Redis pub/sub, a Redis stream), so events are kept in their wire form.
 */

/** An SDK `Event` with its time as an ISO string, as JSON carries it. */
export type WireEvent = Omit<Event, 'EventTime'> & { EventTime?: string };

export type InsightNoticeKind = 'started' | 'ended';

/** A notice before the feed has given it its position. */
export interface UnplacedInsightNotice {
  kind: InsightNoticeKind;
  region: string;
  start: WireEvent;
  /** The End event, on an `ended` notice. */
  end: WireEvent | null;
}

export interface InsightNotice extends UnplacedInsightNotice {
  /**
   * The notice's position in its Region's feed: `<milliseconds>-<sequence>`, increasing, the same
   * on every replica (a Redis stream entry ID, or the in-memory feed's equivalent). Clients resume
   * after it (`after`, `Last-Event-ID`).
   */
  cursor: string;
}

export function toWireEvent(event: Event): WireEvent {
  return { ...event, EventTime: event.EventTime?.toISOString() };
}

export function fromWireEvent(event: WireEvent): Event {
  return { ...event, EventTime: event.EventTime === undefined ? undefined : new Date(event.EventTime) };
}

const CURSOR_PATTERN = /^(\d{1,16})-(\d{1,16})$/;

/** Whether `value` is a feed position (`<milliseconds>-<sequence>`). */
export function isFeedCursor(value: string): boolean {
  return CURSOR_PATTERN.test(value);
}

/** Orders two feed positions: negative when `a` comes first. */
export function compareCursors(a: string, b: string): number {
  const [, aMs = '0', aSeq = '0'] = CURSOR_PATTERN.exec(a) ?? [];
  const [, bMs = '0', bSeq = '0'] = CURSOR_PATTERN.exec(b) ?? [];
  const byMs = BigInt(aMs) - BigInt(bMs);
  if (byMs !== 0n) return byMs < 0n ? -1 : 1;
  const bySeq = BigInt(aSeq) - BigInt(bSeq);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
}
