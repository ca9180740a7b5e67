import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpGateway, type HttpGateway } from '../helpers/http-gateway.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { createTrail } from '../helpers/trails.js';

/**
 * GraphiQL on a gateway that requires authentication: the page itself loads without credentials,
 * and a bearer token typed into GraphiQL's headers pane is sent with each operation (README,
 * Security). Debian's Chromium, as in graphiql-browser.test.ts.
 */
const CHROMIUM = '/usr/bin/chromium';

let issuer: TestIssuer;
let gateway: HttpGateway;
let userDataDir: string;
let context: BrowserContext;

beforeAll(async () => {
  issuer = await startTestIssuer();
  gateway = await startHttpGateway({
    gateway: { authentication: { jwt: issuer.settings(), anonymousScopes: [] }, exampleOperations: [{ name: 'Trails', document: 'query Trails { trails(first: 5) { edges { node { name } } } }' }] },
  });
  await createTrail(gateway.sdkClient(), 'management-events');
  userDataDir = mkdtempSync(join(tmpdir(), 'graphiql-auth-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
  await gateway?.close();
  await issuer?.close();
});

describe('GraphiQL with authentication on', () => {
  it('sends the Authorization header from the headers pane: refused without it, answered with it', async () => {
    const page = await context.newPage();
    const sentAuthorization: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === gateway.url) sentAuthorization.push(request.headers().authorization);
    });
    await page.goto(gateway.url, { waitUntil: 'load', timeout: 30_000 });
    const response = page.locator('.graphiql-response');
    const run = page.locator('.graphiql-execute-button');

    // Without a token: executed as anonymous, the field refused as UNAUTHENTICATED.
    await expect.poll(() => page.locator('.graphiql-tab').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await run.click();
    await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('UNAUTHENTICATED');

    // The headers pane, as a user fills it in.
    const token = await issuer.token('alice', 'cloudtrail:read');
    await page.getByRole('button', { name: 'Headers' }).click();
    const headersEditor = page.locator('.graphiql-editor-tool .graphiql-editor').filter({ visible: true }).last();
    await headersEditor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
    await run.click();
    await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('management-events');
    expect(await response.innerText()).not.toContain('"errors"');
    expect(sentAuthorization[0]).toBeUndefined();
    expect(sentAuthorization.at(-1)).toBe(`Bearer ${token}`);
  }, 60_000);
});
