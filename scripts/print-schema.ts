import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

/**
 * Writes schema/schema.graphql from the Pothos schema. The printed SDL is committed so reviewers see
 * schema changes in diffs and codegen reads a plain file; test/schema/schema-drift.test.ts fails
 * when it is stale.
 */
export const schemaFile = fileURLToPath(new URL('../schema/schema.graphql', import.meta.url));

/** The SDL as committed: one trailing newline, so editors and git agree on the file. */
export function printGatewaySchema(): string {
  return `${printSchema(schema).trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(schemaFile, printGatewaySchema());
  console.log(`Wrote ${schemaFile}`);
}
