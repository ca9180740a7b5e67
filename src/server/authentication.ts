import { createGraphQLError } from 'graphql-yoga';
import { AuthenticationError } from '../auth/authentication-error.js';
import type { CallerAuthenticator } from '../auth/authenticate.js';
import type { Caller } from '../auth/scopes.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * The caller of a request, or the HTTP refusal of credentials that do not verify. A request with no
 * credentials is executed as the anonymous caller and refused field by field (UNAUTHENTICATED); a
 * request whose token or key is bad, expired or foreign is refused whole, before execution, with
 * 401 and `WWW-Authenticate` (RFC 6750), since running it as anonymous would hide the mistake.
 */
export async function authenticateRequest(authenticate: CallerAuthenticator, request: Request): Promise<Caller> {
  try {
    return await authenticate(request.headers);
  } catch (err) {
    if (!(err instanceof AuthenticationError)) throw err;
    const status = err.reason === 'temporarily_unavailable' ? 503 : err.reason === 'invalid_request' ? 400 : 401;
    const challenge = `Bearer realm="cloudtrail-insights-gateway", error="${err.reason}", error_description="${err.message.replace(/"/g, "'")}"`;
    throw createGraphQLError(err.message, {
      extensions: {
        code: status === 503 ? GatewayErrorCode.AUTHENTICATION_UNAVAILABLE : GatewayErrorCode.UNAUTHENTICATED,
        http: { status, headers: status === 401 ? { 'WWW-Authenticate': challenge } : {} },
      },
    });
  }
}
