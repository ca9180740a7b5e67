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

/** A load target: a URL on 127.0.0.1 and the document POSTed to it. */
export interface LoadTarget {
  url: string;
  query: string;
}

/** Measures one target: `concurrency` keep-alive loops POSTing its document, each run bounded in time and requests. */
function loader(target: LoadTarget, options: LoadOptions) {
  const url = new URL(target.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`benchmarks only target 127.0.0.1, not ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const body = JSON.stringify({ query: target.query });
  const run = async (ms: number, max: number) => {
    let requests = 0;
    let failures = 0;
    const started = performance.now();
    const deadline = started + ms;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline && requests < max) {
          requests++;
          if (!(await post(agent, url, body))) failures++;
        }
      }),
    );
    return { requests, failures, seconds: (performance.now() - started) / 1000 };
  };
  return { run, close: () => agent.destroy() };
}

/** POSTs `query` from `concurrency` loops with keep-alive until the time or request bound is reached. */
export async function load(url: string, query: string, options: LoadOptions): Promise<LoadResult> {
  const target = loader({ url, query }, options);
  await target.run(options.warmupMs, options.maxRequests);
  const measured = await target.run(options.durationMs, options.maxRequests);
  target.close();
  return { ...measured, perSecond: measured.requests / measured.seconds };
}

/**
 * Loads several targets in turns (a, b, a, b, ...: `rounds` turns each, the measured time split
 * evenly among them) after one warm-up each, and sums each target's turns. Whatever else the
 * machine runs meanwhile falls on every target alike, which one run after the other does not
 * ensure: on a shared machine, a busy minute during one side's run alone skews the ratio.
 */
export async function loadInTurns(targets: LoadTarget[], options: LoadOptions & { rounds: number }): Promise<LoadResult[]> {
  const loaders = targets.map((target) => loader(target, options));
  try {
    for (const target of loaders) await target.run(options.warmupMs, options.maxRequests);
    const totals = loaders.map(() => ({ requests: 0, failures: 0, seconds: 0 }));
    const turnMs = options.durationMs / options.rounds;
    const turnMax = Math.ceil(options.maxRequests / options.rounds);
    for (let round = 0; round < options.rounds; round++) {
      // Alternate which target goes first, so neither always follows the other's turn.
      const order = round % 2 === 0 ? loaders.map((_, i) => i) : loaders.map((_, i) => loaders.length - 1 - i);
      for (const i of order) {
        const turn = await loaders[i]!.run(turnMs, turnMax);
        totals[i]!.requests += turn.requests;
        totals[i]!.failures += turn.failures;
        totals[i]!.seconds += turn.seconds;
      }
    }
    return totals.map((t) => ({ ...t, perSecond: t.requests / t.seconds }));
  } finally {
    for (const target of loaders) target.close();
  }
}

/** Starts bench/server.ts in a child process, runs `measure` against its URL, then stops it. */
export async function withServer<T>(kind: 'bare' | 'gateway', measure: (url: string) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
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
