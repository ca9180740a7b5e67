import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const get = (gateway: TestGateway, path: string, headers: Record<string, string> = {}) =>
  gateway.gateway.fetch(`http://gateway.test${path}`, { headers });

/** The asset URLs the page refers to (script, style, icon, Monaco workers), as absolute paths. */
async function assetPaths(gateway: TestGateway): Promise<string[]> {
  const html = await (await get(gateway, '/graphql', { accept: 'text/html' })).text();
  return [...new Set([...html.matchAll(/graphiql-assets\/[\w.-]+/g)].map(([path]) => `/${path}`))];
}

describe('GraphiQL assets', () => {
  it('are separate files: a small page, then script, style, icon and three workers', async () => {
    t = await startTestGateway();
    const page = await get(t, '/graphql', { accept: 'text/html' });
    expect((await page.text()).length).toBeLessThan(20_000);
    const paths = await assetPaths(t);
    expect(paths.filter((p) => p.endsWith('.js'))).toHaveLength(4);
    expect(paths.filter((p) => p.endsWith('.css'))).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('.ico'))).toHaveLength(1);
    for (const path of paths) {
      const res = await get(t, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    }
  });

  it('are sent brotli- or gzip-compressed when accepted, the same bytes once decompressed', async () => {
    t = await startTestGateway();
    const script = (await assetPaths(t)).find((p) => p.includes('/graphiql.') && p.endsWith('.js')) as string;
    const plain = Buffer.from(await (await get(t, script)).arrayBuffer());
    expect(plain.length).toBeGreaterThan(1_000_000);

    const br = await get(t, script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(brBytes).equals(plain)).toBe(true);

    const gz = await get(t, script, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(plain)).toBe(true);
    expect(new Set([br.headers.get('etag'), gz.headers.get('etag')]).size).toBe(2);
  });

  it('answer 304 with no body to a matching If-None-Match, 404 for a name that is not an asset', async () => {
    t = await startTestGateway();
    const [path] = await assetPaths(t);
    const first = await get(t, path, { 'accept-encoding': 'gzip' });
    const again = await get(t, path, { 'accept-encoding': 'gzip', 'if-none-match': first.headers.get('etag') as string });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await get(t, path, { 'if-none-match': first.headers.get('etag') as string });
    expect(other.status).toBe(200);
    expect((await get(t, '/graphiql-assets/graphiql.0000000000000000.js')).status).toBe(404);
  });

  it('are not served, nor their 9 MB bundle loaded, when GraphiQL is off', async () => {
    t = await startTestGateway({ gateway: { graphiql: false } });
    expect((await get(t, '/graphiql-assets/anything.js')).status).toBe(404);
    // A fresh process builds a gateway with GraphiQL off, answers a query, and lists the modules it loaded.
    const script = `
      const { createRequire } = await import('node:module');
      const { createGateway } = await import('./src/server.ts');
      const { CloudTrailClients } = await import('./src/aws/clients.ts');
      const gateway = createGateway({ clients: new CloudTrailClients({ defaultRegion: 'us-east-1' }), graphiql: false });
      await gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('render-graphiql'));
      const off = loaded();
      const on = createGateway({ clients: new CloudTrailClients({ defaultRegion: 'us-east-1' }) });
      await (await on.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } })).text();
      console.log(JSON.stringify({ off, on: loaded() }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual({ off: false, on: true });
  }, 30_000);
});
