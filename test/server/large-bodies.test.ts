import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The gateway as `npm start` runs it, in a child process, so its memory can be read from outside
 * (/proc) while it is sent bodies much larger than MAX_REQUEST_BODY_BYTES.
 */
let child: ChildProcess;
let url = '';

function rssBytes(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? NaN) * 1024;
}

interface Reply {
  status: number;
  body: { errors?: { message: string; extensions?: { code?: string } }[] };
}

/**
 * POSTs `body` with or without Content-Length (chunked). The gateway may answer before the body is
 * sent; the reply counts, and the client's failure to send the rest (the server closed) does not.
 */
function post(body: Buffer, withLength: boolean): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (withLength) headers['content-length'] = body.length;
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Reply['body'] }));
      res.on('error', reject);
    });
    req.on('error', () => undefined);
    // Chunks of 1 MB, so a chunked body streams as a client would send it.
    for (let offset = 0; offset < body.length; offset += 1 << 20) req.write(body.subarray(offset, offset + (1 << 20)));
    req.end();
  });
}

/** A JSON request of about `megabytes` MB whose document differs from every other one sent. */
function hugeDocument(megabytes: number, seed: number): Buffer {
  const filler = `f${seed}_`.repeat(Math.ceil((megabytes * 1_000_000) / `f${seed}_`.length));
  return Buffer.from(JSON.stringify({ query: `{ __typename ${filler} }` }));
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', EMULATOR_SEED_DEMO: 'false' },
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const started = Date.now();
  while (!/GraphQL gateway on http/.test(stdout) && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 100));
  url = /GraphQL gateway on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout)?.[1] ?? '';
}, 20_000);

afterAll(() => {
  child.kill('SIGTERM');
});

describe('request bodies past MAX_REQUEST_BODY_BYTES', () => {
  it('answers four distinct 24 MB documents with 413, keeps memory bounded and keeps serving', async () => {
    const pid = child.pid ?? 0;
    const before = rssBytes(pid);
    const replies: Reply[] = [];
    // Two with Content-Length (refused before reading) and two chunked (cut off at the limit).
    for (const [i, withLength] of [true, false, true, false].entries()) replies.push(await post(hugeDocument(24, i), withLength));
    for (const reply of replies) {
      expect(reply.status).toBe(413);
      expect(reply.body.errors?.[0].extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    }
    const growth = rssBytes(pid) - before;
    // 96 MB were sent; none of it may stay, nor be parsed into an AST (several times its size).
    expect(growth).toBeLessThan(48 * 1024 * 1024);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ defaultRegion }"}' });
    expect(await res.json()).toMatchObject({ data: { defaultRegion: 'us-east-1' } });
    expect(child.exitCode).toBeNull();
  }, 30_000);

  it('counts the limit to the byte, with Content-Length and chunked alike', async () => {
    // JSON whitespace pads the body without growing the document: the limit is on bytes, not tokens.
    const padded = (bytes: number) => {
      const head = '{"query":"{ defaultRegion }"';
      return Buffer.from(head + ' '.repeat(bytes - head.length - 1) + '}');
    };
    for (const withLength of [true, false]) {
      const within = await post(padded(1_000_000), withLength);
      expect(within.status).toBe(200);
      expect(within.body).toMatchObject({ data: { defaultRegion: 'us-east-1' } });
      const past = await post(padded(1_000_001), withLength);
      expect(past.status).toBe(413);
      expect(past.body.errors?.[0].extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    }
  }, 30_000);
});
