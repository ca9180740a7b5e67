import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * MAX_REQUEST_BODY_BYTES, in place of yoga's `maxRequestBodySize`, which pipes every body through a
 * byte-counting TransformStream. That pipe (a stream pipeline, an AbortController and a
 * DOMException per request) cost a third of the gateway's CPU for a small request
 * (`npm run bench`: `{ __typename }` answered about 1.5 times as fast without it).
 *
 * A body with a Content-Length needs no counting: Node's HTTP parser delivers exactly that many
 * bytes as the body (and refuses a malformed or repeated Content-Length with 400 itself), so a
 * length within the limit is a body within the limit, and a larger one is refused before a byte is
 * read. Only a body without one (chunked) is counted as it streams, and cut off at the limit.
 */
export function useRequestBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null && /^\d+$/.test(contentLength)) {
        if (Number(contentLength) > maxBytes) throw bodyTooLarge(maxBytes);
        return;
      }
      if (requestParser === undefined || request.body === null) return;
      setRequestParser((req) => requestParser(countingBody(req, maxBytes, fetchAPI)));
    },
  };
}

function bodyTooLarge(maxBytes: number): GraphQLError {
  return new GraphQLError(`Request body too large: at most ${maxBytes} bytes (MAX_REQUEST_BODY_BYTES).`, {
    extensions: { code: GatewayErrorCode.REQUEST_ENTITY_TOO_LARGE, http: { status: 413 } },
  });
}

/** `request` with a body that fails with 413 as soon as more than `maxBytes` have streamed in. */
function countingBody(request: Request, maxBytes: number, fetchAPI: FetchAPI): Request {
  let bytesRead = 0;
  // As yoga does: a native body stream pipes only into a native TransformStream, and the server's
  // own (ponyfilled) body only into its fetch API's.
  const Transform = request.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
  const counted = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        if (bytesRead > maxBytes) controller.error(bodyTooLarge(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  // `duplex` is required by fetch for a streamed request body, and missing from TypeScript's RequestInit.
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: counted, duplex: 'half' } as RequestInit);
}
