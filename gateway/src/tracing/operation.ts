import type { ApolloServerPlugin } from '@apollo/server';
import { failSpan, spanContextOf, SpanKind, traceparentOf, type Span, type Tracer } from '@puchi/kafka';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';

/**
 * Where a request's context holds its GraphQL operation span. The span starts with the context (its trace id is
 * the one the request's identity tokens are bound to, so it must exist before them); Apollo's plugin hooks name
 * and end it. A property, not a WeakMap by context: Apollo Server hands the hooks and resolvers a shallow copy
 * of the context, which keeps its own symbol-keyed properties.
 */
const OPERATION_SPAN = Symbol('puchi.operationSpan');

/** The operation span of a request context, if the gateway traces it. */
export function operationSpanOf(context: object): Span | undefined {
  return (context as { [OPERATION_SPAN]?: Span })[OPERATION_SPAN];
}

/**
 * Starts the operation span of one GraphQL request: SERVER, child of the client's `traceparent` when it sends a
 * valid one, else the root of a new trace. Returns the span and its traceparent, which the request's subgraph
 * context takes (`createSubgraphContext`): every Kafka call and identity token of the request is in its trace.
 * `attach` it to that context; the plugin (`operationSpanPlugin`) ends it.
 */
export function startOperationSpan(tracer: Tracer, incomingTraceparent: string | undefined): { span: Span; traceparent: string; attach(context: object): void } {
  const remote = spanContextOf(incomingTraceparent);
  const parent = remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
  // Named for what it is until the operation is known (`didResolveOperation`): a request refused before it
  // (unparsable, invalid) keeps this name.
  const span = tracer.startSpan('graphql', { kind: SpanKind.SERVER }, parent);
  return { span, traceparent: traceparentOf(span), attach: (context) => Object.assign(context, { [OPERATION_SPAN]: span }) };
}

/** The GraphQL semantic conventions' attributes of an operation. */
export function operationAttributes(type: string | undefined, name: string | undefined): Record<string, string> {
  return { ...(type ? { 'graphql.operation.type': type } : {}), ...(name ? { 'graphql.operation.name': name } : {}) };
}

/** The span name the GraphQL conventions ask for: `<type> <operationName>`, or `<type>` for an anonymous one. */
export function operationSpanName(type: string | undefined, name: string | undefined): string {
  return type ? (name ? `${type} ${name}` : type) : 'graphql';
}

/**
 * Names the operation span once the operation is resolved (`query GetLesson`), marks it failed when the response
 * carries errors (with the first error's code as `error.type`) and ends it as the response goes out. Contexts
 * without a span cost a property read per request (the plugin is installed only when the gateway traces).
 */
export function operationSpanPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const span = operationSpanOf(contextValue);
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation;
          const name = operationName ?? undefined;
          span.updateName(operationSpanName(type, name));
          span.setAttributes(operationAttributes(type, name));
        },
        async didEncounterErrors({ errors }) {
          const first = errors[0];
          if (first) failSpan(span, Object.assign(new Error(first.message), { code: first.extensions?.code }));
          span.setAttribute('puchi.graphql.errors', errors.length);
        },
        async willSendResponse() {
          // The operations of a batch share their HTTP request's context, and so its span: the first ends it.
          if (span.isRecording()) span.end();
        },
      };
    },
  };
}
