import { maxDepthRule } from './depth';
import { nested, reported } from './testing';

describe('maxDepthRule', () => {
  it('accepts an operation at the limit and refuses one level more with QUERY_TOO_DEEP', () => {
    expect(reported(maxDepthRule(5), nested(5))).toEqual([]);
    expect(reported(maxDepthRule(5), nested(6))).toEqual([{ code: 'QUERY_TOO_DEEP', message: 'the query is 6 levels deep; at most 5 are allowed' }]);
  });

  it('counts fields inside fragments and inline fragments where they are spread', () => {
    const query = `{ word(id: "x") { ...L } } fragment L on Word { lesson { ... on Lesson { vocabulary { lesson { id } } } } }`;
    expect(reported(maxDepthRule(5), query)).toEqual([]);
    expect(reported(maxDepthRule(4), query)).toEqual([expect.objectContaining({ code: 'QUERY_TOO_DEEP' })]);
  });

  it('ignores introspection fields', () => {
    expect(reported(maxDepthRule(2), '{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toEqual([]);
  });

  it('survives a fragment cycle (graphql-js reports the cycle itself)', () => {
    const query = '{ word(id: "x") { ...A } } fragment A on Word { lesson { vocabulary { ...A } } }';
    expect(reported(maxDepthRule(10), query)).toEqual([]);
  });

  // graphql-armor's ignoreIntrospection leaves out `__schema` only: `__type` and `__typename` count like fields.
  it('counts __typename and __type as fields', () => {
    expect(reported(maxDepthRule(2), '{ lesson(id: "x") { course { __typename } } }')).toEqual([{ code: 'QUERY_TOO_DEEP', message: 'the query is 3 levels deep; at most 2 are allowed' }]);
    expect(reported(maxDepthRule(2), '{ lesson(id: "x") { id __typename } }')).toEqual([]);
    expect(reported(maxDepthRule(2), '{ __type(name: "Lesson") { fields { type { name } } } }')).toEqual([expect.objectContaining({ code: 'QUERY_TOO_DEEP' })]);
  });

  it('measures a fragment bomb in linear time', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Lesson { course { id } }` : `fragment F${i} on Lesson { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const started = Date.now();
    expect(reported(maxDepthRule(2), `{ lesson(id: "x") { ...F0 } } ${fragments}`)).toEqual([expect.objectContaining({ message: 'the query is 3 levels deep; at most 2 are allowed' })]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
