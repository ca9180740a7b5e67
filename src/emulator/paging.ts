import { createHash } from 'node:crypto';
import { CloudTrailError } from './errors.js';

/**
 * NextToken handling shared by every paged operation.
 *
 * A token is opaque to clients. It records the offset it resumes from and a digest of the request
 * parameters it was issued for, so that a token replayed with other parameters is refused as AWS
 * refuses it (InvalidNextTokenException for most operations; callers may choose the type).
 */
interface TokenBody {
  o: string; // operation
  p: string; // parameter digest
  i: number; // offset of the next item
}

function digest(params: unknown): string {
  return createHash('sha256').update(JSON.stringify(params ?? null)).digest('base64url').slice(0, 16);
}

export function issueToken(operation: string, params: unknown, offset: number): string {
  const body: TokenBody = { o: operation, p: digest(params), i: offset };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * Returns the offset a token resumes from, or 0 without a token.
 * @param errorType the exception AWS documents for a bad token on this operation.
 */
export function resumeOffset(
  operation: string,
  params: unknown,
  token: string | undefined,
  errorType = 'InvalidNextTokenException',
): number {
  if (token === undefined || token === null) return 0;
  let body: TokenBody;
  try {
    body = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as TokenBody;
  } catch {
    throw new CloudTrailError(errorType, 'The NextToken is not valid.');
  }
  if (!body || body.o !== operation || typeof body.i !== 'number' || body.i < 0) {
    throw new CloudTrailError(errorType, 'The NextToken is not valid.');
  }
  if (body.p !== digest(params)) {
    throw new CloudTrailError(errorType, 'The NextToken does not match the parameters of the request it came from.');
  }
  return body.i;
}

/** Slices one page out of `items` and issues the token for the next one, if any. */
export function page<T>(
  operation: string,
  params: unknown,
  items: readonly T[],
  token: string | undefined,
  pageSize: number,
  errorType?: string,
): { items: T[]; nextToken?: string } {
  return pageOf(operation, params, items.length, (k) => items[k], token, pageSize, errorType);
}

/** Like `page`, over `total` items read by position: only the page's items are read. */
export function pageOf<T>(
  operation: string,
  params: unknown,
  total: number,
  itemAt: (position: number) => T,
  token: string | undefined,
  pageSize: number,
  errorType?: string,
): { items: T[]; nextToken?: string } {
  const start = resumeOffset(operation, params, token, errorType);
  const end = Math.min(total, start + pageSize);
  const slice: T[] = [];
  for (let k = start; k < end; k++) slice.push(itemAt(k));
  return end < total ? { items: slice, nextToken: issueToken(operation, params, end) } : { items: slice };
}
