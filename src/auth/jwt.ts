import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AuthenticationError } from './authentication-error.js';
import { isScope, type Caller, type Scope } from './scopes.js';

/**
 * Bearer JWTs (OIDC access or ID tokens), verified with jose against a JWKS URL (the identity
 * provider's `jwks_uri`) or a local key file. No crypto of our own: jose checks the signature, the
 * algorithm against the key, and `exp`/`nbf`/`iss`/`aud` with the configured clock skew.
 */

export interface JwtSettings {
  /** The issuer's JWKS (fetched, cached and refreshed by jose on an unknown `kid`). */
  jwksUrl?: URL;
  /** Keys read from a local file: a PEM public key or certificate, a JWK, or a JWKS. */
  keys?: JSONWebKeySet;
  /** Required `iss`. */
  issuer?: string;
  /** Accepted `aud` values: the token must name one of them. */
  audience?: string[];
  /** Seconds of clock difference tolerated on `exp`, `nbf` and `iat`. */
  clockSkewSeconds: number;
  /** Accepted `alg` values (asymmetric only: a public key can never verify an HMAC token). */
  algorithms: string[];
  /** The claim holding the caller's scopes: a space-separated string (`scope`) or a list (`scp`). */
  scopesClaim: string;
}

export const DEFAULT_JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

/** Reads a verification key file: PEM (public key or certificate), a single JWK, or a JWKS. */
export function readVerificationKeys(path: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KeyFileError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new KeyFileError(`${path} is neither valid JSON (JWK/JWKS) nor PEM`);
    }
    const set = json as Partial<JSONWebKeySet> & JWK;
    const keys = Array.isArray(set.keys) ? set.keys : [set];
    for (const key of keys) {
      if (typeof key !== 'object' || key === null || typeof key.kty !== 'string') throw new KeyFileError(`${path}: every JWK needs a kty`);
      // A private or symmetric key here would let whoever reads the configuration mint tokens.
      if ('d' in key || key.kty === 'oct') throw new KeyFileError(`${path} must hold public keys only`);
    }
    return { keys };
  }
  try {
    const jwk = createPublicKey(trimmed).export({ format: 'jwk' }) as JWK;
    return { keys: [jwk] };
  } catch {
    throw new KeyFileError(`${path} holds no PEM public key or certificate`);
  }
}

function scopesOf(payload: JWTPayload, claim: string): Scope[] {
  const value = payload[claim];
  const names = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
  // Scopes the gateway does not know (other APIs' scopes in the same token) are ignored.
  return names.filter((name): name is Scope => typeof name === 'string' && isScope(name));
}

/** Why a token was refused, in words a client can act on; never the key material. */
function refusal(err: unknown): AuthenticationError {
  if (err instanceof errors.JWTExpired) return new AuthenticationError('invalid_token', 'The bearer token has expired.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    const claim = err.claim;
    if (claim === 'nbf') return new AuthenticationError('invalid_token', 'The bearer token is not valid yet (nbf).');
    if (claim === 'iat') return new AuthenticationError('invalid_token', 'The bearer token was issued in the future (iat).');
    if (claim === 'aud') return new AuthenticationError('invalid_token', 'The bearer token is not meant for this API (aud).');
    if (claim === 'iss') return new AuthenticationError('invalid_token', 'The bearer token comes from an issuer this API does not trust (iss).');
    return new AuthenticationError('invalid_token', `The bearer token's ${claim} claim is missing or invalid.`);
  }
  if (err instanceof errors.JWKSTimeout || (err instanceof Error && !(err instanceof errors.JOSEError))) {
    // The key set could not be fetched: the caller is not at fault.
    return new AuthenticationError('temporarily_unavailable', 'The keys to verify bearer tokens cannot be fetched at the moment.');
  }
  return new AuthenticationError('invalid_token', 'The bearer token is invalid: malformed, signed by an unknown key, or with a bad signature.');
}

/**
 * Keys from a file. A single key without a `kid` (a PEM file, a bare JWK) verifies every token
 * whatever `kid` it names, as there is no other key to choose; a set is matched by `kid` (jose).
 */
function localKeys(set: JSONWebKeySet): JWTVerifyGetKey {
  const [only] = set.keys;
  if (set.keys.length === 1 && only.kid === undefined) {
    // jwtVerify still checks the header's alg against `algorithms`; importJWK refuses an alg the key cannot do.
    return async (header) => (await importJWK(only, header.alg)) as Awaited<ReturnType<JWTVerifyGetKey>>;
  }
  return createLocalJWKSet(set);
}

/** Verifies a bearer token and answers the caller it names, or throws an AuthenticationError. */
export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<Caller> {
  const keys = settings.jwksUrl
    ? createRemoteJWKSet(settings.jwksUrl, { timeoutDuration: 5000 })
    : localKeys(settings.keys ?? { keys: [] });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockSkewSeconds,
        algorithms: settings.algorithms,
        // A token without an expiry would be valid forever; without a subject nobody could be audited.
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      throw refusal(err);
    }
    return { kind: 'jwt', id: payload.sub ?? '', issuer: payload.iss, scopes: new Set(scopesOf(payload, settings.scopesClaim)) };
  };
}
