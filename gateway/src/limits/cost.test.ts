import { GraphQLError, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { assertCost, operationCost } from './cost';
import { limitsTestSchema } from './testing';

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationCost(limitsTestSchema, document, operation, variables, { defaultListSize: 10 });
};

describe('operationCost', () => {
  it('costs 1 per field', () => {
    expect(cost('{ lesson(id: "x") { id title } }')).toBe(3);
  });

  it('multiplies a list by the default size and a page by its first (the connection edges are not multiplied again)', () => {
    expect(cost('{ courses { id } }')).toBe(1 + 10 * 1);
    expect(cost('{ lessons(first: 5) { totalCount edges { node { id } } } }')).toBe(1 + 5 * (1 + 1 + 1 + 1));
    expect(cost('{ lessons { edges { node { id } } } }')).toBe(1 + 20 * 3); // the argument's default, 20
  });

  it('reads first from the variables', () => {
    expect(cost('query ($n: Int) { notifications(first: $n) { id } }', { n: 100 })).toBe(1 + 100);
  });

  it('multiplies nested lists', () => {
    expect(cost('{ courses { lessons { vocabulary { id } } } }')).toBe(1 + 10 * (1 + 10 * (1 + 10)));
  });

  it('costs fragments where spread, once computed, and ignores introspection', () => {
    expect(cost('{ courses { ...C __typename } } fragment C on Course { id title }')).toBe(1 + 10 * 2);
  });

  it('assertCost throws QUERY_TOO_COSTLY above the limit', () => {
    expect(() => assertCost(5000, 5000)).not.toThrow();
    const error = (() => {
      try {
        assertCost(5001, 5000);
      } catch (e) {
        return e as GraphQLError;
      }
    })();
    expect(error?.extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(error?.message).toBe('the query costs 5001; at most 5000 is allowed');
  });
});
