import { maxRootFieldsRule } from './root-fields';
import { reported } from './testing';

describe('maxRootFieldsRule', () => {
  it('counts root fields, aliased and through fragments, and refuses more than the limit with TOO_MANY_ROOT_FIELDS', () => {
    expect(reported(maxRootFieldsRule(3), '{ courses { id } a: courses { id } ...Q } fragment Q on Query { notifications { id } }')).toEqual([]);
    expect(reported(maxRootFieldsRule(2), '{ courses { id } a: courses { id } ...Q } fragment Q on Query { notifications { id } }')).toEqual([
      { code: 'TOO_MANY_ROOT_FIELDS', message: 'the operation has 3 root fields; at most 2 are allowed' },
    ]);
  });

  it('does not count nested fields', () => {
    expect(reported(maxRootFieldsRule(1), '{ lessons { totalCount edges { cursor node { id title } } } }')).toEqual([]);
  });
});
