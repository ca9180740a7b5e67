/**
 * The operations of schema/operations/ as GraphQL ASTs typed with their result and variables
 * (TypedDocumentNode), the form Apollo Client (`useQuery`, `client.query`) and urql take as is:
 *
 *   import { TrailsOverviewDocument } from '@cloudtrail-insights-gateway/client/documents';
 *   const { data } = await apollo.query({ query: TrailsOverviewDocument, variables: { first: 10 } });
 *
 * Same names as the string documents of the package's main entry, which graphql-request and
 * `createGatewayClient` take.
 */
export * from './generated/documents.js';
