import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

/** Static test credentials: the emulator reads the region from the SigV4 scope and ignores the keys. */
export const testCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** A real SDK client pointed at the emulator over HTTP, in the given region. No retries, so faults are seen as sent. */
export function clientFor(emulator: RunningEmulator, region = 'us-east-1'): CloudTrailClient {
  return new CloudTrailClient({
    region,
    endpoint: emulator.url,
    credentials: testCredentials,
    maxAttempts: 1,
  });
}

/** An emulator with its admin API on (off by default): tests set faults and ingest through it. */
export async function withEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ admin: true, ...options });
}

export interface EmulatorWithClients {
  emulator: RunningEmulator;
  /** A client in us-east-1, the default Region. */
  east: CloudTrailClient;
  /** A client in a second Region (us-west-2 unless named), for cross-Region behaviour. */
  west: CloudTrailClient;
}

/** An emulator and real SDK clients in us-east-1 and `otherRegion`, as most emulator test files start. */
export async function emulatorWithClients(options: EmulatorOptions = {}, otherRegion = 'us-west-2'): Promise<EmulatorWithClients> {
  const emulator = await startEmulator({ admin: true, ...options });
  return { emulator, east: clientFor(emulator, 'us-east-1'), west: clientFor(emulator, otherRegion) };
}
