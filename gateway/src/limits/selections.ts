import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type FragmentSpreadNode, type InlineFragmentNode, type SelectionSetNode } from 'graphql';

/** How a rule measures a selection set: what a field is worth given its children's value, and how siblings combine. */
export interface Measure {
  /** The value of one field; `children()` measures its selection set (0 without one). */
  field(node: FieldNode, children: () => number): number;
  /** Siblings add up (aliases, directives) or the largest counts (depth). */
  combine: 'sum' | 'max';
  /** What an inline fragment, a fragment spread or a fragment definition adds by itself (its directives). Default 0. */
  fragment?(node: InlineFragmentNode | FragmentSpreadNode | FragmentDefinitionNode): number;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Measures a selection set with fragments expanded, as the operation would execute. Each fragment is measured
 * once (memoized), so a "fragment bomb" (F1 spreads F2 twice, F2 spreads F3 twice, …) costs linear time, not
 * exponential; a fragment cycle counts 0 on its way back (NoFragmentCyclesRule reports the cycle itself).
 */
export function measureSelectionSet(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, measure: Measure): number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const extra = (node: InlineFragmentNode | FragmentSpreadNode | FragmentDefinitionNode) => measure.fragment?.(node) ?? 0;
  const ofSet = (selectionSet: SelectionSetNode): number => {
    let result = 0;
    for (const selection of selectionSet.selections) {
      let value: number;
      if (selection.kind === Kind.FIELD) {
        value = measure.field(selection, () => (selection.selectionSet ? ofSet(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        value = extra(selection) + ofSet(selection.selectionSet);
      } else {
        value = extra(selection) + ofFragment(selection.name.value);
      }
      result = measure.combine === 'sum' ? result + value : Math.max(result, value);
    }
    return result;
  };
  const ofFragment = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const definition = fragments.get(name);
    if (!definition || visiting.has(name)) return 0; // unknown (KnownFragmentNamesRule) or a cycle (NoFragmentCyclesRule)
    visiting.add(name);
    const value = extra(definition) + ofSet(definition.selectionSet);
    visiting.delete(name);
    memo.set(name, value);
    return value;
  };
  return ofSet(set);
}

/** Introspection (`__schema`, `__type`, `__typename`) is not counted by cost (depth is graphql-armor's, which leaves out `__schema` only). */
export const isIntrospection = (field: FieldNode): boolean => field.name.value.startsWith('__');
