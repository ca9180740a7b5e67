import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, connect, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudTrailClients, type CloudTrailConnection } from '../../src/aws/clients.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { testCredentials } from '../helpers/emulator.js';

/**
 * The region clients' sockets (AWS_MAX_SOCKETS, AWS_KEEP_ALIVE), seen from the other end: a TCP
 * relay in front of the emulator counts the connections the SDK opens.
 */

let emulator: RunningEmulator;
let relay: Server;
let relayUrl: string;
let connections = 0;

beforeAll(async () => {
  emulator = await startEmulator();
  const target = new URL(emulator.url);
  relay = createServer((socket) => {
    connections += 1;
    const upstream = connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => relay.close(resolve));
  await emulator.close();
});

/** Connections opened to send `calls` DescribeTrails, all at once or one after the other. */
async function connectionsFor(settings: Pick<CloudTrailConnection, 'maxSockets' | 'keepAlive'>, calls: number, together: boolean): Promise<number> {
  const clients = new CloudTrailClients({ endpoint: relayUrl, defaultRegion: 'us-east-1', credentials: testCredentials, maxAttempts: 1, ...settings });
  const before = connections;
  const send = () => clients.forRegion('us-east-1').send(new DescribeTrailsCommand({}));
  try {
    if (together) await Promise.all(Array.from({ length: calls }, send));
    else for (let k = 0; k < calls; k += 1) await send();
    return connections - before;
  } finally {
    clients.destroy();
  }
}

describe('CloudTrailClients sockets', () => {
  it('keeps a connection alive between calls by default, and opens one per call with keepAlive false', async () => {
    expect(await connectionsFor({}, 3, false)).toBe(1);
    expect(await connectionsFor({ keepAlive: false }, 3, false)).toBe(3);
  });

  it('opens at most maxSockets connections per region: more calls at once wait for one', async () => {
    // Answers delayed so that the calls sent together are in flight together.
    emulator.faults.set({ latencyMs: { '*': 50 } });
    try {
      expect(await connectionsFor({}, 4, true)).toBe(4);
      expect(await connectionsFor({ maxSockets: 1 }, 4, true)).toBe(1);
    } finally {
      emulator.faults.set({});
    }
  });
});
