import { brandWithType, type OutputType, type SchemaTypes } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { GatewayErrorCode } from '../gateway-errors.js';

/**
 * The object types that implement Node: the type names a global ID can carry. Kept here, next to
 * the decoder, since the decoder runs without the schema; test/schema/node.test.ts checks it
 * against the schema's Node implementations.
 */
export const NODE_TYPE_NAMES: ReadonlySet<string> = new Set(['Account', 'EventDataStore', 'InsightEvent', 'InsightsMetricSeries', 'Trail']);

/**
 * Node loaders wrap their answers in this: each loaded object carries its type's brand before
 * anything else sees it. The relay plugin brands what a node type loads only after its own await,
 * while a second `node`/`nodes` field of the same request asking for the same ID receives the
 * plugin's cached promise, which settles first; that field then could not tell the object's type
 * ("Abstract type Node must resolve to an Object type").
 */
export function brandedAsNode<T>(typename: string, value: T): T {
  // The type's name, as the plugin brands with: it brands the same object again afterwards, which
  // the non-configurable brand allows only for the same value.
  if (!(value instanceof Error)) brandWithType(value, typename as OutputType<SchemaTypes>);
  return value;
}

function notAGlobalId(globalID: string): GraphQLError {
  return new GraphQLError(
    `${JSON.stringify(globalID)} is not a global ID of this API: pass an ID as read from the \`id\` field of a ${[...NODE_TYPE_NAMES].join(', ')}.`,
    { extensions: { code: GatewayErrorCode.BAD_USER_INPUT } },
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

/** The global ID a value is, when it is one: canonical base64 of "<a Node type name>:<local id>". */
function asGlobalId(value: string): { typename: string; id: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  // Only the exact encoding of a known type counts: a name that happens to be base64 stays a name.
  if (Buffer.from(text, 'utf8').toString('base64') !== value) return undefined;
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1 || !NODE_TYPE_NAMES.has(text.slice(0, colon))) return undefined;
  return { typename: text.slice(0, colon), id: text.slice(colon + 1) };
}

/**
 * What an input naming a `typename` (a trail, an event data store) refers to: the local id (the
 * ARN) inside a global ID of that type, else the value itself (a name or ARN, which CloudTrail's own
 * rules check). A global ID of another type is the client's mistake: BAD_USER_INPUT.
 */
export function localIdOrValue(value: string, typename: string, field: string): string {
  const globalId = asGlobalId(value);
  if (globalId === undefined) return value;
  if (globalId.typename !== typename) {
    throw new GraphQLError(
      `\`${field}\` takes a ${typename} (its name, ARN or global ID); ${JSON.stringify(value)} is the global ID of a ${globalId.typename}.`,
      { extensions: { code: GatewayErrorCode.BAD_USER_INPUT } },
    );
  }
  return globalId.id;
}
