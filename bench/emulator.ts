import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  ListInsightsMetricDataCommand,
  LookupEventsCommand,
  PutInsightSelectorsCommand,
  type ListInsightsMetricDataCommandInput,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { startEmulator } from '../src/emulator/index.js';
import { ingestLogBody } from '../src/emulator/ingest/index.js';
import { decodeText, decompress } from '../src/emulator/ingest/parse.js';
import { operations } from '../src/emulator/operations/index.js';
import type { OperationContext, OperationInput } from '../src/emulator/operations/types.js';
import { BENCH_END, generateBenchLogs } from './emulator-events.js';

/**
 * The emulator's storage and Insights at scale: ingest speed against the floor of merely
 * decompressing and parsing the same files, heap per event, LookupEvents and ListInsightsMetricData
 * latency, and Insights detection, first and repeated, at two sizes to show how it grows.
 * Queries go through the real SDK over HTTP on 127.0.0.1, so each figure includes a round trip.
 *
 * `npm run bench` runs it in a child process; alone: `npm run bench -- emulator [events]`
 * (1,000,000 by default, and a tenth of that for the growth ratio). The logs are generated once
 * into the system's temp folder and reused.
 */

const REPEATS = 5;

function logFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  gc();
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

/** First call and the median of the repeats that follow, in milliseconds. */
async function firstAndMedian(call: () => Promise<unknown>): Promise<{ first: number; median: number }> {
  const first = await timed(call);
  const repeats: number[] = [];
  for (let i = 0; i < REPEATS; i++) repeats.push(await timed(call));
  repeats.sort((a, b) => a - b);
  return { first, median: repeats[Math.floor(repeats.length / 2)] };
}

interface QueryFigures {
  name: string;
  first: number;
  median: number;
  /** Median time of the operation handler alone, called in-process (no HTTP, no SDK). */
  handler: number;
}

/** The request as the JSON 1.1 protocol carries it: times in epoch seconds. */
function wireInput(input: object): OperationInput {
  return JSON.parse(JSON.stringify(input, (_key, value: unknown) => (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) / 1000 : value))) as OperationInput;
}

function handlerMedian(operation: string, input: object, ctx: OperationContext): number {
  const handler = operations[operation];
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    handler(wireInput(input), ctx);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export interface EmulatorFigures {
  events: number;
  files: number;
  ingestPerSecond: number;
  floorPerSecond: number;
  /** The floor with ingest's own decompression and decoding: what is left above it is the store's. */
  tunedFloorPerSecond: number;
  heapBytesPerEvent: number;
  externalBytesPerEvent: number;
  lookups: QueryFigures[];
  metrics: QueryFigures[];
  detection: { first: number; median: number; insightsEvents: number };
}

const LOOKUPS: [string, LookupEventsCommandInput][] = [
  ['LookupEvents, no filter', {}],
  ['LookupEvents, EventName=RunInstances', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RunInstances' }] }],
  ['LookupEvents, Username=user-03', { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'user-03' }] }],
  ['LookupEvents, ReadOnly=false, last day', {
    LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
    StartTime: new Date(BENCH_END - 86_400_000),
  }],
];

const SERIES = { EventSource: 'ec2.amazonaws.com', EventName: 'RunInstances' };
const METRICS: [string, ListInsightsMetricDataCommandInput][] = [
  ['ListInsightsMetricData, call rate, 1 h periods', { ...SERIES, InsightType: 'ApiCallRateInsight' }],
  ['ListInsightsMetricData, call rate, 1 min, zeros, 7 d', {
    ...SERIES,
    InsightType: 'ApiCallRateInsight',
    Period: 60,
    DataType: 'FillWithZeros',
    StartTime: new Date(BENCH_END - 7 * 86_400_000),
  }],
  ['ListInsightsMetricData, AccessDenied rate, 5 min', { ...SERIES, InsightType: 'ApiErrorRateInsight', ErrorCode: 'AccessDenied', Period: 300 }],
];

export async function measureEmulator(count: number): Promise<EmulatorFigures> {
  const logs = generateBenchLogs(count);
  const files = logFiles(logs.dir);
  const bodies = files.map((file) => readFileSync(file));

  const emulator = await startEmulator({ now: new Date(BENCH_END + 10 * 60_000) });
  const newClient = () =>
    new CloudTrailClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      maxAttempts: 1,
    });
  let client = newClient();
  try {
    await client.send(new CreateTrailCommand({ Name: 'bench', S3BucketName: 'bench-logs', IsMultiRegionTrail: true }));
    await client.send(
      new PutInsightSelectorsCommand({
        TrailName: 'bench',
        InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
      }),
    );
    collectGarbage();
    const before = process.memoryUsage();
    // Each file is only decompressed and parsed (the floor: no store can ingest faster), the same
    // with ingest's own decompression and decoding (the tuned floor), and ingested; timing the three
    // side by side, file by file, keeps the ratios fair on a busy machine. Which goes first turns,
    // so that none always finds the file in the cache or always pays for the garbage another left.
    let floorMs = 0;
    let tunedFloorMs = 0;
    let ingestMs = 0;
    let floorEvents = 0;
    let tunedEvents = 0;
    let added = 0;
    const floor = (body: Buffer) => {
      const started = performance.now();
      floorEvents += (JSON.parse(gunzipSync(body).toString('utf8')) as { Records: unknown[] }).Records.length;
      floorMs += performance.now() - started;
    };
    const tunedFloor = (body: Buffer) => {
      const started = performance.now();
      tunedEvents += (JSON.parse(decodeText(decompress(body))) as { Records: unknown[] }).Records.length;
      tunedFloorMs += performance.now() - started;
    };
    const ingest = (body: Buffer, file: string) => {
      const started = performance.now();
      added += ingestLogBody(emulator, body, file).added;
      ingestMs += performance.now() - started;
    };
    for (const [k, body] of bodies.entries()) {
      const turns = [() => floor(body), () => tunedFloor(body), () => ingest(body, files[k])];
      for (let t = 0; t < turns.length; t++) turns[(k + t) % turns.length]();
    }
    if (tunedEvents !== floorEvents) throw new Error(`the tuned floor read ${tunedEvents} events, the floor ${floorEvents}`);
    if (added !== floorEvents) throw new Error(`ingest added ${added} events, the files hold ${floorEvents}`);
    collectGarbage();
    const after = process.memoryUsage();
    // A fresh connection: the server closes sockets left idle during the ingest (keep-alive timeout).
    client.destroy();
    client = newClient();
    // Warm the SDK client (endpoint, signer, connection) on a call that reads no events.
    await client.send(new DescribeTrailsCommand({}));

    const ctx: OperationContext = {
      store: emulator.store.account(emulator.accountId),
      accountId: emulator.accountId,
      region: 'us-east-1',
      clock: emulator.clock,
      pageSize: 50,
    };
    const lookups: QueryFigures[] = [];
    for (const [name, input] of LOOKUPS) {
      const sdk = await firstAndMedian(() => client.send(new LookupEventsCommand(input)));
      lookups.push({ name, ...sdk, handler: handlerMedian('LookupEvents', input, ctx) });
    }
    const metrics: QueryFigures[] = [];
    for (const [name, input] of METRICS) {
      const sdk = await firstAndMedian(() => client.send(new ListInsightsMetricDataCommand(input)));
      metrics.push({ name, ...sdk, handler: handlerMedian('ListInsightsMetricData', input, ctx) });
    }
    let insightsEvents = 0;
    const detect = async () => {
      insightsEvents = 0;
      let NextToken: string | undefined;
      do {
        const page = await client.send(new LookupEventsCommand({ EventCategory: 'insight', MaxResults: 50, NextToken }));
        insightsEvents += page.Events?.length ?? 0;
        NextToken = page.NextToken;
      } while (NextToken);
    };
    const detection = { ...(await firstAndMedian(detect)), insightsEvents };
    return {
      events: added,
      files: files.length,
      ingestPerSecond: (added / ingestMs) * 1000,
      floorPerSecond: (floorEvents / floorMs) * 1000,
      tunedFloorPerSecond: (floorEvents / tunedFloorMs) * 1000,
      heapBytesPerEvent: (after.heapUsed - before.heapUsed) / added,
      externalBytesPerEvent: (after.external - before.external) / added,
      lookups,
      metrics,
      detection,
    };
  } finally {
    client.destroy();
    await emulator.close();
  }
}

const ms = (x: number) => `${x.toFixed(1).padStart(8)} ms`;
const row = (name: string, value: string, target: string) => `  ${name.padEnd(60)} ${value.padStart(24)}   ${target}`;
/** A target's verdict, as the other sections of `npm run bench` print it. */
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

export function formatEmulatorFigures(small: EmulatorFigures, large: EmulatorFigures): string {
  const lines = [
    `Emulator at ${large.events.toLocaleString('en')} events (${large.files} gzip files, 3 Regions); ` +
      `queries through the SDK over HTTP: first call / median of ${REPEATS} repeats; [handler alone, in-process]`,
    row('', 'figure', 'to beat'),
    row(
      `ingest ${Math.round(large.ingestPerSecond).toLocaleString('en')} events/s, floor ${Math.round(large.floorPerSecond).toLocaleString('en')}/s (file by file)`,
      `${(large.ingestPerSecond / large.floorPerSecond).toFixed(2)} of floor`,
      `>= 0.70 (floor: gunzip + JSON.parse)  ${verdict(large.ingestPerSecond / large.floorPerSecond >= 0.7)}`,
    ),
    row(
      `  tuned floor ${Math.round(large.tunedFloorPerSecond).toLocaleString('en')}/s (ingest's own gunzip sizing and ASCII decoding)`,
      `${(large.ingestPerSecond / large.tunedFloorPerSecond).toFixed(2)} of it`,
      '(the rest is the store)',
    ),
    row('heap per stored event (raw bytes kept off-heap below)', `${Math.round(large.heapBytesPerEvent)} B`, 'old store: 1,526 B'),
    row('  raw log bytes kept per event (external)', `${Math.round(large.externalBytesPerEvent)} B`, ''),
  ];
  for (const q of [...large.lookups, ...large.metrics]) {
    lines.push(row(q.name, `${ms(q.first)} /${ms(q.median)}`, `<= 20 ms  [${q.handler.toFixed(1)} ms]  ${verdict(q.first <= 20 && q.median <= 20)}`));
  }
  lines.push(
    row(`Insights detection (${large.detection.insightsEvents} Insights events), first call`, ms(large.detection.first), ''),
    row('Insights detection, repeated', ms(large.detection.median), `<= 50 ms  ${verdict(large.detection.median <= 50)}`),
  );
  const timeRatio = large.detection.first / small.detection.first;
  const sizeRatio = large.events / small.events;
  lines.push(
    row(
      `detection growth ${small.events.toLocaleString('en')} -> ${large.events.toLocaleString('en')}: ` +
        `${ms(small.detection.first).trim()} -> ${ms(large.detection.first).trim()}`,
      `${(timeRatio / sizeRatio).toFixed(2)}`,
      `<= 1.00 (time ratio ${timeRatio.toFixed(1)} / size ratio ${sizeRatio.toFixed(1)})  ${verdict(timeRatio / sizeRatio <= 1)}`,
    ),
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const small = await measureEmulator(Math.max(1, Math.round(count / 10)));
  collectGarbage();
  const large = await measureEmulator(count);
  console.log(formatEmulatorFigures(small, large));
}
