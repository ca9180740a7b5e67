import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import type { GatewayContext } from './context.js';

/**
 * The one schema builder. Every schema module imports it and adds its types; index.ts imports
 * the modules and prints the schema. Errors before dataloader: the errors plugin then also catches
 * failures of loadable objects (Pothos docs).
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    NonNegativeInt: { Input: number; Output: number };
    PositiveInt: { Input: number; Output: number };
    NonNegativeFloat: { Input: number; Output: number };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: {
    defaultTypes: [],
  },
});

builder.queryType({ description: 'Read CloudTrail trails, event data stores and Insights.' });
builder.mutationType({ description: 'Change what CloudTrail records and analyses.' });
