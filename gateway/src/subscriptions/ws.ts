import type http from 'node:http';
import type { Identity, Logger } from '@puchi/kafka';
import { DomainError, UnauthenticatedError, type SubscriptionField } from '@puchi/subgraph-kit';
import { GraphQLError, parse, type DocumentNode, type ExecutionArgs } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticator } from '../auth';
import type { SubscriptionLimits } from '../config';
import { GATEWAY_CODES } from '../errors';
import { parseOptions, withTokenCode } from '../limits';
import type { Subgraphs } from '../supergraph';
import { guardConnections } from './connection-guard';
import { closeAtExpiry } from './expiry';
import type { SubscriptionHub } from './hub';
import type { CheckedSubscription, PlannedSubscription, SubscriptionPlanner } from './planner';

/**
 * Close codes we use besides the protocol's own (graphql-ws: 4400 bad message, 4403 forbidden, 4408 init
 * timeout, 4409 subscriber exists, 4429 too many inits, 4500 internal; ws: 1009 message too big; 1001 shutdown).
 */
export const CLOSE_CODES = {
  /** A subscription that needs a signed-in user on a connection without a valid token. */
  unauthorized: 4401,
  /** The subscriber fell too far behind (RFC 6455 "policy violation"). */
  tooSlow: 1008,
  /**
   * The connection sent more messages than `WS_MAX_MESSAGES_PER_SECOND` allows. Not 4429 (graphql-ws's "too many
   * initialisation requests", which its clients never retry) nor 1008: graphql-ws clients retry this one with
   * their backoff, which is the slowing down asked for.
   */
  tooManyMessages: 4430,
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
 * (`{ "authorization": "Bearer …" }`); a bad token closes the socket with 4403, and so does its `exp` (`./expiry`).
 * Each subscription is planned,
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
  /** The client's address, read as for HTTP requests (`TRUST_PROXY`): per-IP connection limit. */
  clientIp(req: http.IncomingMessage): string;
  logger: Logger;
}): { close(): Promise<void>; connections(): number } {
  const wss = new WebSocketServer({ server: deps.server, path: '/graphql', maxPayload: deps.limits.maxPayloadBytes });
  // Before useServer: connections are counted and messages metered before graphql-ws handles them.
  guardConnections(wss, {
    maxPerIp: deps.limits.maxConnectionsPerIp,
    messagesPerSecond: deps.limits.maxMessagesPerSecond,
    messageBurst: deps.limits.messageBurst,
    clientIp: deps.clientIp,
    tooFast: { code: CLOSE_CODES.tooManyMessages, reason: `Too many messages: over ${deps.limits.maxMessagesPerSecond} per second` },
    logger: deps.logger,
  });
  const graphqlWs = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      isProd: deps.production,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (raw !== undefined && typeof raw !== 'string') return false;
        try {
          const authenticated = await deps.auth.authenticate(raw);
          // Accepted past its exp (within the clock tolerance): the connection would close as it opens.
          if (authenticated && authenticated.expiresAt <= Date.now()) return false;
          ctx.extra.identity = authenticated?.identity;
          ctx.extra.authorization = raw;
          // A connection lives no longer than its token: 4403 at exp. graphql-ws clients retry 4403, asking
          // `connectionParams` again, so a client that returns its current token there reconnects with it.
          if (authenticated) closeAtExpiry(ctx.extra.socket, authenticated.expiresAt, CloseCode.Forbidden, 'Forbidden: the token has expired');
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
        const checked = deps.planner.check(document, payload.operationName ?? undefined, variables);
        if (Array.isArray(checked)) return checked as GraphQLError[];
        const { fieldName, owner, args } = checked as CheckedSubscription;
        const field = deps.subgraphs.modules.get(owner)?.subscriptions?.[fieldName];
        if (!field) return [codedError(`Subscription.${fieldName} has no event source`, GATEWAY_CODES.internal)];
        const { identity, authorization } = ctx.extra;
        try {
          field.authorize(args, identity);
        } catch (error) {
          if (error instanceof UnauthenticatedError && !identity) {
            ctx.extra.socket.close(CLOSE_CODES.unauthorized, 'Unauthorized: this subscription needs a signed-in user');
            return [codedError(error.message, error.code)];
          }
          if (error instanceof DomainError) return [codedError(error.message, error.code)];
          throw error;
        }
        // Planned only once authorized: a refused caller costs no plan and leaves nothing in the plan cache.
        const planned = deps.planner.plan(checked as CheckedSubscription);
        if (Array.isArray(planned)) return planned as GraphQLError[];
        const plan = planned as PlannedSubscription;
        const key = JSON.stringify([plan.normalized, payload.operationName ?? null, variables, identity?.userId ?? null, [...(identity?.roles ?? [])].sort()]);
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
    connections: () => wss.clients.size,
    close: async () => {
      // Completes every subscription and closes each socket with 1001 (going away).
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
