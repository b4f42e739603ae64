import { maxAliasesRule } from './aliases';
import { reported } from './testing';

const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: courses { id }`).join(' ')} }`;

describe('maxAliasesRule', () => {
  it('accepts the limit and refuses one more with TOO_MANY_ALIASES', () => {
    expect(reported(maxAliasesRule(15), aliased(15))).toEqual([]);
    expect(reported(maxAliasesRule(15), aliased(16))).toEqual([{ code: 'TOO_MANY_ALIASES', message: 'the query has 16 aliases; at most 15 are allowed' }]);
  });

  it('counts an aliased fragment as often as it is spread', () => {
    const query = '{ a: courses { ...C } b: courses { ...C } } fragment C on Course { x: id y: title }';
    expect(reported(maxAliasesRule(6), query)).toEqual([]);
    expect(reported(maxAliasesRule(5), query)).toEqual([expect.objectContaining({ code: 'TOO_MANY_ALIASES' })]);
  });

  it('measures a fragment bomb (each fragment spreads the next twice) in linear time', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Course { x: id }` : `fragment F${i} on Course { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const started = Date.now();
    const errors = reported(maxAliasesRule(15), `{ courses { ...F0 } } ${fragments}`);
    expect(errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ALIASES' })]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('counts aliases of __typename (graphql-armor lets them through by default)', () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(reported(maxAliasesRule(15), query)).toEqual([{ code: 'TOO_MANY_ALIASES', message: 'the query has 16 aliases; at most 15 are allowed' }]);
  });
});
