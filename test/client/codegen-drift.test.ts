import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { codegenConfig } from '../../codegen.js';

const GENERATED_DIR = 'src/client/generated';

describe('src/client/generated/', () => {
  it('is what codegen produces from schema/schema.graphql and schema/operations/', async () => {
    // Same config as `npm run codegen`, generated in memory instead of written.
    const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig, silent: true, verbose: false }, false);
    const expected = new Map(outputs.map((output) => [relative(process.cwd(), output.filename), output.content]));
    const committed = new Map(
      readdirSync(GENERATED_DIR).map((file) => [join(GENERATED_DIR, file), readFileSync(join(GENERATED_DIR, file), 'utf8')]),
    );
    const stale = [...new Set([...expected.keys(), ...committed.keys()])].filter(
      (file) => expected.get(file) !== committed.get(file),
    );
    if (stale.length > 0) {
      expect.fail(`Stale generated client (${stale.join(', ')}): run \`npm run schema:print && npm run codegen\` and commit the result`);
    }
  }, 30_000);
});
