import { API_KEY_PREFIX, ApiKeyStore, type ApiKeyEntry } from './api-keys.js';
import { AuthenticationError } from './authentication-error.js';
import { createJwtVerifier, type JwtSettings } from './jwt.js';
import { anonymousCaller, SCOPES, type Caller, type Scope } from './scopes.js';

/**
 * Who a request comes from, from its headers: `Authorization: Bearer <JWT>`, or an API key in
 * `X-API-Key` (or as the bearer value; keys start with `ctig_`, JWTs never do). No credentials at
 * all make an anonymous caller, who holds only `anonymousScopes`; credentials that fail to verify
 * are an AuthenticationError, never a silent fall-back to anonymous.
 */

export interface AuthenticationSettings {
  jwt?: JwtSettings;
  apiKeys?: readonly ApiKeyEntry[];
  /** Scopes of callers who send no credentials: every scope on an open gateway, none otherwise. */
  anonymousScopes: readonly Scope[];
  /** The clock API key expiry is checked against. Default: the system clock. */
  now?: () => Date;
}

export type CallerAuthenticator = (headers: Headers) => Promise<Caller>;

/** A gateway with no authentication: every caller holds every scope (local exploration). */
export const OPEN_AUTHENTICATION: AuthenticationSettings = { anonymousScopes: SCOPES };

export function createCallerAuthenticator(settings: AuthenticationSettings): CallerAuthenticator {
  const verifyJwt = settings.jwt ? createJwtVerifier(settings.jwt) : undefined;
  const apiKeys = new ApiKeyStore(settings.apiKeys ?? []);
  const now = settings.now ?? (() => new Date());
  const anonymous = anonymousCaller(settings.anonymousScopes);

  function callerForApiKey(key: string): Caller {
    const check = apiKeys.check(key, now());
    if (!check.valid) {
      throw new AuthenticationError(
        'invalid_token',
        check.reason === 'expired' ? `The API key ${check.entry?.name ?? ''} has expired.` : 'The API key is not valid.',
      );
    }
    return { kind: 'api-key', id: check.entry.name, scopes: new Set(check.entry.scopes) };
  }

  return async (headers) => {
    const authorization = headers.get('authorization');
    const apiKey = headers.get('x-api-key');
    if (authorization !== null && apiKey !== null) {
      throw new AuthenticationError('invalid_request', 'Send one credential: an Authorization header or an X-API-Key header, not both.');
    }
    if (apiKey !== null) return callerForApiKey(apiKey.trim());
    if (authorization === null) return anonymous;
    const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AuthenticationError('invalid_request', 'The Authorization header must be "Bearer <token>".');
    const token = match[1];
    if (token.startsWith(API_KEY_PREFIX)) return callerForApiKey(token);
    if (!verifyJwt) throw new AuthenticationError('invalid_token', 'This gateway accepts no bearer tokens (no JWT issuer is configured).');
    return verifyJwt(token);
  };
}
