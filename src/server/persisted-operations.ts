import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/** sha256 (hex) of a document -> the document, from the manifest GraphQL Code Generator writes for schema/operations/. */
export type PersistedOperationManifest = Readonly<Record<string, string>>;

export const defaultManifestFile = fileURLToPath(
  new URL('../client/generated/persisted-documents.json', import.meta.url),
);

export function loadPersistedOperationManifest(file: string = defaultManifestFile): PersistedOperationManifest {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file} is not a persisted-operations manifest (hash -> document)`);
  }
  const manifest: Record<string, string> = {};
  for (const [key, document] of Object.entries(parsed)) {
    if (typeof document !== 'string') throw new Error(`${file}: entry ${key} is not a document string`);
    // Codegen writes keys as `sha256:<hex>`; APQ clients send the bare hex.
    manifest[key.replace(/^sha256:/, '')] = document;
  }
  return manifest;
}

/**
 * The operation id a request names: `documentId` (GraphQL-over-HTTP persisted documents, optionally
 * prefixed `sha256:`; in a POST body or a GET query string) or `extensions.persistedQuery.sha256Hash`
 * (Apollo's APQ shape, version 1).
 */
export function persistedOperationId(params: GraphQLParams & { documentId?: unknown }, request: Request): string | null {
  // Yoga's GET parser keeps only the standard parameters, so documentId is read from the URL.
  const documentId = params.documentId ?? new URL(request.url).searchParams.get('documentId');
  if (typeof documentId === 'string') return documentId.replace(/^sha256:/, '');
  const persistedQuery: unknown = params.extensions?.persistedQuery;
  if (persistedQuery !== null && typeof persistedQuery === 'object') {
    const { version, sha256Hash } = persistedQuery as { version?: unknown; sha256Hash?: unknown };
    if (version === 1 && typeof sha256Hash === 'string') return sha256Hash;
  }
  return null;
}

/**
 * Runs operations from the manifest by hash. With `only`, documents not in the manifest are refused,
 * so a public deployment executes only reviewed operations. Unknown hashes answer
 * `PersistedQueryNotFound`, the message APQ clients react to.
 */
export function usePersistedOperationManifest(manifest: PersistedOperationManifest, only: boolean): Plugin {
  const byHash = new Map(Object.entries(manifest));
  return usePersistedOperations({
    getPersistedOperation: (hash) => byHash.get(hash) ?? null,
    extractPersistedOperationId: persistedOperationId,
    allowArbitraryOperations: !only,
    customErrors: {
      persistedQueryOnly: {
        message: 'This gateway only runs persisted operations: send documentId or extensions.persistedQuery.sha256Hash',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
    },
  });
}
