import type { ValidationRule } from 'graphql';
import { LIMIT_CODES, limitError } from './codes';
import { fragmentsOf, measureSelectionSet } from './selections';

/** Directives as executed (on fields, fragments and their spreads), fragments expanded. */
export const directiveMeasure = {
  combine: 'sum',
  field: (node, children) => (node.directives?.length ?? 0) + children(),
  fragment: (node) => node.directives?.length ?? 0,
} satisfies Parameters<typeof measureSelectionSet>[2];

/**
 * Rejects an operation with more than `max` directives (`@include(if: true)` repeated) with TOO_MANY_DIRECTIVES.
 * Hand-written, not graphql-armor's max-directives (2.3.1): armor remembers a fragment's count by name and, on the
 * fragment's second spread, returns that count without the spread's own directives, so
 * `{ courses { ...C ...C @skip(if: false) @skip(if: false) … } }` gets any number of directives past the limit.
 */
export function maxDirectivesRule(max: number): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(node) {
        const count = (node.directives?.length ?? 0) + measureSelectionSet(node.selectionSet, fragments, directiveMeasure);
        if (count > max) context.reportError(limitError(LIMIT_CODES.directives, `the operation has ${count} directives; at most ${max} are allowed`));
      },
    };
  };
}
