import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { createTrail, enableTrailInsights } from '../helpers/trails.js';

/**
 * The publishable client package (packages/client) as its users get it: `npm pack` ships only the
 * built modules, their types and the README, and the examples under examples/ run against the
 * packed package (not the repository's sources) and a gateway over real HTTP.
 */

const run = promisify(execFile);
const PACKAGE_DIR = resolve('packages/client');
const PACKAGE_NAME = '@cloudtrail-insights-gateway/client';
const TSX = resolve('node_modules/.bin/tsx');
/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium';

interface PackResult {
  name: string;
  filename: string;
  files: { path: string }[];
}

async function npmPack(...args: string[]): Promise<PackResult> {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts=false', ...args], { cwd: PACKAGE_DIR, maxBuffer: 16 * 1024 * 1024 });
  // npm prints the build's output before the JSON report.
  const [result] = JSON.parse(stdout.slice(stdout.indexOf('\n[') + 1)) as PackResult[];
  return result;
}

const MODULES = ['index', 'documents', 'generated/index', 'generated/gql', 'generated/graphql', 'generated/documents', 'generated/possible-types'];

describe('npm pack of packages/client', () => {
  it('ships the built modules with their types, the persisted manifest and the README, and nothing else', async () => {
    const packed = await npmPack('--dry-run');
    expect(packed.name).toBe(PACKAGE_NAME);
    const expected = [
      'README.md',
      'package.json',
      'dist/generated/persisted-documents.json',
      ...MODULES.flatMap((m) => [`dist/${m}.js`, `dist/${m}.d.ts`]),
    ];
    expect(packed.files.map((f) => f.path).sort()).toEqual(expected.sort());
  }, 60_000);
});

describe('the examples, on the packed package', () => {
  let workDir: string;
  let gateway: HttpGateway;
  let site: Server;
  let siteOrigin: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'client-package-'));
    // The service's own package: an ES module project that installed the client.
    writeFileSync(join(workDir, 'package.json'), JSON.stringify({ name: 'example-service', private: true, type: 'module' }));
    const packed = await npmPack('--pack-destination', workDir);
    const installed = join(workDir, 'node_modules', PACKAGE_NAME);
    mkdirSync(installed, { recursive: true });
    await run('tar', ['-xzf', join(workDir, packed.filename), '-C', installed, '--strip-components=1']);
    cpSync('examples/service', join(workDir, 'service'), { recursive: true });
    cpSync('examples/frontend', join(workDir, 'frontend'), { recursive: true });
    cpSync(join(workDir, 'node_modules'), join(workDir, 'frontend', 'node_modules'), { recursive: true });

    // A static file server for the frontend, on another origin than the gateway.
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };
    site = createServer((req, res) => {
      const path = join(workDir, 'frontend', decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      try {
        const body = readFileSync(path);
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

    gateway = await startHttpGateway({ gateway: { corsOrigins: [siteOrigin] } });
    const sdk = gateway.sdkClient('us-east-1');
    await createTrail(sdk, 'audit');
    await enableTrailInsights(sdk, 'audit');
    await createTrail(gateway.sdkClient('eu-west-1'), 'europe');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await new Promise<void>((done) => (site ? site.close(() => done()) : done()));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('the service example prints each trail with its region, logging state and Insights', async () => {
    const { stdout } = await run(TSX, [join(workDir, 'service', 'trails-report.ts')], {
      cwd: workDir,
      env: { ...process.env, GATEWAY_URL: gateway.url },
    });
    expect(stdout.trim().split('\n').sort()).toEqual([
      'audit\tus-east-1\tstopped\tinsights:ApiCallRateInsight',
      'europe\teu-west-1\tstopped\tinsights:off',
    ]);
  }, 30_000);

  it('the frontend example lists the trails in headless Chromium, from the package with no bundler', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    await page.goto(`${siteOrigin}/index.html?gateway=${encodeURIComponent(gateway.url)}`);
    await expect.poll(() => page.locator('#status').innerText(), { timeout: 20_000 }).toBe('2 trails');
    const rows = await page.locator('#trails tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows.sort()).toEqual([
      ['audit', 'us-east-1', 'ApiCallRateInsight'],
      ['europe', 'eu-west-1', 'off'],
    ]);
  }, 60_000);
});
