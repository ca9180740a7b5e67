import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed client for the operations in schema/operations/: TypedDocumentNodes plus the
 * persisted-operations manifest (sha256 -> document) the gateway serves by hash.
 * Reads the printed SDL, so run `npm run schema:print` first (`npm run schema:print && npm run codegen`).
 * test/client/codegen-drift.test.ts fails when src/client/generated/ is stale.
 */
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
        scalars: {
          DateTime: 'string',
          NonNegativeInt: 'number',
          PositiveInt: 'number',
          NonNegativeFloat: 'number',
          JSONObject: 'Record<string, unknown>',
        },
      },
    },
  },
};

export default codegenConfig;
