import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { assertCost, operationCost, type CostOptions } from './cost';

/**
 * Checks the cost once the operation and its variables are known (a `first: $n` costs what `$n` says), before
 * anything executes. Apollo Server sends the thrown QUERY_TOO_COSTLY as the response.
 */
export function costLimitPlugin<TContext extends BaseContext>(maxCost: number, options: CostOptions = {}): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          assertCost(operationCost(schema, document, operation, request.variables ?? {}, options), maxCost);
        },
      };
    },
  };
}
