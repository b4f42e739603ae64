import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GATEWAY_CODES } from '../errors';
import { GraphQLError } from 'graphql';

/**
 * A document without the operation asked for (an unknown `operationName`, or several operations and none
 * named) is the client's mistake: 400 OPERATION_RESOLUTION_FAILURE. Without this the Apollo gateway's executor
 * throws on the missing operation and the client gets a 500.
 */
export function operationResolutionPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName ? `the document has no operation named "${request.operationName}"` : 'the document has several operations: name one in operationName';
          throw new GraphQLError(message, { extensions: { code: GATEWAY_CODES.operationResolutionFailure, http: { status: 400 } } });
        },
      };
    },
  };
}
