import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { assertCost, operationCost, type CostOptions } from './cost';

/**
 * Checks the cost once the operation and its variables are known (a `first: $n` costs what `$n` says), before
 * anything executes. Apollo Server sends the thrown QUERY_TOO_COSTLY as the response.
 */
export function costLimitPlugin<TContext extends BaseContext>(maxCost: number, options: CostOptions = {}): ApolloServerPlugin<TContext> {
  // Apollo Server hands every request of one query text the same parsed document (its document store): the cost of
  // an operation without variables is worked out once. Variables are not made into a key: they are the client's,
  // unchecked yet, of any size and depth.
  const fixedCosts = new WeakMap<DocumentNode, Map<OperationDefinitionNode, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          if (Object.keys(variables).length > 0) return assertCost(operationCost(schema, document, operation, variables, options), maxCost);
          let known = fixedCosts.get(document);
          if (!known) fixedCosts.set(document, (known = new Map()));
          let cost = known.get(operation);
          if (cost === undefined) known.set(operation, (cost = operationCost(schema, document, operation, {}, options)));
          assertCost(cost, maxCost);
        },
      };
    },
  };
}
