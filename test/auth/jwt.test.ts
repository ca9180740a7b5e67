import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVerificationKeys } from '../../src/auth/jwt.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startEmulatorBackend, type EmulatorBackend } from '../helpers/gateway.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';

/**
 * Bearer JWTs through real yoga fetch: a token that does not verify is refused whole with 401 and a
 * WWW-Authenticate challenge saying why (RFC 6750); a good one reads with the scopes it carries.
 */

let issuer: TestIssuer;
let backend: EmulatorBackend;

beforeAll(async () => {
  issuer = await startTestIssuer();
  backend = await startEmulatorBackend();
});
afterAll(async () => {
  await backend.close();
  await issuer.close();
});

function gatewayTrusting(overrides: Parameters<TestIssuer['settings']>[0] = {}): Gateway {
  return createGateway({ clients: backend.clients, authentication: { jwt: issuer.settings(overrides), anonymousScopes: [] } });
}

async function post(gateway: Gateway, token: string) {
  const res = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ trails(first: 1) { edges { node { name } } } }' }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body };
}

const now = () => Math.floor(Date.now() / 1000);

describe('bearer JWTs verified against the issuer\'s JWKS', () => {
  const gateway = () => gatewayTrusting();

  it('a valid token with cloudtrail:read reads trails', async () => {
    const res = await post(gateway(), await issuer.token('alice', 'openid cloudtrail:read'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { trails: { edges: [] } }, extensions: { awsCalls: { ListTrails: 1 } } });
  });

  it.each([
    ['expired', { exp: now() - 120 }, 'The bearer token has expired.'],
    ['for another audience', { aud: 'some-other-api' }, 'The bearer token is not meant for this API (aud).'],
    ['from another issuer', { iss: 'https://evil.example/' }, 'The bearer token comes from an issuer this API does not trust (iss).'],
    ['not valid yet', { nbf: now() + 600 }, 'The bearer token is not valid yet (nbf).'],
    ['without an expiry', { exp: undefined }, 'The bearer token\'s exp claim is missing or invalid.'],
    ['without a subject', { sub: undefined }, 'The bearer token\'s sub claim is missing or invalid.'],
    ['signed under an unknown key id', { keyId: 'rotated-away' }, 'The bearer token is invalid: malformed, signed by an unknown key, or with a bad signature.'],
  ])('a token %s is refused with 401 and the reason', async (_case, claims, message) => {
    const res = await post(gateway(), await issuer.token('alice', 'cloudtrail:read', claims));
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(res.challenge).toBe(`Bearer realm="cloudtrail-insights-gateway", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`);
  });

  it('a tampered token (scope raised in the payload, signature kept) is refused', async () => {
    const [header, payload, signature] = (await issuer.token('alice', 'insights:read')).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const raised = Buffer.from(JSON.stringify({ ...claims, scope: 'insights:read selectors:write' })).toString('base64url');
    const res = await post(gateway(), `${header}.${raised}.${signature}`);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].message).toMatch(/bad signature/);
  });

  it('a token signed by another key under the trusted key id is refused', async () => {
    const res = await post(gateway(), await issuer.foreignToken('alice', 'cloudtrail:read'));
    expect(res.status).toBe(401);
  });

  it('an unsigned token (alg none) and a malformed one are refused', async () => {
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify({ iss: issuer.issuer, aud: issuer.audience, sub: 'alice', exp: now() + 60, scope: 'cloudtrail:read' })).toString('base64url'),
      '',
    ].join('.');
    expect((await post(gateway(), unsigned)).status).toBe(401);
    expect((await post(gateway(), 'not-a-jwt')).status).toBe(401);
  });

  it('clock skew is honoured: a token expired 30 s ago passes with 60 s of skew and not with none', async () => {
    const token = await issuer.token('alice', 'cloudtrail:read', { exp: now() - 30 });
    expect((await post(gatewayTrusting({ clockSkewSeconds: 60 }), token)).status).toBe(200);
    expect((await post(gatewayTrusting({ clockSkewSeconds: 0 }), token)).status).toBe(401);
    const early = await issuer.token('alice', 'cloudtrail:read', { nbf: now() + 30 });
    expect((await post(gatewayTrusting({ clockSkewSeconds: 60 }), early)).status).toBe(200);
    expect((await post(gatewayTrusting({ clockSkewSeconds: 0 }), early)).status).toBe(401);
  });

  it('a scope list in an array claim (scp) is read when configured', async () => {
    const token = await issuer.token('svc', '', { scp: ['cloudtrail:read'] });
    expect((await post(gatewayTrusting({ scopesClaim: 'scp' }), token)).body.data).toEqual({ trails: { edges: [] } });
  });

  it('while the JWKS cannot be fetched, tokens are answered 503, not 401', async () => {
    const down = gatewayTrusting({ jwksUrl: new URL('http://127.0.0.1:9/.well-known/jwks.json') });
    const res = await post(down, await issuer.token('alice', 'cloudtrail:read'));
    expect(res.status).toBe(503);
    expect(res.body.errors?.[0].extensions?.code).toBe('AUTHENTICATION_UNAVAILABLE');
  });
});

describe('a local key file instead of a JWKS URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-keys-'));

  it.each([
    ['PEM public key', () => createPublicKey({ key: issuer.publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString()],
    ['JWK', () => JSON.stringify(issuer.publicJwk)],
    ['JWKS', () => JSON.stringify({ keys: [issuer.publicJwk] })],
  ])('verifies tokens with a %s', async (kind, content) => {
    const file = join(dir, kind.replace(/\s/g, '-'));
    writeFileSync(file, content());
    const keyed = gatewayTrusting({ jwksUrl: undefined, keys: readVerificationKeys(file) });
    const fetchesBefore = issuer.jwksFetches();
    expect((await post(keyed, await issuer.token('alice', 'cloudtrail:read'))).status).toBe(200);
    expect((await post(keyed, await issuer.foreignToken('alice', 'cloudtrail:read'))).status).toBe(401);
    expect(issuer.jwksFetches()).toBe(fetchesBefore);
  });

  it('refuses a private key, which would let the configuration mint tokens', () => {
    const file = join(dir, 'private.jwk');
    writeFileSync(file, JSON.stringify({ ...issuer.publicJwk, d: 'secret' }));
    expect(() => readVerificationKeys(file)).toThrow(/public keys only/);
  });
});
