import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { randomUUID } from 'node:crypto';
import { insightEventRecordOf } from '../../src/aws/event-records.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor } from './emulator.js';

/**
 * CloudTrail management events that make the emulator raise one ApiCallRateInsight per API named:
 * one write call a minute for 30 minutes (the baseline), then 20 in one minute two minutes ago
 * (unusual: at least 10 and more than the baseline's mean plus 3 standard deviations, see
 * src/emulator/insights/detection.ts), then none. The Insight starts in the burst minute and ends
 * in the next, which has passed: LookupEvents then holds both its Start and its End event.
 */
export function insightBurstLog(eventNames: string[], now = new Date(), region = 'us-east-1'): string {
  const nowMinute = Math.floor(now.getTime() / 60_000);
  const burstMinute = nowMinute - 2;
  const records: Record<string, unknown>[] = [];
  const call = (eventName: string, minute: number, second: number) => ({
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice' },
    eventTime: new Date(minute * 60_000 + second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'ssm.amazonaws.com',
    eventName,
    awsRegion: region,
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
  });
  for (const eventName of eventNames) {
    for (let minute = burstMinute - 30; minute < burstMinute; minute += 1) records.push(call(eventName, minute, 5));
    for (let k = 0; k < 20; k += 1) records.push(call(eventName, burstMinute, k));
  }
  return JSON.stringify({ Records: records });
}

/** POSTs a log to the emulator's admin ingest (the emulator must run with its admin API on). */
export async function ingestLog(emulatorUrl: string, log: string): Promise<void> {
  const res = await fetch(new URL('/_emulator/ingest', emulatorUrl), { method: 'POST', body: log });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}

/** The Insights LookupEvents holds now (its latest 50 events), read straight from the emulator: sharedEventId by state. */
export async function insightsAtEmulator(emulator: RunningEmulator): Promise<{ starts: Set<string>; ends: Set<string> }> {
  const client = clientFor(emulator);
  const answer = await client.send(new LookupEventsCommand({ EventCategory: 'insight', MaxResults: 50 }));
  client.destroy();
  const records = (answer.Events ?? []).map(insightEventRecordOf);
  return {
    starts: new Set(records.filter((r) => r?.state === 'Start').map((r) => r?.sharedEventId ?? '')),
    ends: new Set(records.filter((r) => r?.state === 'End').map((r) => r?.sharedEventId ?? '')),
  };
}
