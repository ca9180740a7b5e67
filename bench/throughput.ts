import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface LoadOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Measured time, after the warm-up. */
  durationMs: number;
  warmupMs: number;
  /** Hard bound on requests per measurement, whatever the duration. */
  maxRequests: number;
}

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
}

/** One POST on a keep-alive agent; resolves whether it answered 200 (never rejects, so a load loop counts failures). */
export function post(agent: Agent, url: URL, body: string): Promise<boolean> {
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

/** POSTs `query` from `concurrency` loops with keep-alive until the time or request bound is reached. */
export async function load(url: string, query: string, options: LoadOptions): Promise<LoadResult> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`benchmarks only target 127.0.0.1, not ${target.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const body = JSON.stringify({ query });
  const run = async (ms: number, max: number) => {
    let requests = 0;
    let failures = 0;
    const started = performance.now();
    const deadline = started + ms;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline && requests < max) {
          requests++;
          if (!(await post(agent, target, body))) failures++;
        }
      }),
    );
    return { requests, failures, seconds: (performance.now() - started) / 1000 };
  };
  await run(options.warmupMs, options.maxRequests);
  const measured = await run(options.durationMs, options.maxRequests);
  agent.destroy();
  return { ...measured, perSecond: measured.requests / measured.seconds };
}

/** Starts bench/server.ts in a child process, runs `measure` against its URL, then stops it. */
export async function withServer<T>(kind: 'bare' | 'gateway', measure: (url: string) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line', { signal: AbortSignal.timeout(30_000) })) as [string];
    const { url } = JSON.parse(first) as { url: string };
    return await measure(url);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}
