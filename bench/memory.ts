import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The gateway's resident memory under a bounded mixed load: the example read operations of
 * schema/operations/ with varied variables (page sizes, windows, series), and now and then a
 * mutation, from a few loops in flight, against a gateway process whose CloudTrail is an emulator in
 * another process (so the emulator's memory is not counted). RSS is read from /proc/<pid>/status.
 * Everything runs on 127.0.0.1 and stops after `durationMs` or `maxRequests`.
 */

export interface MemoryResult {
  startMb: number;
  peakMb: number;
  endMb: number;
  idleMb: number;
  requests: number;
  failures: number;
  seconds: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function startChild(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
  });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line', { signal: AbortSignal.timeout(30_000) })) as [string];
  return { child, url: (JSON.parse(first) as { url: string }).url };
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

function post(agent: Agent, url: URL, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

export async function measureMemory(durationMs: number, idleMs: number, concurrency = 8, maxRequests = 1_000_000): Promise<MemoryResult> {
  const emulator = await startChild(['emulator']);
  const gateway = await startChild(['gateway'], { BENCH_EMULATOR_URL: emulator.url });
  const pid = gateway.child.pid as number;
  const target = new URL(gateway.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`benchmarks only target 127.0.0.1, not ${target.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    // One of each request first: what every gateway holds once it has served them (schema, clients, code).
    for (let k = 0; k < 10; k += 1) await post(agent, target, mixedRequest(k));
    await sleep(1_000);
    const startMb = rssMb(pid);
    let peakMb = startMb;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, rssMb(pid));
    }, 250);
    let requests = 0;
    let failures = 0;
    const started = performance.now();
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
    clearInterval(sampler);
    const endMb = rssMb(pid);
    // Idle: what the gateway keeps once the load has stopped (its caches' TTLs have passed).
    await sleep(idleMs);
    return { startMb, peakMb: Math.max(peakMb, endMb), endMb, idleMb: rssMb(pid), requests, failures, seconds };
  } finally {
    agent.destroy();
    await stop(gateway.child);
    await stop(emulator.child);
  }
}
