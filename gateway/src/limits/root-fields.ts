import type { ValidationRule } from 'graphql';
import { LIMIT_CODES, limitError } from './codes';
import { fragmentsOf, measureSelectionSet } from './selections';

/** Fields at the root of an operation, through fragments; each is at least one call to a service. */
export const rootFieldMeasure = {
  combine: 'sum',
  field: () => 1,
} satisfies Parameters<typeof measureSelectionSet>[2];

/** Rejects an operation with more than `max` root fields with TOO_MANY_ROOT_FIELDS (Apollo Router's `max_root_fields`). */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(node) {
        const count = measureSelectionSet(node.selectionSet, fragments, rootFieldMeasure);
        if (count > max) context.reportError(limitError(LIMIT_CODES.rootFields, `the operation has ${count} root fields; at most ${max} are allowed`));
      },
    };
  };
}
