import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { clientFor } from '../helpers/emulator.js';

/**
 * CLOUDTRAIL_BACKEND=aws hands credentials and region to the SDK's default provider chains; with
 * CLOUDTRAIL_ENDPOINT the same SDK client talks to any CloudTrail-compatible endpoint. Here that
 * endpoint is the emulator, and the chains read a throwaway ~/.aws the test writes.
 */
let emulator: RunningEmulator;
let home: string;
beforeAll(async () => {
  emulator = await startEmulator();
  const sdk = clientFor(emulator, 'eu-north-1');
  await sdk.send(new CreateTrailCommand({ Name: 'stockholm-audit', S3BucketName: 'stockholm-logs' }));
  sdk.destroy();
  home = mkdtempSync(join(tmpdir(), 'gateway-aws-home-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(home, { recursive: true, force: true });
});

/** Starts src/main.ts with exactly `env` (plus PATH), runs `probe` against it, then stops it. */
async function withGateway(env: Record<string, string>, probe: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', AWS_EC2_METADATA_DISABLED: 'true', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    await expect.poll(() => stdout + stderr, { timeout: 15_000, interval: 100 }).toMatch(/GraphQL gateway on/);
    const url = /GraphQL gateway on (http:\/\/[\d.]+:\d+\/graphql)/.exec(stdout)?.[1] ?? '';
    await probe(url);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const graphql = async (url: string, query: string) =>
  (await (
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
  ).json()) as { data?: Record<string, unknown>; errors?: unknown[] };

describe('CLOUDTRAIL_BACKEND=aws', () => {
  it('takes region and credentials from the shared AWS config files and calls CLOUDTRAIL_ENDPOINT', async () => {
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = eu-north-1\n');
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIDCHAIN\naws_secret_access_key = chain\n');
    await withGateway({ HOME: home, CLOUDTRAIL_BACKEND: 'aws', CLOUDTRAIL_ENDPOINT: emulator.url, AUTH: 'none' }, async (url) => {
      const res = await graphql(url, '{ defaultRegion trails { edges { node { name homeRegion } } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        defaultRegion: 'eu-north-1',
        trails: { edges: [{ node: { name: 'stockholm-audit', homeRegion: 'eu-north-1' } }] },
      });
    });
  }, 30_000);

  it('reports not ready, with the SDK credential error, when no credential provider has credentials', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gateway-aws-empty-'));
    try {
      await withGateway(
        { HOME: empty, CLOUDTRAIL_BACKEND: 'aws', CLOUDTRAIL_ENDPOINT: emulator.url, AWS_REGION: 'eu-north-1', AUTH: 'none' },
        async (url) => {
          const res = await fetch(new URL('/readyz', url));
          expect(res.status).toBe(503);
          const body = (await res.json()) as { status: string; reason: string };
          expect(body.status).toBe('unavailable');
          expect(body.reason).toMatch(/credential/i);
        },
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 30_000);
});
