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

export async function withEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator(options);
}
