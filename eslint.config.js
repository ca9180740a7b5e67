import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';


/**
 * Layer boundaries (README, Layout), enforced: `schema -> loaders -> aws`, never back; CloudTrail's
 * rules are facts the gateway and the emulator share, so they import neither; the emulator imports
 * only the rules, and the gateway reaches it over HTTP (main.ts alone starts it). A relative import
 * is matched by what it reaches under src/ from the importing file's depth.
 *
 * `allowOnly`: the src/ directories the layer may import besides its own; `forbid`: the src/
 * entries (a directory or a module name without .js) it must not import.
 */
function layer(dir, { allowOnly, forbid, message }) {
  return [0, 1, 2, 3].map((depth) => {
    const toSrc = `^(\\.\\./){${depth + 1}}`;
    const regex = allowOnly
      ? `${toSrc}(?!(${[dir, ...allowOnly].join('|')})/)`
      : `${toSrc}(${forbid.join('|')})(/|\\.js$)`;
    return {
      files: [`src/${dir}/${'*/'.repeat(depth)}*.ts`],
      rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] },
    };
  });
}

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'src/client/generated/', 'coverage/'] },
  {
    // JavaScript and TypeScript; the GraphQL schema has its own parser and rules below.
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layer('rules', { allowOnly: [], message: 'src/rules is shared by the gateway and the emulator: it imports neither.' }),
  ...layer('emulator', {
    allowOnly: ['rules'],
    message: 'src/emulator imports only src/rules: the gateway reaches it over HTTP, and it knows nothing of the gateway.',
  }),
  ...layer('schema', { forbid: ['server', 'main'], message: 'src/schema does not import the HTTP server or the entry point (server.ts composes the schema, not the reverse).' }),
  ...layer('loaders', { forbid: ['schema'], message: 'Imports run schema -> loaders -> aws: src/loaders does not import src/schema.' }),
  ...layer('aws', { forbid: ['loaders', 'schema'], message: 'Imports run schema -> loaders -> aws: src/aws does not import src/loaders or src/schema.' }),
  // The printed schema, linted with graphql-eslint's schema-recommended and Relay rules. The
  // exceptions below are choices, each with its reason; anything new the rules flag fails the lint.
  {
    files: ['schema/schema.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: 'schema/schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      '@graphql-eslint/naming-convention': [
        'error',
        {
          ...graphqlPlugin.configs['flat/schema-recommended'].rules['@graphql-eslint/naming-convention'][1],
          // Enum values that are CloudTrail's own strings (InsightType, ReadWriteType, InsightSelector
          // eventCategories) keep AWS's spelling, so they read as in the AWS API, CLI and console.
          EnumValueDefinition: {
            style: 'UPPER_CASE',
            ignorePattern: '^(ApiCallRateInsight|ApiErrorRateInsight|All|ReadOnly|WriteOnly|Data|Management)$',
          },
        },
      ],
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            // Connections, edges and payloads are envelopes; AWS errors are answers, not objects.
            suffixes: ['Connection', 'Edge', 'PageInfo', 'Payload', 'Exception', 'Error'],
            // Values with no identity of their own in CloudTrail: read only through the Node that
            // holds them (a trail's selectors, status and tags, an Insight's statistics), which
            // normalised caches embed in that Node. CloudTrailEvent and InsightsMetricPoint are
            // immutable records listed by their connections, with no CloudTrail call that reads
            // one back by id.
            types: [
              'PageInfo',
              // The gateway's hold on an Account's role: part of the Account, never read alone.
              'AccountCredentials',
              // A failed account-Region of one answer, like an AwsError: an answer, not an object.
              'FailedShard',
              // Counts computed for one request's window: values, with no identity in CloudTrail.
              'InsightsSummary',
              'InsightsSummaryGroup',
              'InsightsCount',
              'AdvancedEventSelector',
              'AdvancedEventSelectors',
              'AdvancedFieldSelector',
              'BasicEventSelectors',
              'EventSelector',
              'DataResource',
              'InsightSelector',
              'InsightsConfiguration',
              'InsightAttribution',
              'InsightAttributionValue',
              'InsightAttributions',
              'InsightStatistics',
              'TrailStatus',
              'Tag',
              'CloudTrailEvent',
              'CloudTrailEventResource',
              'InsightsMetricPoint',
              // A page of a series' points as columns: a value of its series, like the points.
              'InsightsMetricColumns',
              // A subscription's notice: like an edge, a position in a feed (its cursor) around a
              // Node (the InsightEvent, which has the id).
              'InsightEventNotification',
            ],
          },
        },
      ],
      '@graphql-eslint/relay-edge-types': [
        'error',
        {
          withEdgeSuffix: true,
          // CloudTrail events and metric points are the edges' nodes without being Nodes (above).
          shouldImplementNode: false,
          // Short lists CloudTrail returns whole (selectors, tags, attributions) are plain lists,
          // not connections: there is nothing to page.
          listTypeCanWrapOnlyEdgeType: false,
        },
      ],
    },
  },
);
