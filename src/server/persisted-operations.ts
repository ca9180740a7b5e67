import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { Kind, parse } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { GatewayErrorCode } from '../gateway-errors.js';

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

/** A persisted request that cannot run: 400 with a code, as GraphQL-over-HTTP asks for a bad request. */
function persistedRequestError(message: string, code: GatewayErrorCode) {
  return { message, extensions: { code, http: { status: 400 } } };
}

/** The variables each operation of a document declares, by operation name ('' for an anonymous one). */
function declaredVariables(document: string): Map<string, Set<string>> {
  const declared = new Map<string, Set<string>>();
  for (const definition of parse(document).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const names = new Set((definition.variableDefinitions ?? []).map((v) => v.variable.name.value));
    declared.set(definition.name?.value ?? '', names);
  }
  return declared;
}

/**
 * A manifest operation runs with the variables it declares and no others: an undeclared name is
 * refused (BAD_USER_INPUT) instead of being ignored, so a client's typo or a probe cannot pass
 * unnoticed. The declared ones are then coerced to their declared types by GraphQL, held to the
 * input size limits (useInputSizeLimits) and checked against CloudTrail's rules before any call.
 */
function undeclaredVariable(
  declared: Map<string, Set<string>>,
  operationName: string | null | undefined,
  variables: unknown,
): string | null {
  if (variables === null || variables === undefined || typeof variables !== 'object' || Array.isArray(variables)) return null;
  const names = operationName ? declared.get(operationName) : declared.size === 1 ? [...declared.values()][0] : undefined;
  if (names === undefined) return null; // graphql-js refuses the unknown or missing operation name itself
  const extra = Object.keys(variables).find((name) => !names.has(name));
  return extra === undefined ? null : extra;
}

/**
 * Runs operations from the manifest by hash. With `only`, documents not in the manifest are refused,
 * so a public deployment executes only reviewed operations, with only the variables each declares.
 * A request naming no operation, or a hash the manifest lacks, gets 400 with a code;
 * the unknown hash keeps the message `PersistedQueryNotFound` that APQ clients react to.
 */
export function usePersistedOperationManifest(manifest: PersistedOperationManifest, only: boolean): Plugin {
  const byHash = new Map(Object.entries(manifest));
  const variablesByDocument = new Map([...byHash.values()].map((document) => [document, declaredVariables(document)]));
  const persisted = usePersistedOperations({
    getPersistedOperation: (hash) => byHash.get(hash) ?? null,
    extractPersistedOperationId: persistedOperationId,
    allowArbitraryOperations: !only,
    customErrors: {
      persistedQueryOnly: persistedRequestError(
        'This gateway only runs persisted operations: send documentId or extensions.persistedQuery.sha256Hash',
        GatewayErrorCode.PERSISTED_QUERY_ONLY,
      ),
      keyNotFound: persistedRequestError(
        only
          ? 'Name a persisted operation: documentId, or extensions.persistedQuery with version 1 and a sha256Hash'
          : 'Send a GraphQL document in query, or name a persisted operation with documentId',
        GatewayErrorCode.PERSISTED_QUERY_ID_REQUIRED,
      ),
      notFound: persistedRequestError('PersistedQueryNotFound', GatewayErrorCode.PERSISTED_QUERY_NOT_FOUND),
    },
  });
  const checkVariables: Plugin = {
    onParams: ({ params }) => {
      const declared = typeof params.query === 'string' ? variablesByDocument.get(params.query) : undefined;
      if (declared === undefined) return;
      const extra = undeclaredVariable(declared, params.operationName, params.variables);
      if (extra !== null) {
        throw createGraphQLError(`This persisted operation declares no variable named ${JSON.stringify(extra.slice(0, 64))}.`, {
          extensions: { code: GatewayErrorCode.BAD_USER_INPUT, http: { status: 400 } },
        });
      }
    },
  };
  return { onPluginInit: ({ addPlugin }) => { addPlugin(persisted); addPlugin(checkVariables); } };
}
