import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import type { GatewayContext } from './context.js';
import { decodeGatewayGlobalID } from './global-ids.js';
import { scopeLoaders, scopeRefusal, scopesForGlobalIds } from './refusals.js';

/**
 * The one schema builder. Every schema module imports it and adds its types; index.ts imports
 * the modules and prints the schema. Errors before dataloader: the errors plugin then also catches
 * failures of loadable objects (Pothos docs). Scope auth first, so a refused field's resolver (and
 * the AWS call in it) never runs (Pothos docs: "scope-auth should generally be listed first").
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  /** src/auth/scopes.ts: each scope is held or not. */
  AuthScopes: { 'cloudtrail:read': boolean; 'insights:read': boolean; 'selectors:write': boolean };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    PositiveInt: { Input: number; Output: number };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => scopeLoaders(ctx.caller),
    // A type's scopes are checked once per object, where it is returned (the field returning a
    // Trail is refused, once), not on each of its fields.
    runScopesOnType: true,
    // A subscription's scopes are checked when it starts, so a refused caller gets its error at
    // once and costs no poller, instead of a silent stream whose every event is refused.
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, ctx, info, result) => scopeRefusal(ctx.caller, info, result.failure),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // A malformed ID is refused as BAD_USER_INPUT, not as an unexplained error.
    decodeGlobalID: decodeGatewayGlobalID,
    // Descriptions for the types and fields the relay plugin generates (Node, PageInfo, edges, paging args).
    nodeTypeOptions: { description: 'An object with a global ID, which `node(id:)` and `nodes(ids:)` fetch again.' },
    idFieldOptions: { description: 'The global ID of the object: stable, opaque, accepted by `node(id:)`.' },
    // The scopes of the types the IDs name, refused before anything is loaded. Each type also
    // checks its own scope wherever it is returned.
    nodeQueryOptions: {
      authScopes: (_root, args) => scopesForGlobalIds([args.id]),
      description: 'Fetches any object by its global ID. Null when it no longer exists.',
      args: { id: { description: 'A global ID, as read from an `id` field.' } },
    },
    nodesQueryOptions: {
      authScopes: (_root, args) => scopesForGlobalIds(args.ids),
      // Nullable list: a refused ID fails this field only, not the whole response.
      nullable: { list: true, items: true },
      description:
        'Fetches objects by their global IDs, in order. Null for those that no longer exist; the whole list is null (with an error) when an ID is malformed.',
      args: { ids: { description: 'Global IDs, as read from `id` fields.' } },
    },
    pageInfoTypeOptions: { description: 'Where a page of a connection sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page: ask again with `after: endCursor`.' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page (the page was asked for with `after`).' },
    startCursorFieldOptions: { description: 'The cursor of the first edge of this page; null when the page is empty.' },
    endCursorFieldOptions: {
      description:
        'Pass as `after` to get the next page. Set whenever `hasNextPage` is true, even on a page with no edges; null on an empty last page.',
    },
    cursorFieldOptions: { description: 'Opaque position of this edge; pass as `after` to continue after it.' },
    nodeFieldOptions: { description: 'The item at this position of the list.' },
    edgesFieldOptions: { description: 'The items of this page, with their cursors.' },
    pageInfoFieldOptions: { description: 'Whether more items follow, and the cursor to get them.' },
    firstArgOptions: {
      description: 'How many items to return at most: 0 to 100 and 20 when omitted, unless the field says otherwise. 0 returns no edges and reads nothing from AWS.',
    },
    afterArgOptions: { description: 'Return the items after this cursor (`pageInfo.endCursor` of the previous page).' },
    lastArgOptions: { description: 'Not supported: CloudTrail pages forward only. Use `first`.' },
    beforeArgOptions: { description: 'Not supported: CloudTrail pages forward only. Use `after`.' },
  },
  errors: {
    defaultTypes: [],
  },
});

builder.queryType({ description: 'Read CloudTrail trails, event data stores and Insights.' });
builder.mutationType({ description: 'Change what CloudTrail records and analyses.' });
