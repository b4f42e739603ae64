import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context';

/**
 * Reports the Kafka requests one GraphQL request cost, per topic, in the response's `extensions.kafkaRequests`
 * (development only): how a developer (and the batching tests and benchmark) sees DataLoader at work.
 */
export function kafkaRequestsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const counts = Object.fromEntries(contextValue.requestCounts);
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, kafkaRequests: counts };
        },
      };
    },
  };
}
