import { maxDepthRule as armorMaxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ValidationRule } from 'graphql';
import { armorMeasured } from './armor';
import { LIMIT_CODES, limitError } from './codes';

/**
 * Rejects an operation whose fields nest deeper than `max` with QUERY_TOO_DEEP. The measuring is graphql-armor's
 * max-depth rule: `{ a { b } }` is 2; fragments and inline fragments add no level (`flattenFragments`), each fragment
 * is measured once (a fragment bomb costs linear time); a `__schema` field counts 0 (`ignoreIntrospection`), but
 * `__type` and `__typename` count like any field (the hand-written rule before it counted every `__` field 0).
 * Armor's rejection is reported as ours: our code, HTTP 400, our wording.
 */
export function maxDepthRule(max: number): ValidationRule {
  return armorMaxDepthRule({
    n: max,
    flattenFragments: true,
    ignoreIntrospection: true,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        const depth = armorMeasured(error);
        context?.reportError(limitError(LIMIT_CODES.depth, `the query is ${depth ?? `more than ${max}`} levels deep; at most ${max} are allowed`));
      },
    ],
  });
}
