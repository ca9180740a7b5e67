/**
 * The gateway's scopes: what a caller may read or change. A JWT carries them in its scope claim, an
 * API key entry lists them; the schema requires them per field and per type (src/schema/builder.ts).
 */
export const SCOPES = ['cloudtrail:read', 'insights:read', 'selectors:write'] as const;

export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'cloudtrail:read': 'trails, event data stores, their selectors, status and tags',
  'insights:read': 'Insights metric series, Insights events and the API calls around them',
  'selectors:write': 'putTrailInsightSelectors, putEventDataStoreInsightSelectors and putEventSelectors',
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Who is calling: established once per request, before any resolver runs. */
export interface Caller {
  /** How the caller proved who it is; `anonymous` when it sent no credentials. */
  kind: 'anonymous' | 'jwt' | 'api-key';
  /** The JWT subject (`sub`), the API key's name, or `anonymous`. */
  id: string;
  scopes: ReadonlySet<Scope>;
  /** The JWT issuer, for tokens. */
  issuer?: string;
}

export function anonymousCaller(scopes: Iterable<Scope> = []): Caller {
  return { kind: 'anonymous', id: 'anonymous', scopes: new Set(scopes) };
}
