import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { CloudTrailClient, ListInsightsMetricDataCommand, type ListInsightsMetricDataCommandInput } from '@aws-sdk/client-cloudtrail';
import { CloudTrailClients } from '../src/aws/clients.js';
import { loadConfig } from '../src/config.js';

/**
 * The AWS SDK's CPU per CloudTrail call, next to the same request sent as a bare HTTP POST, against
 * an emulator in another process (its CPU is not counted): ListInsightsMetricData of one day at 60 s
 * (1,440 points), the gateway's largest common answer. Three ways: raw HTTP (request and JSON parse
 * only), the SDK as the gateway configures it (its region clients: the NoOpLogger, which the SDK's
 * logger middleware skips, and the sockets of AWS_MAX_SOCKETS / AWS_KEEP_ALIVE), the SDK with a
 * logger that has `info`, which makes the SDK copy every response through its sensitive-data
 * filter to log it, and the gateway's clients with keep-alive off (a new connection per call).
 * Calls are sent one after the other, so the socket bound itself is not reached here.
 */

export interface SdkOverhead {
  rawMs: number;
  sdkMs: number;
  sdkWithInfoLoggerMs: number;
  /** The gateway's clients with AWS_KEEP_ALIVE=false: a new connection per call. */
  sdkWithoutKeepAliveMs: number;
}

async function startEmulator(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', 'emulator'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line', { signal: AbortSignal.timeout(30_000) })) as [string];
  return { child, url: (JSON.parse(first) as { url: string }).url };
}

async function cpuPerCall(calls: number, send: () => Promise<unknown>): Promise<number> {
  for (let k = 0; k < Math.max(10, calls / 5); k += 1) await send();
  const before = process.cpuUsage();
  for (let k = 0; k < calls; k += 1) await send();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / calls;
}

export async function measureSdkOverhead(calls = 300): Promise<SdkOverhead> {
  const emulator = await startEmulator();
  const endpoint = emulator.url;
  const target = new URL(endpoint);
  if (target.hostname !== '127.0.0.1') throw new Error(`benchmarks only target 127.0.0.1, not ${target.hostname}`);
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const input: ListInsightsMetricDataCommandInput = {
    EventSource: 'ssm.amazonaws.com',
    EventName: 'PutParameter',
    InsightType: 'ApiCallRateInsight',
    Period: 60,
    DataType: 'FillWithZeros',
    StartTime: new Date(end.getTime() - 24 * 3600_000),
    EndTime: end,
  };
  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
  // The gateway's own region clients, with its configured sockets (AWS_MAX_SOCKETS, AWS_KEEP_ALIVE).
  const config = loadConfig();
  const connection = { endpoint, defaultRegion: 'us-east-1', credentials, maxAttempts: 1, maxSockets: config.awsMaxSockets };
  const gatewayClients = new CloudTrailClients({ ...connection, keepAlive: config.awsKeepAlive });
  const withoutKeepAlive = new CloudTrailClients({ ...connection, keepAlive: false });
  const sdk = gatewayClients.forRegion('us-east-1');
  const noop = () => {};
  const logging = new CloudTrailClient({
    region: 'us-east-1',
    endpoint,
    credentials,
    maxAttempts: 1,
    logger: { debug: noop, info: noop, warn: noop, error: noop },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ ...input, StartTime: input.StartTime!.getTime() / 1000, EndTime: input.EndTime!.getTime() / 1000 });
  const raw = () =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'CloudTrail_20131101.ListInsightsMetricData',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  try {
    const command = () => new ListInsightsMetricDataCommand(input);
    const rawMs = await cpuPerCall(calls, raw);
    const sdkMs = await cpuPerCall(calls, () => sdk.send(command()));
    const sdkWithInfoLoggerMs = await cpuPerCall(calls, () => logging.send(command()));
    const sdkWithoutKeepAliveMs = await cpuPerCall(calls, () => withoutKeepAlive.forRegion('us-east-1').send(command()));
    return { rawMs, sdkMs, sdkWithInfoLoggerMs, sdkWithoutKeepAliveMs };
  } finally {
    agent.destroy();
    gatewayClients.destroy();
    withoutKeepAlive.destroy();
    logging.destroy();
    emulator.child.kill('SIGTERM');
    if (emulator.child.exitCode === null) await once(emulator.child, 'exit');
  }
}
