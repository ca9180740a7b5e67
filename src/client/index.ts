import type { TypedDocumentString } from './generated/graphql.js';

import possibleTypesResult from './generated/possible-types.js';

/**
 * Typed client for the gateway, for other TypeScript services and frontends. The documents and
 * their result and variable types are generated from schema/operations/ (`npm run codegen`):
 *
 *   const gateway = createGatewayClient({ url: 'http://localhost:4000/graphql' });
 *   const { trails } = await gateway.request(TrailsOverviewDocument, { region: 'eu-west-1' });
 *
 * The documents exported here are strings (graphql-request and this client take them); the same
 * documents as GraphQL ASTs, which Apollo Client and urql take, are in `./documents.js`.
 */
export * from './generated/graphql.js';

/**
 * The object types each union and interface of the schema can be (`AwsError` -> its exceptions,
 * `TrailResult` -> `Trail` and its errors...). Give it to Apollo's `InMemoryCache({ possibleTypes })`
 * and urql graphcache's `cacheExchange({ possibleTypes })`: without it they cannot match
 * `... on AwsError` fragments and drop those fields.
 */
export const possibleTypes: Readonly<Record<string, readonly string[]>> = possibleTypesResult.possibleTypes;

export interface GatewayClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** Sent with every request (authorization, x-request-id...). */
  headers?: Record<string, string>;
  /**
   * Send only the operation's hash (`documentId`), not its text: smaller requests, and the only way
   * in when the gateway runs with PERSISTED_OPERATIONS_ONLY=true.
   */
  persisted?: boolean;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface GatewayGraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GatewayResponse<TResult> {
  data?: TResult | null;
  errors?: GatewayGraphQLError[];
  /** `awsCalls` (AWS calls per operation) when the gateway reports them. */
  extensions?: { awsCalls?: Record<string, number> } & Record<string, unknown>;
}

/** The gateway answered with GraphQL errors (or a non-GraphQL HTTP failure). */
export class GatewayRequestError extends Error {
  override name = 'GatewayRequestError';

  constructor(
    message: string,
    readonly status: number,
    readonly errors: GatewayGraphQLError[],
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Variables may be left out when the operation has none required; otherwise they must be given. */
type VariablesArgument<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

export interface GatewayClient {
  /** The whole response: data, errors and extensions. Throws only when the answer is not GraphQL. */
  execute<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): Promise<GatewayResponse<TResult>>;
  /** The data; throws GatewayRequestError when the response has errors. */
  request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): Promise<TResult>;
}

function operationName(document: string): string | undefined {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1];
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const fetchImpl = options.fetch ?? fetch;

  const execute = async <TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<GatewayResponse<TResult>> => {
    const text = document.toString();
    const hash: unknown = document.__meta__?.hash;
    if (options.persisted && typeof hash !== 'string') {
      throw new Error('This document has no persisted hash: regenerate the client with `npm run codegen`');
    }
    const body = options.persisted
      ? { documentId: hash, operationName: operationName(text), variables }
      : { query: text, operationName: operationName(text), variables };
    const response = await fetchImpl(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...options.headers,
      },
      body: JSON.stringify(body),
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.includes('json')) {
      throw new GatewayRequestError(`Gateway answered HTTP ${response.status} without a GraphQL response`, response.status, []);
    }
    return (await response.json()) as GatewayResponse<TResult>;
  };

  return {
    execute,
    async request(document, ...variables) {
      const result = await execute(document, ...variables);
      if (result.errors?.length || result.data == null) {
        const errors = result.errors ?? [];
        const message = errors.map((error) => error.message).join('; ') || 'Gateway returned no data';
        throw new GatewayRequestError(message, 200, errors, result.extensions);
      }
      return result.data;
    },
  };
}
