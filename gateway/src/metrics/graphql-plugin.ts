import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { counter, histogram } from '@puchi/subgraph-kit';
import { BoundedLabels } from './bounded-labels';

export const GRAPHQL_METRICS = {
  operationDuration: 'puchi_graphql_operation_duration_seconds',
  errors: 'puchi_graphql_errors_total',
} as const;

/** Distinct operation names and error codes kept as label values (see `BoundedLabels`). */
const MAX_OPERATION_NAMES = 200;
const MAX_ERROR_CODES = 50;

/** A GraphQL operation's whole time at the gateway: ms for a cached read, up to the request timeout (5 s) and past it. */
const OPERATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Times every GraphQL operation over HTTP from the start of its request to its response, labelled by operation
 * name (`anonymous` without one, `unknown` when the document did not parse or validate, `other` past the first
 * 200 names), type (`query`, `mutation`, `subscription` or `unknown`) and outcome (`ok`; `partial`: errors next to
 * data; `error`: errors and no data), and counts the errors of each response by `extensions.code`. Requests
 * refused before Apollo Server sees them (body limits, a bad token, the rate limit) are not operations.
 */
export function graphqlMetricsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const duration = histogram({
    name: GRAPHQL_METRICS.operationDuration,
    help: 'GraphQL operations served over HTTP, by operation name, type and outcome (ok, partial, error), seconds.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: OPERATION_BUCKETS,
  });
  const errors = counter({ name: GRAPHQL_METRICS.errors, help: 'Errors in GraphQL responses, by extensions.code.', labelNames: ['code'] as const });
  const names = new BoundedLabels(MAX_OPERATION_NAMES);
  const codes = new BoundedLabels(MAX_ERROR_CODES);
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const name = operation ? names.label(operationName ?? 'anonymous') : 'unknown';
          let outcome = 'ok';
          if (response.body.kind === 'single') {
            const { data, errors: list } = response.body.singleResult;
            if (list?.length) {
              outcome = data ? 'partial' : 'error';
              for (const error of list) {
                const code = error.extensions?.code;
                errors.labels(codes.label(typeof code === 'string' ? code : 'none')).inc();
              }
            }
          }
          duration.labels(name, operation?.operation ?? 'unknown', outcome).observe((performance.now() - started) / 1000);
        },
      };
    },
  };
}
