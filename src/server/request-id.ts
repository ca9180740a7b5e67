import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * An id a load balancer or caller already assigned is kept, so logs on both sides line up; only a
 * bounded, header- and log-safe one (letters, digits, `_.:-`, at most 128), else a new UUID.
 */
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

const requestIds = new WeakMap<Request, string>();

/** The request's id: the caller's when well formed, else a new one; the same for the whole request. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    const given = request.headers.get(REQUEST_ID_HEADER);
    id = given !== null && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/**
 * Every response carries `x-request-id`: the id the access log, audit records and masked errors
 * (`extensions.requestId`) use, so a client can quote it. Health checks and refusals too.
 */
export function useRequestId(): Plugin {
  return {
    onResponse: ({ request, response }) => {
      response.headers.set(REQUEST_ID_HEADER, requestIdOf(request));
    },
  };
}
