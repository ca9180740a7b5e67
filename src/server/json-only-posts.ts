import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { GatewayErrorCode } from '../gateway-errors.js';

/** The media types a GraphQL-over-HTTP POST may carry here (yoga's JSON parser reads both). */
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/graphql+json']);

/**
 * Refuses every POST whose body is not JSON with 415 and `UNSUPPORTED_MEDIA_TYPE`. A browser
 * sends `application/x-www-form-urlencoded`, `multipart/form-data` and `text/plain` from a plain
 * HTML form or a no-cors `fetch` without asking the server first (no CORS preflight), so another
 * site could make a signed-in user's browser run a mutation; a JSON POST from another origin is
 * always preflighted, and CORS (`CORS_ORIGINS`) decides. GET runs queries only: yoga answers 405 to
 * a mutation sent with GET.
 */
export function useJsonOnlyPosts(): Plugin {
  return {
    onRequestParse: ({ request }) => {
      if (request.method !== 'POST') return;
      const mediaType = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (JSON_MEDIA_TYPES.has(mediaType)) return;
      throw createGraphQLError(
        `POST bodies must be JSON (Content-Type: application/json), got ${mediaType === '' ? 'no Content-Type' : JSON.stringify(mediaType.slice(0, 64))}.`,
        { extensions: { code: GatewayErrorCode.UNSUPPORTED_MEDIA_TYPE, http: { status: 415 } } },
      );
    },
  };
}
