import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * AWS Signature Version 4 verification, for the requests signed with credentials the emulator's
 * STS issued (the only secrets it knows). Follows the SigV4 reference ("Create a canonical
 * request", "Create a string to sign", "Calculate the signature"): the canonical request from the
 * method, path, query, the headers named in SignedHeaders and the payload hash, then HMAC-SHA256
 * down the date / region / service / aws4_request key chain.
 */

interface ParsedAuthorization {
  credentialScope: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=[^/,\s]+\/((\d{8})\/([^/]+)\/([^/]+)\/aws4_request),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const match = header === undefined ? null : AUTHORIZATION.exec(header.trim());
  if (!match) return undefined;
  return {
    credentialScope: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
    signedHeaders: match[5].split(';'),
    signature: match[6],
  };
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** Header values as SigV4 canonicalises them: trimmed, inner runs of spaces collapsed, repeats joined by commas. */
function canonicalHeaderValue(value: string | string[] | undefined): string {
  const values = Array.isArray(value) ? value : [value ?? ''];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** Query pairs sorted by name, then value, as sent (clients encode them before signing). */
function canonicalQuery(search: string): string {
  if (search === '') return '';
  return search
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => (pair.includes('=') ? pair : `${pair}=`))
    .sort()
    .join('&');
}

/** Whether `req` (with its exact body bytes) carries a valid SigV4 signature made with `secretAccessKey`. */
export function hasValidSignature(req: IncomingMessage, body: Buffer, secretAccessKey: string): boolean {
  const auth = parseAuthorization(req.headers.authorization);
  const amzDate = req.headers['x-amz-date'];
  if (!auth || typeof amzDate !== 'string' || !amzDate.startsWith(auth.date)) return false;
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const search = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const payloadHash = typeof req.headers['x-amz-content-sha256'] === 'string' ? req.headers['x-amz-content-sha256'] : sha256Hex(body);
  const canonicalRequest = [
    req.method ?? 'POST',
    path === '' ? '/' : path,
    canonicalQuery(search),
    ...auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req.headers[name])}`),
    '',
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, auth.credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, auth.date), auth.region), auth.service), 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', signingKey).update(stringToSign).digest('hex'));
  const given = Buffer.from(auth.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
