import { maxAliasesRule as armorMaxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { ValidationRule } from 'graphql';
import { armorMeasured } from './armor';
import { LIMIT_CODES, limitError } from './codes';

/**
 * Rejects an operation with more than `max` aliases (alias bombs) with TOO_MANY_ALIASES. The counting is
 * graphql-armor's max-aliases rule: aliases as executed, a fragment with an alias spread three times counts three,
 * each fragment measured once (a fragment bomb costs linear time). `allowList: []`: aliases of `__typename` count
 * too (armor's default lets them through; `{ a0: __typename … a300: __typename }` is an alias bomb all the same).
 * Armor's rejection is reported as ours: our code, HTTP 400, our wording.
 */
export function maxAliasesRule(max: number): ValidationRule {
  return armorMaxAliasesRule({
    n: max,
    allowList: [],
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        const aliases = armorMeasured(error);
        context?.reportError(limitError(LIMIT_CODES.aliases, `the query has ${aliases ?? `more than ${max}`} aliases; at most ${max} are allowed`));
      },
    ],
  });
}
