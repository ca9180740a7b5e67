import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isScope, type Scope } from './scopes.js';

/**
 * API keys for services. The gateway stores only the SHA-256 of each key: a key is 32 random bytes,
 * so a fast hash is enough (there is nothing to guess a preimage from, unlike a password), and a leaked
 * key list lets nobody in.
 */

/** Every key starts with this, so a key is recognisable in a header and in a secret scanner. */
export const API_KEY_PREFIX = 'ctig_';

export interface ApiKeyEntry {
  /** Who the key belongs to: shown in audit records. */
  name: string;
  /** Hex SHA-256 of the whole key, prefix included. */
  sha256: string;
  scopes: Scope[];
  /** After this time the key is refused. */
  expiresAt?: Date;
}

export class ApiKeyListError extends Error {
  override name = 'ApiKeyListError';
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key and the entry to store for it. The key is shown once and never stored. */
export function generateApiKey(name: string, scopes: Scope[], expiresAt?: Date): { key: string; entry: ApiKeyEntry } {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, entry: { name, sha256: hashApiKey(key), scopes, ...(expiresAt ? { expiresAt } : {}) } };
}

/** The stored form of an entry: what `npm run api-key` prints and AUTH_API_KEYS(_FILE) holds. */
export function apiKeyEntryJson(entry: ApiKeyEntry): Record<string, unknown> {
  return {
    name: entry.name,
    sha256: entry.sha256,
    scopes: entry.scopes,
    ...(entry.expiresAt ? { expiresAt: entry.expiresAt.toISOString() } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `[{name, sha256, scopes, expiresAt?}, ...]` (or `{"keys": [...]}`), refusing anything unclear. */
export function parseApiKeyList(text: string, source: string): ApiKeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiKeyListError(`${source} must be JSON: a list of {"name", "sha256", "scopes", "expiresAt"?} entries`);
  }
  const list = isRecord(json) && Array.isArray(json.keys) ? json.keys : json;
  if (!Array.isArray(list)) throw new ApiKeyListError(`${source} must be a JSON list of API key entries`);
  const names = new Set<string>();
  const hashes = new Set<string>();
  return list.map((item: unknown, index) => {
    const where = `${source} entry ${index + 1}`;
    if (!isRecord(item)) throw new ApiKeyListError(`${where} must be an object`);
    const { name, sha256, scopes, expiresAt } = item;
    if (typeof name !== 'string' || !/^[\w.@:-]{1,128}$/.test(name)) {
      throw new ApiKeyListError(`${where}: name must be 1-128 letters, digits or ._@:-`);
    }
    if (names.has(name)) throw new ApiKeyListError(`${where}: the name ${name} is used twice`);
    names.add(name);
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
      throw new ApiKeyListError(`${where} (${name}): sha256 must be 64 lower-case hex digits (npm run api-key prints it)`);
    }
    if (hashes.has(sha256)) throw new ApiKeyListError(`${where} (${name}): the same key hash is listed twice`);
    hashes.add(sha256);
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || !isScope(s))) {
      throw new ApiKeyListError(`${where} (${name}): scopes must be a list of cloudtrail:read, insights:read, selectors:write`);
    }
    let expiry: Date | undefined;
    if (expiresAt !== undefined) {
      expiry = typeof expiresAt === 'string' ? new Date(expiresAt) : undefined;
      if (!expiry || Number.isNaN(expiry.getTime())) {
        throw new ApiKeyListError(`${where} (${name}): expiresAt must be an ISO 8601 time such as 2027-01-01T00:00:00Z`);
      }
    }
    return { name, sha256, scopes: [...new Set(scopes as Scope[])], ...(expiry ? { expiresAt: expiry } : {}) };
  });
}

export type ApiKeyCheck = { valid: true; entry: ApiKeyEntry } | { valid: false; reason: 'unknown' | 'expired'; entry?: ApiKeyEntry };

/** The configured keys, checked by hash. */
export class ApiKeyStore {
  private readonly hashes: { entry: ApiKeyEntry; digest: Buffer }[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.hashes = entries.map((entry) => ({ entry, digest: Buffer.from(entry.sha256, 'hex') }));
  }

  get size(): number {
    return this.hashes.length;
  }

  check(key: string, now: Date): ApiKeyCheck {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    // Every entry is compared, each in constant time, so the answer's timing says nothing about
    // which entry (or how much of a hash) matched.
    let found: ApiKeyEntry | undefined;
    for (const { entry, digest: stored } of this.hashes) {
      if (timingSafeEqual(stored, digest)) found = entry;
    }
    if (!found) return { valid: false, reason: 'unknown' };
    if (found.expiresAt && found.expiresAt.getTime() <= now.getTime()) return { valid: false, reason: 'expired', entry: found };
    return { valid: true, entry: found };
  }
}
