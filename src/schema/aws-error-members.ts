import { isUnionType, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from './context.js';

/**
 * Notes, in the request's context, each result-union member that is an AWS error (a mutation whose
 * put answered TrailNotFoundException). Such a response has no `errors`, yet the operation failed:
 * metrics and the access log count it as an error, and this is where they learn of it. Wraps the
 * `resolveType` of the unions that have `AwsError` members, so only those fields pay for it.
 */
export function noteAwsErrorMembers(schema: GraphQLSchema): GraphQLSchema {
  const awsErrorTypes = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if ('getInterfaces' in type && type.getInterfaces().some((i) => i.name === 'AwsError')) awsErrorTypes.add(type.name);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isUnionType(type) || !type.getTypes().some((member) => awsErrorTypes.has(member.name))) continue;
    const resolveType = type.resolveType;
    if (!resolveType) continue;
    type.resolveType = (value, context: GatewayContext, info, abstractType) => {
      const resolved = resolveType(value, context, info, abstractType);
      if (typeof resolved === 'string' && awsErrorTypes.has(resolved)) context.awsErrorMembers?.push(resolved);
      return resolved;
    };
  }
  return schema;
}
