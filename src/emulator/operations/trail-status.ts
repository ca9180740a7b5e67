import type { GetTrailStatusResponse } from '@aws-sdk/client-cloudtrail';
import type { TrailRecord } from '../store.js';
import { findTrail } from './trail-lookup.js';
import type { OperationHandler, OperationTable } from './types.js';

/**
 * Logging state of a trail. The emulator delivers no files; the delivery times it reports follow
 * CloudTrail's cadence (a log file about every 5 minutes while logging, a digest file every hour
 * when log file validation is on), so status pages show plausible values.
 */
const LOG_FILE_INTERVAL_MS = 5 * 60_000;
const DIGEST_INTERVAL_MS = 60 * 60_000;

/** The last delivery boundary within the logging period, or undefined if none has passed yet. */
function lastDelivery(trail: TrailRecord, now: Date, intervalMs: number): Date | undefined {
  if (!trail.startLoggingTime) return undefined;
  const end = trail.isLogging ? now : (trail.stopLoggingTime ?? now);
  const boundary = Math.floor(end.getTime() / intervalMs) * intervalMs;
  return boundary > trail.startLoggingTime.getTime() ? new Date(boundary) : undefined;
}

/** AWS GetTrailStatus: a shadow trail's status needs its ARN, so names find home-Region trails only. */
const GetTrailStatus: OperationHandler = (input, ctx): GetTrailStatusResponse => {
  const trail = findTrail(ctx, input.Name, { shadowsByName: false });
  const delivery = lastDelivery(trail, ctx.clock.now(), LOG_FILE_INTERVAL_MS);
  return {
    IsLogging: trail.isLogging,
    StartLoggingTime: trail.startLoggingTime,
    StopLoggingTime: trail.stopLoggingTime,
    LatestDeliveryTime: delivery,
    LatestNotificationTime: trail.snsTopicARN ? delivery : undefined,
    LatestCloudWatchLogsDeliveryTime: trail.cloudWatchLogsLogGroupArn ? delivery : undefined,
    LatestDigestDeliveryTime: trail.logFileValidationEnabled ? lastDelivery(trail, ctx.clock.now(), DIGEST_INTERVAL_MS) : undefined,
  };
};

/**
 * AWS StartLogging: called from the trail's home Region, never on a shadow trail
 * (InvalidHomeRegionException). Starting a trail that already logs changes nothing.
 */
const StartLogging: OperationHandler = (input, ctx) => {
  const trail = findTrail(ctx, input.Name, { homeRegionOnly: true });
  if (!trail.isLogging) {
    trail.isLogging = true;
    trail.startLoggingTime = ctx.clock.now();
  }
  return {};
};

/** AWS StopLogging: as StartLogging, from the home Region only; stopping a stopped trail changes nothing. */
const StopLogging: OperationHandler = (input, ctx) => {
  const trail = findTrail(ctx, input.Name, { homeRegionOnly: true });
  if (trail.isLogging) {
    trail.isLogging = false;
    trail.stopLoggingTime = ctx.clock.now();
  }
  return {};
};

export const trailStatusOperations: OperationTable = { GetTrailStatus, StartLogging, StopLogging };
