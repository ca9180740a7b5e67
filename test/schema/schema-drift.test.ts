import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printGatewaySchema, schemaFile } from '../../scripts/print-schema.js';

describe('schema/schema.graphql', () => {
  it('matches the SDL printed from the Pothos schema', () => {
    const committed = readFileSync(schemaFile, 'utf8');
    const printed = printGatewaySchema();
    // A plain equality assertion would print both files; say what to do instead.
    if (committed !== printed) {
      expect.fail('schema/schema.graphql is stale: run `npm run schema:print && npm run codegen` and commit the result');
    }
  });
});
