import type http from 'node:http';
import type { Identity, Logger } from '@puchi/kafka';
import { DomainError, UnauthenticatedError, type SubscriptionField } from '@puchi/subgraph-kit';
import { GraphQLError, parse, type DocumentNode, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticator } from '../auth';
import type { SubscriptionLimits } from '../config';
import { GATEWAY_CODES } from '../errors';
import { parseOptions, withTokenCode } from '../limits';
import type { Subgraphs } from '../supergraph';
import type { SubscriptionHub } from './hub';
import type { PlannedSubscription, SubscriptionPlanner } from './planner';

/** graphql-ws close codes we use besides the protocol's own (4400 bad message, 4403 forbidden, 4429 too many inits). */
export const CLOSE_CODES = {
  /** A subscription that needs a signed-in user on a connection without a valid token. */
  unauthorized: 4401,
  /** The subscriber fell too far behind (RFC 6455 "policy violation"). */
  tooSlow: 1008,
} as const;

type ConnectionExtra = Record<PropertyKey, unknown> & {
  identity?: Identity;
  authorization?: string;
};

interface SubscribeContext {
  planned: PlannedSubscription;
  field: SubscriptionField;
  identity?: Identity;
  authorization?: string;
  key: string;
  socket: WebSocket;
}

const codedError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

/**
 * graphql-ws on the gateway's HTTP server, path `/graphql`. The token travels in `connection_init`
 * (`{ "authorization": "Bearer …" }`); a bad token closes the socket with 4403. Each subscription is planned,
 * authorized by its field's source, and handed to the hub; a subscription that needs a user on an anonymous
 * connection closes it with 4401, other refusals answer with a GraphQL error and keep the connection.
 */
export function attachSubscriptionServer(deps: {
  server: http.Server;
  planner: SubscriptionPlanner;
  hub: SubscriptionHub;
  auth: Authenticator;
  subgraphs: Subgraphs;
  limits: SubscriptionLimits;
  /** Parser token limit, as for HTTP operations. */
  maxTokens: number;
  production: boolean;
  logger: Logger;
}): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: deps.server, path: '/graphql', maxPayload: deps.limits.maxPayloadBytes });
  const graphqlWs = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      isProd: deps.production,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (raw !== undefined && typeof raw !== 'string') return false;
        try {
          ctx.extra.identity = await deps.auth.identify(raw);
          ctx.extra.authorization = raw;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        if (Object.keys(ctx.subscriptions).length >= deps.limits.maxPerConnection) {
          return [codedError(`at most ${deps.limits.maxPerConnection} subscriptions per connection`, GATEWAY_CODES.tooManySubscriptions)];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, parseOptions(deps.maxTokens));
        } catch (error) {
          const message = error instanceof GraphQLError ? error.message : 'the query does not parse';
          const formatted = withTokenCode({ message, extensions: { code: GATEWAY_CODES.parseFailed } });
          return [codedError(formatted.message, String(formatted.extensions?.code))];
        }
        const variables = payload.variables ?? {};
        const planned = deps.planner.plan(document, payload.operationName ?? undefined, variables, payload.query);
        if (Array.isArray(planned)) return planned as GraphQLError[];
        const plan = planned as PlannedSubscription;
        const field = deps.subgraphs.modules.get(plan.owner)?.subscriptions?.[plan.fieldName];
        if (!field) return [codedError(`Subscription.${plan.fieldName} has no event source`, GATEWAY_CODES.internal)];
        const { identity, authorization } = ctx.extra;
        try {
          field.authorize(plan.args, identity);
        } catch (error) {
          if (error instanceof UnauthenticatedError && !identity) {
            ctx.extra.socket.close(CLOSE_CODES.unauthorized, 'Unauthorized: this subscription needs a signed-in user');
            return [codedError(error.message, error.code)];
          }
          if (error instanceof DomainError) return [codedError(error.message, error.code)];
          throw error;
        }
        const key = JSON.stringify([payload.query, payload.operationName ?? null, variables, identity?.userId ?? null, [...(identity?.roles ?? [])].sort()]);
        const contextValue: SubscribeContext = { planned: plan, field, identity, authorization, key, socket: ctx.extra.socket };
        return { schema: deps.planner.apiSchema, document, operationName: payload.operationName, variableValues: variables, contextValue } satisfies ExecutionArgs;
      },
      subscribe: async (args) => {
        const c = args.contextValue as SubscribeContext;
        try {
          return await deps.hub.open({
            planned: c.planned,
            field: c.field,
            identity: c.identity,
            authorization: c.authorization,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
            key: c.key,
            onOverflow: (buffered) => {
              deps.logger.warn('closing a subscriber that fell behind', { field: c.planned.fieldName, buffered });
              c.socket.close(CLOSE_CODES.tooSlow, `Subscriber too slow: ${buffered} results waiting`);
            },
          });
        } catch (error) {
          if (error instanceof DomainError) return { errors: [codedError(error.message, error.code)] };
          deps.logger.error('could not open a subscription', { field: c.planned.fieldName, error });
          return { errors: [codedError('the subscription could not start', GATEWAY_CODES.serviceUnavailable)] };
        }
      },
    },
    wss,
  );
  return {
    close: async () => {
      // Completes every subscription and closes each socket with 1001 (going away).
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
