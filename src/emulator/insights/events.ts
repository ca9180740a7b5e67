import { createHash } from 'node:crypto';
import type { CloudTrailEventRecord } from '../store.js';
import type { Attribution } from './attributions.js';
import type { DetectedInsight } from './detection.js';
import type { SeriesIdentity } from './series.js';

/** A fixed namespace for the emulator's name-based (version 5) UUIDs of Insights events. */
const INSIGHT_ID_NAMESPACE = Buffer.from('5f0f2b8e9c3a4d1e8b7a6c5d4e3f2a1b', 'hex');

/** RFC 4122 version 5 UUID: the same content always gets the same ID. */
export function uuidV5(name: string, namespace: Buffer = INSIGHT_ID_NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.000Z$/, 'Z');

/**
 * The Start and End Insights events of one detected Insight, shaped as the CloudTrail User Guide
 * documents Insights events for trails: both share `sharedEventID`; the Start event carries the
 * baseline and first-minute averages, the End event adds `insightDuration`, `baselineDuration` and
 * `attributions` (top user identities, user agents and error codes, in the Insight and in the baseline).
 */
export function insightsEventsOf(
  series: SeriesIdentity,
  insight: DetectedInsight,
  accountId: string,
  attributions: () => Attribution[],
): [CloudTrailEventRecord, CloudTrailEventRecord] {
  const sharedEventID = uuidV5(
    JSON.stringify([accountId, series.region, series.trailArn ?? '', series.category, series.eventSource, series.eventName,
      series.insightType, series.errorCode ?? '', insight.startMinute]),
  );
  const duration = insight.endMinute - insight.startMinute;
  const details = {
    eventSource: series.eventSource,
    eventName: series.eventName,
    insightType: series.insightType,
    ...(series.insightType === 'ApiErrorRateInsight' ? { errorCode: series.errorCode } : {}),
  };
  const make = (state: 'Start' | 'End'): CloudTrailEventRecord => {
    const eventTime = new Date((state === 'Start' ? insight.startMinute : insight.endMinute) * 60_000);
    const eventID = uuidV5(`${sharedEventID}/${state}`);
    const statistics =
      state === 'Start'
        ? { baseline: { average: insight.baselineAverage }, insight: { average: insight.firstMinuteCount } }
        : {
            baseline: { average: insight.baselineAverage },
            insight: { average: insight.insightAverage },
            insightDuration: duration,
            baselineDuration: insight.baselineMinutes,
          };
    const insightContext =
      state === 'Start'
        ? { statistics }
        : {
            statistics,
            attributions: attributions(),
          };
    const raw = {
      eventVersion: '1.08',
      eventTime: isoSeconds(eventTime),
      awsRegion: series.region,
      eventID,
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: accountId,
      sharedEventID,
      insightDetails: { state, ...details, insightContext },
      eventCategory: 'Insight',
    };
    return {
      eventID,
      eventTime,
      eventSource: series.eventSource,
      eventName: series.eventName,
      awsRegion: series.region,
      eventCategory: 'Insight',
      eventType: 'AwsCloudTrailInsight',
      resources: [],
      raw,
    };
  };
  return [make('Start'), make('End')];
}
