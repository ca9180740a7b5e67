/**
 * Credentials were sent but do not prove anything: a bad, expired or foreign token or API key
 * (`invalid_token`, HTTP 401), or the keys to check a token cannot be fetched
 * (`temporarily_unavailable`, HTTP 503). Error codes as RFC 6750 section 3.1 names them.
 */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';

  constructor(
    readonly reason: 'invalid_token' | 'invalid_request' | 'temporarily_unavailable',
    message: string,
  ) {
    super(message);
  }
}
