import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { assertCost, operationCost, type CostOptions } from './cost';

/** Costs remembered per document, at most this many variable sets each (a client paging through a list). */
const COSTS_PER_DOCUMENT = 64;

/**
 * Checks the cost once the operation and its variables are known (a `first: $n` costs what `$n` says), before
 * anything executes. Apollo Server sends the thrown QUERY_TOO_COSTLY as the response.
 */
export function costLimitPlugin<TContext extends BaseContext>(maxCost: number, options: CostOptions = {}): ApolloServerPlugin<TContext> {
  // Apollo Server hands every request of one query text the same parsed document (its document store), so the
  // walk runs once per (document, operation, variables), not once per request.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number => {
    let known = costs.get(document);
    if (!known) costs.set(document, (known = new Map()));
    const key = `${operation.name?.value ?? ''}\0${JSON.stringify(variables)}`;
    let cost = known.get(key);
    if (cost === undefined) {
      cost = operationCost(schema, document, operation, variables, options);
      if (known.size >= COSTS_PER_DOCUMENT) known.clear();
      known.set(key, cost);
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          assertCost(costOf(schema, document, operation, request.variables ?? {}), maxCost);
        },
      };
    },
  };
}
