import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SAMPLE_LOGS_DIR } from '../../src/emulator/ingest/index.js';
import { computeExpected } from '../emulator/expected/expected.js';

/** Environment for a child gateway: loopback, any free port, nothing inherited that changes behaviour. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0' };
  return { ...env, ...extra };
}

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): { exit: Promise<Exit>; stdout: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { exit, stdout: () => stdout };
}

describe('npm start (src/main.ts)', () => {
  it('stops with exit code 1 and names the variable when PORT is not a port', async () => {
    const child = spawn('npx', ['tsx', 'src/main.ts'], { env: childEnv({ PORT: 'eighty' }) });
    const { code, stderr, stdout } = await collect(child).exit;
    expect(code).toBe(1);
    expect(stderr).toContain('Configuration error: PORT must be an integer from 0 to 65535, got "eighty"');
    expect(stdout).not.toContain('GraphQL gateway on');
  }, 20_000);

  it('with CLOCK_NOW, the gateway and its embedded emulator share that fixed now: a historical series is answered', async () => {
    // The sample logs as recorded (2023-07-10, not replayed), read on the day after.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: childEnv({ CLOCK_NOW: '2023-07-11T00:00:00Z', EMULATOR_REPLAY_RECENT: 'false' }),
    });
    const output = collect(child);
    try {
      await expect.poll(output.stdout, { timeout: 15_000, interval: 100 }).toMatch(/GraphQL gateway on http:\/\/127\.0\.0\.1:\d+\/graphql/);
      const url = /GraphQL gateway on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output.stdout())?.[1] ?? '';
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `{ insightsMetricSeries(input: { eventSource: "ssm.amazonaws.com", eventName: "PutParameter", insightType: ApiCallRateInsight, period: 60 }) {
            __typename ... on AwsError { code message } ... on InsightsMetricSeries { effectiveStartTime effectiveEndTime total } } }`,
        }),
      });
      const body = (await res.json()) as { data: { insightsMetricSeries: Record<string, unknown> } };
      const putParameter = computeExpected([SAMPLE_LOGS_DIR]).series.ApiCallRateInsight['us-east-1|ssm.amazonaws.com|PutParameter']['60'];
      // The default 60-second window: the 15 days CloudTrail keeps, up to the end of the current period.
      expect(body.data.insightsMetricSeries).toEqual({
        __typename: 'InsightsMetricSeries',
        effectiveStartTime: '2023-06-26T00:00:00.000Z',
        effectiveEndTime: '2023-07-11T00:00:00.000Z',
        total: Object.values(putParameter).reduce((sum, n) => sum + n, 0),
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect((await output.exit).code).toBe(0);
  }, 30_000);

  it('serves the gateway over the embedded emulator with demo data, prints the GraphiQL URL, and exits 0 on SIGTERM', async () => {
    // The container's entry command: node with tsx's loader, so signals reach this process directly.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: childEnv({}) });
    const output = collect(child);
    try {
      await expect.poll(output.stdout, { timeout: 15_000, interval: 100 }).toMatch(/GraphQL gateway on http:\/\/127\.0\.0\.1:\d+\/graphql/);
      const url = /GraphQL gateway on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output.stdout())?.[1] ?? '';
      expect(output.stdout()).toContain('open it in a browser for GraphiQL');
      // fixtures/README.md: the bundled sample is 55 delivery files holding 2,900 events.
      expect(output.stdout()).toContain('Ingested 2900 events from 55 log files');
      // Start-up seeded in-process; the emulator's admin API stays off unless EMULATOR_ADMIN=true.
      const emulatorUrl = /Embedded CloudTrail emulator on (http:\/\/\S+)/.exec(output.stdout())?.[1] ?? '';
      const admin = await fetch(`${emulatorUrl}/_emulator/health`);
      expect(admin.status).toBe(404);
      expect(await admin.json()).toMatchObject({ __type: 'UnknownOperationException' });

      const health = await fetch(new URL('/healthz', url));
      expect(health.status).toBe(200);
      const ready = await fetch(new URL('/readyz', url));
      expect(ready.status).toBe(200);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ defaultRegion trails { edges { node { name } } } accounts { edges { node { number name } } } }',
        }),
      });
      const body = (await res.json()) as {
        data: {
          defaultRegion: string;
          trails: { edges: unknown[] };
          accounts: { edges: { node: { number: string; name: string | null } }[] };
        };
      };
      expect(body.data.defaultRegion).toBe('us-east-1');
      expect(body.data.trails.edges.length).toBeGreaterThan(0);
      // The demo organization's members, named as the emulator's Organizations names them.
      expect(body.data.accounts.edges.map(({ node }) => node)).toEqual([
        { number: '210987654321', name: 'Security' },
        { number: '345678901234', name: 'Workloads' },
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stdout } = await output.exit;
    expect(stdout).toContain('SIGTERM: finishing in-flight requests, then stopping');
    expect(code).toBe(0);
  }, 30_000);
});
