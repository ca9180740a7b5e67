import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExampleOperations } from '../../src/server/graphiql.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { createTrail } from '../helpers/trails.js';

/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/graphiql.png';

let gateway: HttpGateway;
let userDataDir: string;
let context: BrowserContext;

beforeAll(async () => {
  gateway = await startHttpGateway();
  await createTrail(gateway.sdkClient(), 'management-events', { S3BucketName: 'audit-logs', IsMultiRegionTrail: true });

  userDataDir = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
  await gateway?.close();
});

/** Loopback, or in-page URLs (workers GraphiQL builds from blobs, inline images). */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'blob:' || protocol === 'data:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

describe('GraphiQL in a real browser', () => {
  it('loads from the gateway alone, preloads the example operations as tabs and runs the first one', async () => {
    const requested: string[] = [];
    // Anything not local is recorded and refused, so the test fails rather than waits on a CDN.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      return isLocal(url) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));

    await page.goto(gateway.url, { waitUntil: 'load', timeout: 30_000 });
    const examples = loadExampleOperations();
    await expect.poll(() => page.locator('.graphiql-tab').count(), { timeout: 20_000 }).toBe(examples.length);

    // The first tab holds the first example operation, by its operation name.
    const firstName = /\b(?:query|mutation)\s+(\w+)/.exec(examples[0].document)?.[1] ?? '';
    await expect.poll(() => page.locator('.graphiql-tab').first().innerText()).toContain(firstName);

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('"data"');
    const text = await response.innerText();
    expect(text).not.toContain('"errors"');
    await page.screenshot({ path: SCREENSHOT });

    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !isLocal(url))).toEqual([]);
  }, 60_000);
});
