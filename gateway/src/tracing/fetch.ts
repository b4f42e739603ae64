import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { failSpan, inSpan, SpanKind, type Tracer } from '@puchi/kafka';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Subgraphs } from '../supergraph';
import { operationSpanOf } from './operation';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** What a fetch span says: the subgraph it goes to and the fetch's own operation name (`lesson__lesson__0`). */
export function fetchAttributes(subgraph: string, operationName: string | undefined): Record<string, string> {
  return { 'puchi.subgraph': subgraph, ...(operationName ? { 'graphql.operation.name': operationName } : {}) };
}

/**
 * A data source whose every fetch of the query plan runs in an INTERNAL span `fetch <subgraph>`, child of its
 * request's operation span, and active while the subgraph resolves: the Kafka calls its resolvers make are its
 * children. A fetch of a request without an operation span (a subscription event's execution) runs untraced.
 */
export function tracedDataSource(subgraph: string, inner: GraphQLDataSource, tracer: Tracer): GraphQLDataSource {
  return {
    process(options: GraphQLDataSourceProcessOptions): Promise<Response> {
      const operation = operationSpanOf(options.context as object);
      if (!operation) return inner.process(options);
      const parent = trace.setSpan(ROOT_CONTEXT, operation);
      return inSpan(tracer, parent, { name: `fetch ${subgraph}`, kind: SpanKind.INTERNAL, attributes: fetchAttributes(subgraph, options.request.operationName) }, async (span) => {
        const response = await inner.process(options);
        const first = response.errors?.[0];
        // A subgraph answers its failures as GraphQL errors, not by throwing: the span says so.
        if (first) failSpan(span, Object.assign(new Error(first.message), { code: first.extensions?.code }));
        return response;
      });
    },
  };
}

/** The subgraphs with every data source traced (`tracedDataSource`): what the Apollo gateway plans over. */
export function withFetchSpans(subgraphs: Subgraphs, tracer: Tracer): Subgraphs {
  const dataSources = new Map([...subgraphs.dataSources].map(([name, source]) => [name, tracedDataSource(name, source, tracer)]));
  return { ...subgraphs, dataSources };
}
