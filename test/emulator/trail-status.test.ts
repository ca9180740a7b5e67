import { afterEach, describe, expect, it } from 'vitest';
import {
  CloudTrailARNInvalidException,
  CreateTrailCommand,
  GetTrailStatusCommand,
  InvalidHomeRegionException,
  InvalidTrailNameException,
  StartLoggingCommand,
  StopLoggingCommand,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, withEmulator } from '../helpers/emulator.js';

const account = '123456789012';
let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An emulator whose fixed clock the test moves with `setTime`. */
async function emulatorAt(start: string) {
  let now = new Date(start);
  emulator = await withEmulator({ now });
  // The fixed clock is this emulator's own object: moving it affects no other emulator.
  emulator.clock.now = () => new Date(now.getTime());
  return {
    east: clientFor(emulator, 'us-east-1'),
    west: clientFor(emulator, 'us-west-2'),
    setTime: (iso: string) => {
      now = new Date(iso);
    },
  };
}

describe('GetTrailStatus, StartLogging, StopLogging', () => {
  it('a new trail is not logging and has never delivered', async () => {
    const { east } = await emulatorAt('2026-03-01T10:00:00Z');
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    const status = await east.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.IsLogging).toBe(false);
    expect(status.StartLoggingTime).toBeUndefined();
    expect(status.LatestDeliveryTime).toBeUndefined();
  });

  it('StartLogging records the start time; deliveries follow every 5 minutes; StopLogging records the stop time', async () => {
    const { east, setTime } = await emulatorAt('2026-03-01T10:02:00Z');
    await east.send(
      new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs', EnableLogFileValidation: true, SnsTopicName: 'deliveries' }),
    );
    await east.send(new StartLoggingCommand({ Name: 'audit' }));

    setTime('2026-03-01T10:03:00Z');
    let status = await east.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.IsLogging).toBe(true);
    expect(status.StartLoggingTime).toEqual(new Date('2026-03-01T10:02:00Z'));
    // No 5-minute boundary has passed since 10:02.
    expect(status.LatestDeliveryTime).toBeUndefined();

    setTime('2026-03-01T11:17:30Z');
    status = await east.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.LatestDeliveryTime).toEqual(new Date('2026-03-01T11:15:00Z'));
    expect(status.LatestNotificationTime).toEqual(new Date('2026-03-01T11:15:00Z'));
    // Digest files are hourly.
    expect(status.LatestDigestDeliveryTime).toEqual(new Date('2026-03-01T11:00:00Z'));

    await east.send(new StopLoggingCommand({ Name: 'audit' }));
    setTime('2026-03-01T13:00:00Z');
    status = await east.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.IsLogging).toBe(false);
    expect(status.StopLoggingTime).toEqual(new Date('2026-03-01T11:17:30Z'));
    expect(status.LatestDeliveryTime).toEqual(new Date('2026-03-01T11:15:00Z'));
  });

  it('starting a trail that already logs keeps its start time', async () => {
    const { east, setTime } = await emulatorAt('2026-03-01T10:00:00Z');
    await east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-logs' }));
    await east.send(new StartLoggingCommand({ Name: 'audit' }));
    setTime('2026-03-01T12:00:00Z');
    await east.send(new StartLoggingCommand({ Name: 'audit' }));
    const status = await east.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.StartLoggingTime).toEqual(new Date('2026-03-01T10:00:00Z'));
  });

  it('StartLogging and StopLogging on a shadow trail answer InvalidHomeRegionException', async () => {
    const { east, west } = await emulatorAt('2026-03-01T10:00:00Z');
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await expect(west.send(new StartLoggingCommand({ Name: 'everywhere' }))).rejects.toBeInstanceOf(InvalidHomeRegionException);
    await expect(west.send(new StopLoggingCommand({ Name: 'everywhere' }))).rejects.toBeInstanceOf(InvalidHomeRegionException);
  });

  it('the status of a shadow trail needs its ARN; by name another Region answers TrailNotFoundException', async () => {
    const { east, west } = await emulatorAt('2026-03-01T10:00:00Z');
    await east.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true }));
    await east.send(new StartLoggingCommand({ Name: 'everywhere' }));
    await expect(west.send(new GetTrailStatusCommand({ Name: 'everywhere' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    const status = await west.send(new GetTrailStatusCommand({ Name: `arn:aws:cloudtrail:us-east-1:${account}:trail/everywhere` }));
    expect(status.IsLogging).toBe(true);
  });

  it('answers unknown trails, bad names and malformed ARNs with their documented exceptions', async () => {
    const { east } = await emulatorAt('2026-03-01T10:00:00Z');
    await expect(east.send(new GetTrailStatusCommand({ Name: 'nothing-here' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(east.send(new StartLoggingCommand({ Name: 'nothing-here' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(east.send(new StopLoggingCommand({ Name: 'my--namespace' }))).rejects.toBeInstanceOf(InvalidTrailNameException);
    await expect(east.send(new GetTrailStatusCommand({ Name: 'arn:aws:cloudtrail:::trail/x' }))).rejects.toBeInstanceOf(
      CloudTrailARNInvalidException,
    );
  });
});
