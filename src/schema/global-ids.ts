import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';

/**
 * The object types that implement Node: the type names a global ID can carry. Kept here, next to
 * the decoder, since the decoder runs without the schema; test/schema/node.test.ts checks it
 * against the schema's Node implementations.
 */
export const NODE_TYPE_NAMES: ReadonlySet<string> = new Set(['EventDataStore', 'Trail']);

function notAGlobalId(globalID: string): GraphQLError {
  return new GraphQLError(
    `${JSON.stringify(globalID)} is not a global ID of this API: pass an ID as read from the \`id\` field of a ${[...NODE_TYPE_NAMES].join(' or ')}.`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

/**
 * Decodes the global IDs `node(id:)` and `nodes(ids:)` are given (base64 of "<type name>:<local id>",
 * the relay plugin's encoding). An ID that does not decode, or names a type that is no Node, is the
 * client's mistake: a BAD_USER_INPUT error that says what an ID is, instead of the plugin's bare
 * error without a code, which a client could not tell from a gateway failure.
 */
export function decodeGatewayGlobalID(globalID: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    throw notAGlobalId(globalID);
  }
  if (!NODE_TYPE_NAMES.has(decoded.typename)) throw notAGlobalId(globalID);
  return decoded;
}
