import { afterEach, describe, expect, it } from 'vitest';
import { loadExampleOperations } from '../../src/server/graphiql.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const openInBrowser = (gateway: TestGateway) =>
  gateway.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });

describe('GraphiQL page', () => {
  it('is one self-contained HTML page: no script, style or font is loaded from another host', async () => {
    t = await startTestGateway();
    const res = await openInBrowser(t);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs/);
  });

  it('preloads every example operation of schema/operations/ as a tab, the first as the default query', async () => {
    t = await startTestGateway();
    const html = await (await openInBrowser(t)).text();
    const options = /renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),\s*\);/s.exec(html)?.[1];
    expect(options).toBeDefined();
    const parsed = JSON.parse(options ?? '{}') as { defaultQuery?: string; defaultTabs?: { query: string }[] };
    const examples = loadExampleOperations();
    expect(parsed.defaultTabs?.map((tab) => tab.query)).toEqual(examples.map((example) => example.document));
    expect(parsed.defaultQuery).toBe(examples[0].document);
  });

  it('is not served when switched off', async () => {
    t = await startTestGateway({ gateway: { graphiql: false } });
    const res = await openInBrowser(t);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
  });
});
