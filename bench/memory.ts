import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createInterface, type Interface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { post } from './throughput.js';

/**
 * The gateway's resident memory under a bounded mixed load: the example read operations of
 * schema/operations/ with varied variables (page sizes, windows, series), and now and then a
 * mutation, from a few loops in flight, against a gateway process whose CloudTrail is an emulator in
 * another process (so the emulator's memory is not counted). RSS is read from /proc/<pid>/status.
 * Everything runs on 127.0.0.1 and stops after `durationMs` or `maxRequests`.
 */

/** process.memoryUsage() of the gateway, in MB: where its resident memory goes. */
export interface MemoryBreakdown {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface MemoryResult {
  /** The gateway's own account of its memory at start, at the end of the load, and after the idle time. */
  breakdown: { start: MemoryBreakdown; end: MemoryBreakdown; idle: MemoryBreakdown };
  startMb: number;
  peakMb: number;
  endMb: number;
  idleMb: number;
  requests: number;
  failures: number;
  seconds: number;
  /** The gateway's CPU time per request of the load: what its memory settings cost. */
  cpuMsPerRequest: number;
}

/** CPU time (user + system) the process has used so far, in milliseconds, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

interface Child {
  child: ChildProcess;
  url: string;
  lines: Interface;
}

async function startChild(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
  });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line', { signal: AbortSignal.timeout(30_000) })) as [string];
  return { child, url: (JSON.parse(first) as { url: string }).url, lines };
}

/** Asks the server (bench/server.ts) for its process.memoryUsage(). */
async function memoryBreakdown({ child, lines }: Child): Promise<MemoryBreakdown> {
  const answer = once(lines, 'line', { signal: AbortSignal.timeout(10_000) });
  child.kill('SIGUSR2');
  const [line] = (await answer) as [string];
  const { memory } = JSON.parse(line) as { memory: Record<keyof MemoryBreakdown, number> };
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return {
    rss: mb(memory.rss),
    heapTotal: mb(memory.heapTotal),
    heapUsed: mb(memory.heapUsed),
    external: mb(memory.external),
    arrayBuffers: mb(memory.arrayBuffers),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
}

const operation = (file: string) => readFileSync(`schema/operations/${file}`, 'utf8');

/** One request of the mix, chosen by its sequence number so that every run sends the same mix. */
function mixedRequest(k: number): string {
  const minutes = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
  switch (k % 10) {
    case 0:
    case 1:
      return JSON.stringify({ query: operation('01-trails-overview.graphql'), variables: { first: 1 + (k % 20) } });
    case 2:
    case 3:
      return JSON.stringify({ query: operation('02-insight-events.graphql'), variables: { first: 1 + (k % 10) } });
    case 4:
    case 5:
    case 6:
      // A dashboard over a window that ends at one of 30 recent minutes, as several open tabs would ask.
      return JSON.stringify({
        query: operation('03-insights-dashboard.graphql'),
        variables: { period: 60, startTime: minutes(24 * 60 + (k % 30)), endTime: minutes(k % 30), points: 100 + (k % 900) },
      });
    case 7:
    case 8:
      return JSON.stringify({ query: operation('04-insight-investigation.graphql'), variables: { points: 50 + (k % 150) } });
    default:
      return JSON.stringify({ query: operation('05-put-trail-insight-selectors.graphql') });
  }
}

/** `gatewayEnv`: configuration for the gateway process on top of the bench's environment (e.g. HEAP_GROWING_PERCENT). */
export async function measureMemory(
  durationMs: number,
  idleMs: number,
  gatewayEnv: Record<string, string> = {},
  concurrency = 8,
  maxRequests = 1_000_000,
): Promise<MemoryResult> {
  const emulator = await startChild(['emulator']);
  const gateway = await startChild(['gateway'], { ...gatewayEnv, BENCH_EMULATOR_URL: emulator.url });
  const pid = gateway.child.pid as number;
  const target = new URL(gateway.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`benchmarks only target 127.0.0.1, not ${target.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    // One of each request first: what every gateway holds once it has served them (schema, clients, code).
    for (let k = 0; k < 10; k += 1) await post(agent, target, mixedRequest(k));
    await sleep(1_000);
    const startMb = rssMb(pid);
    const start = await memoryBreakdown(gateway);
    let peakMb = startMb;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, rssMb(pid));
    }, 250);
    let requests = 0;
    let failures = 0;
    const started = performance.now();
    const cpuAtStart = cpuMs(pid);
    const deadline = started + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline && requests < maxRequests) {
          const k = requests++;
          if (!(await post(agent, target, mixedRequest(k)))) failures++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuMsPerRequest = (cpuMs(pid) - cpuAtStart) / Math.max(1, requests);
    clearInterval(sampler);
    const endMb = rssMb(pid);
    const end = await memoryBreakdown(gateway);
    // Idle: what the gateway keeps once the load has stopped (its caches' TTLs have passed).
    await sleep(idleMs);
    const idleMb = rssMb(pid);
    const idle = await memoryBreakdown(gateway);
    return { breakdown: { start, end, idle }, startMb, peakMb: Math.max(peakMb, endMb), endMb, idleMb, requests, failures, seconds, cpuMsPerRequest };
  } finally {
    agent.destroy();
    await stop(gateway.child);
    await stop(emulator.child);
  }
}
