import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * What a query selects below a field, so a resolver can skip an AWS call whose answer no selected
 * field reads. Fragments (inline and named) are looked through; their type conditions and @skip /
 * @include are not evaluated, so the answer may name more fields than will run, never fewer.
 */

function fieldsIn(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}

const selectionSetsOf = (fields: readonly FieldNode[]): SelectionSetNode[] =>
  fields.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));

/** The names of the fields selected at `path` below the field being resolved, e.g. `['edges', 'node']`. */
export function fieldsSelectedAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets = selectionSetsOf(info.fieldNodes);
  for (const name of path) sets = selectionSetsOf(fieldsIn(sets, info).filter((field) => field.name.value === name));
  return new Set(fieldsIn(sets, info).map((field) => field.name.value));
}
