import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isObjectType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type GraphQLNamedType } from 'graphql';
import { schema } from '../../src/schema/index.js';

/**
 * Normalised caches (Apollo's InMemoryCache, urql's graphcache, Relay's store) identify an object by
 * its `id`: a selection of a Node without `id` is stored apart from the cached object, so a mutation
 * result would leave the cached trail stale. Every shipped operation selects `id` wherever it
 * selects a Node.
 */

const OPERATIONS_DIR = 'schema/operations';

function implementsNode(type: GraphQLNamedType | null | undefined): boolean {
  return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
}

/** The paths of selections of a Node type that do not select `id` directly. */
function nodeSelectionsWithoutId(document: string): string[] {
  const typeInfo = new TypeInfo(schema);
  const missing: string[] = [];
  const path: string[] = [];
  visit(
    parse(document),
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          path.push(node.alias?.value ?? node.name.value);
        },
        leave() {
          path.pop();
        },
      },
      SelectionSet(node) {
        const type = typeInfo.getParentType();
        if (!implementsNode(type)) return;
        const selectsId = node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id');
        if (!selectsId) missing.push(`${path.join('.')} (${type?.name})`);
      },
    }),
  );
  return missing;
}

describe('shipped operations', () => {
  const files = readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql'));

  it('are all checked', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  it.each(files)('%s selects id on every Node it selects', (file) => {
    expect(nodeSelectionsWithoutId(readFileSync(join(OPERATIONS_DIR, file), 'utf8'))).toEqual([]);
  });

  it('the check itself finds a Node selected without id', () => {
    expect(nodeSelectionsWithoutId('{ trails { edges { node { name } } } }')).toEqual(['trails.edges.node (Trail)']);
  });
});
