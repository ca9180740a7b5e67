import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphiQLOptions } from 'graphql-yoga';

/** The example operations shipped in schema/operations/, one GraphiQL tab each. */
export const exampleOperationsDir = fileURLToPath(new URL('../../schema/operations/', import.meta.url));

export interface ExampleOperation {
  /** File name without `.graphql`. */
  name: string;
  document: string;
}

/**
 * Reads every `*.graphql` file in `dir`, sorted by file name (so the first file is GraphiQL's
 * default tab). Each file holds one operation whose variables have defaults, so it runs as loaded.
 */
export function loadExampleOperations(dir: string = exampleOperationsDir): ExampleOperation[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.graphql'));
  } catch {
    return [];
  }
  return files.sort().map((file) => ({
    name: basename(file, '.graphql'),
    document: readFileSync(join(dir, file), 'utf8'),
  }));
}

/** GraphiQL preloaded with the example operations: the first is the default query, each gets a tab. */
export function graphiqlOptions(operations: ExampleOperation[]): GraphiQLOptions {
  const options: GraphiQLOptions = { title: 'CloudTrail Insights Gateway' };
  if (operations.length === 0) return options;
  return {
    ...options,
    defaultQuery: operations[0].document,
    defaultTabs: operations.map((operation) => ({ query: operation.document })),
  };
}
