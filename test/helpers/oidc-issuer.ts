import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { JwtSettings } from '../../src/auth/jwt.js';
import { DEFAULT_JWT_ALGORITHMS } from '../../src/auth/jwt.js';

/**
 * A stand-in OIDC provider for tests: an ES256 key pair, its JWKS served over HTTP on 127.0.0.1
 * (as a provider's jwks_uri), and real signed tokens. `foreign` signs with a key the JWKS does not
 * hold, as an attacker's or another provider's key would.
 */
export interface TestIssuer {
  issuer: string;
  audience: string;
  jwksUrl: URL;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  /** A token for `sub` with `scope`; claims and times (seconds since epoch) may be overridden. */
  token(sub: string, scope: string, claims?: JWTPayload & { keyId?: string }): Promise<string>;
  foreignToken(sub: string, scope: string): Promise<string>;
  /** Settings for the gateway to trust this issuer. */
  settings(overrides?: Partial<JwtSettings>): JwtSettings;
  publicJwk: JWK;
  close(): Promise<void>;
}

const KEY_ID = 'test-key-1';

async function sign(key: CryptoKey, kid: string, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key);
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const foreign = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'ES256', use: 'sig' };
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/`;
  const audience = 'cloudtrail-insights-gateway';
  const now = () => Math.floor(Date.now() / 1000);
  const claimsFor = (sub: string, scope: string, claims: JWTPayload = {}): JWTPayload => ({
    iss: issuer,
    aud: audience,
    sub,
    scope,
    iat: now(),
    exp: now() + 300,
    ...claims,
  });
  const issuerHandle: TestIssuer = {
    issuer,
    audience,
    jwksUrl: new URL(`${base}/.well-known/jwks.json`),
    jwksFetches: () => fetches,
    publicJwk,
    token: (sub, scope, { keyId, ...claims } = {}) => sign(privateKey, keyId ?? KEY_ID, claimsFor(sub, scope, claims)),
    foreignToken: (sub, scope) => sign(foreign.privateKey, KEY_ID, claimsFor(sub, scope)),
    settings: (overrides = {}) => ({
      jwksUrl: new URL(`${base}/.well-known/jwks.json`),
      issuer,
      audience: [audience],
      clockSkewSeconds: 0,
      algorithms: DEFAULT_JWT_ALGORITHMS,
      scopesClaim: 'scope',
      ...overrides,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return issuerHandle;
}
