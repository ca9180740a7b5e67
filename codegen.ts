import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed client for the operations in schema/operations/: TypedDocumentNodes plus the
 * persisted-operations manifest (sha256 -> document) the gateway serves by hash.
 * Reads the printed SDL, so run `npm run schema:print` first (`npm run schema:print && npm run codegen`).
 * test/client/codegen-drift.test.ts fails when src/client/generated/ is stale.
 */
const scalars = {
  DateTime: 'string',
  NonNegativeInt: 'number',
  PositiveInt: 'number',
  NonNegativeFloat: 'number',
  JSONObject: 'Record<string, unknown>',
};

export const codegenConfig: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql'],
  ignoreNoDocuments: true,
  // ESM: relative imports in the generated files end in .js, as NodeNext resolution requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'src/client/generated/': {
      preset: 'client',
      presetConfig: {
        // No gql`` tag function: callers import the typed documents by name.
        gqlTagName: 'graphql',
        fragmentMasking: false,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        // Documents as typed strings: the client sends them as they are, with no graphql runtime.
        documentMode: 'string',
        enumsAsTypes: true,
        scalars,
      },
    },
    // The same operations as GraphQL ASTs (TypedDocumentNode), which Apollo Client and urql take as
    // they are; the result and variable types are the ones above.
    'src/client/generated/documents.ts': {
      plugins: [{ add: { content: "import type * as Types from './graphql.js';" } }, 'typed-document-node'],
      config: {
        useTypeImports: true,
        documentMode: 'documentNode',
        importOperationTypesFrom: 'Types',
        documentVariableSuffix: 'Document',
      },
    },
    // Which object types each union and interface can be (Apollo's `possibleTypes`, urql graphcache's
    // `possibleTypes`): without it a normalised cache cannot match `... on AwsError` and drops fields.
    'src/client/generated/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3 },
    },
  },
};

export default codegenConfig;
