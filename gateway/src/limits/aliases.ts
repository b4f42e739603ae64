import type { ValidationRule } from 'graphql';
import { LIMIT_CODES, limitError } from './codes';
import { fragmentsOf, measureSelectionSet } from './selections';

/** Aliased fields as executed: a fragment with an alias spread three times counts three. */
export const aliasMeasure = {
  combine: 'sum',
  field: (node, children) => (node.alias ? 1 : 0) + children(),
} satisfies Parameters<typeof measureSelectionSet>[2];

/** Rejects an operation with more than `max` aliases (alias bombs) with TOO_MANY_ALIASES. */
export function maxAliasesRule(max: number): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(node) {
        const aliases = measureSelectionSet(node.selectionSet, fragments, aliasMeasure);
        if (aliases > max) context.reportError(limitError(LIMIT_CODES.aliases, `the query has ${aliases} aliases; at most ${max} are allowed`));
      },
    };
  };
}
