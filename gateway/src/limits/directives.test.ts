import { maxDirectivesRule } from './directives';
import { reported } from './testing';

describe('maxDirectivesRule', () => {
  it('counts directives on fields, fragments and spreads and refuses more than the limit with TOO_MANY_DIRECTIVES', () => {
    const query = '{ courses @include(if: true) { id @skip(if: false) ...C @include(if: true) } } fragment C on Course { title @include(if: true) }';
    expect(reported(maxDirectivesRule(4), query)).toEqual([]);
    expect(reported(maxDirectivesRule(3), query)).toEqual([{ code: 'TOO_MANY_DIRECTIVES', message: 'the operation has 4 directives; at most 3 are allowed' }]);
  });

  it('refuses a directive flood on one field', () => {
    const query = `{ courses { id ${'@include(if: true) '.repeat(60)} } }`;
    expect(reported(maxDirectivesRule(50), query)).toEqual([expect.objectContaining({ code: 'TOO_MANY_DIRECTIVES' })]);
  });

  // Why this rule is not graphql-armor's max-directives (2.3.1): armor counts a spread's directives only on the
  // fragment's first spread, so these would pass as 0.
  it('counts the directives of every spread of a fragment, not only the first', () => {
    const query = `{ courses { ...C ...C ${'@skip(if: false) '.repeat(4)}} } fragment C on Course { id }`;
    expect(reported(maxDirectivesRule(3), query)).toEqual([{ code: 'TOO_MANY_DIRECTIVES', message: 'the operation has 4 directives; at most 3 are allowed' }]);
  });
});
