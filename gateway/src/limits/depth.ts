import type { ValidationRule } from 'graphql';
import { LIMIT_CODES, limitError } from './codes';
import { fragmentsOf, isIntrospection, measureSelectionSet } from './selections';

/** How deep an operation's fields nest, fragments expanded: `{ a { b } }` is 2. Introspection fields count 0. */
export const depthMeasure = {
  combine: 'max',
  field: (node, children) => (isIntrospection(node) ? 0 : 1 + children()),
} satisfies Parameters<typeof measureSelectionSet>[2];

/** Rejects an operation whose fields nest deeper than `max` with QUERY_TOO_DEEP. */
export function maxDepthRule(max: number): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(node) {
        const depth = measureSelectionSet(node.selectionSet, fragments, depthMeasure);
        if (depth > max) context.reportError(limitError(LIMIT_CODES.depth, `the query is ${depth} levels deep; at most ${max} are allowed`));
      },
    };
  };
}
