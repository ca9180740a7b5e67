import { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Caller, Scope } from '../auth/scopes.js';
import { decodeGatewayGlobalID } from './global-ids.js';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * What a caller sees on a field it may not read or run: a GraphQL error on exactly that field
 * (which is null), coded UNAUTHENTICATED when it sent no credentials and FORBIDDEN when it did but
 * its scopes fall short, naming the scopes it needs.
 */

/** The scopes a failed check asked for, from the scope-auth plugin's description of the failure. */
export function missingScopes(failure: AuthFailure): string[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return [failure.scope];
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      return [...new Set(failure.failures.flatMap(missingScopes))];
    default:
      return [];
  }
}

/** The refusal for `caller` on the field `info` resolves, given what the scope check found. */
export function scopeRefusal(caller: Caller, info: GraphQLResolveInfo, failure: AuthFailure): GraphQLError {
  const scopes = missingScopes(failure);
  const needs = scopes.length === 0 ? 'more scopes' : `the scope ${scopes.join(' and ')}`;
  const what = `${info.parentType.name}.${info.fieldName}`;
  if (caller.kind === 'anonymous') {
    return new GraphQLError(`Authentication required: ${what} needs ${needs}. Send a bearer token or an API key.`, {
      extensions: { code: GatewayErrorCode.UNAUTHENTICATED, requiredScopes: scopes },
    });
  }
  return new GraphQLError(`Forbidden: ${what} needs ${needs}, which ${caller.id} does not hold.`, {
    extensions: { code: GatewayErrorCode.FORBIDDEN, requiredScopes: scopes },
  });
}

/** Scopes as the scope-auth plugin's AuthScopes map: each a boolean the caller holds or not. */
export function scopeLoaders(caller: Caller): Record<Scope, boolean> {
  return {
    'cloudtrail:read': caller.scopes.has('cloudtrail:read'),
    'insights:read': caller.scopes.has('insights:read'),
    'selectors:write': caller.scopes.has('selectors:write'),
  };
}

/** The scope each Node type needs, as its type's authScopes says. */
const NODE_TYPE_SCOPES: Record<string, Scope> = {
  Account: 'cloudtrail:read',
  Trail: 'cloudtrail:read',
  EventDataStore: 'cloudtrail:read',
  InsightEvent: 'insights:read',
  InsightsMetricSeries: 'insights:read',
};

/**
 * node/nodes: the scopes of the types the IDs name, all of them, checked before anything is
 * loaded. A malformed ID needs none here: the field refuses it as BAD_USER_INPUT.
 */
export function scopesForGlobalIds(ids: readonly unknown[]): { $all: Partial<Record<Scope, boolean>> } | boolean {
  const needed: Partial<Record<Scope, boolean>> = {};
  for (const id of ids) {
    let typename: string | undefined;
    if (typeof id === 'string') {
      try {
        typename = decodeGatewayGlobalID(id).typename;
      } catch {
        continue;
      }
    } else if (typeof id === 'object' && id !== null && 'typename' in id) {
      typename = String(id.typename);
    }
    const scope = typename === undefined ? undefined : NODE_TYPE_SCOPES[typename];
    if (scope) needed[scope] = true;
  }
  return Object.keys(needed).length === 0 ? true : { $all: needed };
}
