import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/server.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function preflight(gateway: Partial<Omit<GatewayOptions, 'clients'>>, origin: string): Promise<Response> {
  t = await startTestGateway({ gateway });
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  return res;
}

describe('CORS', () => {
  it('sends no CORS headers by default, so browsers allow same-origin pages only', async () => {
    const res = await preflight({}, 'https://evil.example.com');
    expect(res.status).toBe(405);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with * allows any origin, without credentials', async () => {
    const { status, headers } = await preflight({ corsOrigins: ['*'] }, 'https://app.example.com');
    expect(status).toBe(204);
    expect(headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(headers.get('access-control-allow-methods')).toBe('POST');
    expect(headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('with a list allows the listed origins and no other', async () => {
    const origins = ['https://a.example.com', 'https://b.example.com'];
    expect((await preflight({ corsOrigins: origins }, 'https://b.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://b.example.com',
    );
    await t?.close();
    expect((await preflight({ corsOrigins: origins }, 'https://evil.example.com')).headers.get('access-control-allow-origin')).toBe(
      'null',
    );
  });

  it('allows credentials only when configured', async () => {
    const { headers } = await preflight(
      { corsOrigins: ['https://a.example.com'], corsAllowCredentials: true },
      'https://a.example.com',
    );
    expect(headers.get('access-control-allow-credentials')).toBe('true');
  });
});
