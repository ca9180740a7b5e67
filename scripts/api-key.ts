/**
 * npm run api-key -- --name <name> --scopes cloudtrail:read,insights:read [--expires <ISO time> | --days <n>]
 *
 * Generates an API key, prints it once (hand it to the service, which sends it as X-API-Key) and
 * the entry to add to AUTH_API_KEYS_FILE. The gateway stores only the entry: the key's SHA-256.
 */
import { parseArgs } from 'node:util';
import { apiKeyEntryJson, generateApiKey } from '../src/auth/api-keys.js';
import { isScope, SCOPES, type Scope } from '../src/auth/scopes.js';

function fail(message: string): never {
  console.error(`api-key: ${message}`);
  console.error('usage: npm run api-key -- --name <name> --scopes <scope,...> [--expires <ISO time> | --days <n>]');
  console.error(`scopes: ${SCOPES.join(', ')}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { name: { type: 'string' }, scopes: { type: 'string' }, expires: { type: 'string' }, days: { type: 'string' } },
  strict: true,
});
const name = values.name ?? fail('--name is required');
if (!/^[\w.@:-]{1,128}$/.test(name)) fail('--name must be 1-128 letters, digits or ._@:-');
const scopes = (values.scopes ?? fail('--scopes is required')).split(',').map((s) => s.trim()).filter(Boolean);
const unknown = scopes.filter((s) => !isScope(s));
if (unknown.length > 0) fail(`unknown scope ${unknown.join(', ')}`);
if (values.expires !== undefined && values.days !== undefined) fail('give --expires or --days, not both');
let expiresAt: Date | undefined;
if (values.expires !== undefined) {
  expiresAt = new Date(values.expires);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(values.expires) || Number.isNaN(expiresAt.getTime())) fail('--expires must be an ISO 8601 time');
} else if (values.days !== undefined) {
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1) fail('--days must be a positive integer');
  expiresAt = new Date(Date.now() + days * 86_400_000);
}

const { key, entry } = generateApiKey(name, scopes as Scope[], expiresAt);
console.log('API key (shown once; give it to the service, which sends it as X-API-Key):');
console.log(key);
console.log('');
console.log('Entry to add to the list in AUTH_API_KEYS_FILE (or AUTH_API_KEYS):');
console.log(JSON.stringify(apiKeyEntryJson(entry)));
