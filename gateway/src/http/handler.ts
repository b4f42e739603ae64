import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from '@puchi/kafka';
import { GATEWAY_CODES } from '../errors';
import { checkBatch, type BatchingOptions } from '../limits/batching';
import { HttpError, parseJsonBody, readBody } from './body';
import { applyCors } from './cors';

/** A JSON endpoint next to GraphQL, such as `/api/health`. */
export type JsonRoute = (req: IncomingMessage) => Promise<{ status: number; body: unknown }>;

/**
 * A handler that answers some requests itself (an HTML page and its assets, such as `/graphiql`): `true` when it
 * has answered, `false` to leave the request to the next one and then to GraphQL.
 */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** Runs one GraphQL request through Apollo Server with this HTTP request's context, as `/graphql` would. */
export type ExecuteGraphQL = (request: HTTPGraphQLRequest) => Promise<HTTPGraphQLResponse>;

/** A JSON answer with its status and headers (`Allow`, `Retry-After`…). */
export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type RestHandler = (req: IncomingMessage, url: URL, execute: ExecuteGraphQL) => Promise<JsonReply>;

export interface HttpHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /**
   * Builds the GraphQL context from the request and its raw body (empty for GET; a standalone subgraph checks the
   * gateway's signature over it); throwing a GraphQLError (UNAUTHENTICATED) answers with it.
   */
  context: (req: IncomingMessage, body: Buffer) => Promise<TContext>;
  /** Exact paths answered with JSON instead of GraphQL. */
  routes: Record<string, JsonRoute>;
  /** Tried in order after the JSON routes, before GraphQL. Default none. */
  pages?: readonly PageHandler[];
  /** Answers every other path under `/api/` (the REST routes, `gateway/src/rest`), running GraphQL through `execute`. Default none. */
  rest?: RestHandler;
  corsOrigins: readonly string[];
  /** Largest accepted body. Default 2 MB, as Apollo Router's default. */
  maxBodyBytes?: number;
  /** Batches (a JSON array of operations). Default off, refused with BATCHING_DISABLED before Apollo Server sees them. */
  batching?: BatchingOptions;
  logger: Logger;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** Errors from the HTTP layer look like GraphQL errors, so a client reads one shape. */
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/**
 * The gateway's HTTP front: CORS, JSON routes, then GraphQL at `/graphql` through Apollo Server's
 * transport-agnostic `executeHTTPGraphQLRequest` (so we own body limits and error shapes).
 */
export function createHttpHandler<TContext extends BaseContext>(options: HttpHandlerOptions<TContext>): RequestListener {
  const limit = options.maxBodyBytes ?? 2 * 1024 * 1024;
  return (req, res) => {
    void (async () => {
      if (applyCors(req, res, options.corsOrigins)) return;
      const url = new URL(req.url ?? '/', 'http://gateway');
      const route = options.routes[url.pathname];
      if (route) {
        const { status, body } = await route(req);
        sendJson(res, status, body);
        return;
      }
      for (const page of options.pages ?? []) {
        if (await page(req, res, url)) return;
      }
      if (options.rest && url.pathname.startsWith('/api/')) {
        const reply = await options.rest(req, url, (httpGraphQLRequest) => options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => options.context(req, Buffer.alloc(0)) }));
        for (const [key, value] of Object.entries(reply.headers ?? {})) res.setHeader(key, value);
        sendJson(res, reply.status, reply.body);
        return;
      }
      if (url.pathname !== '/graphql' && url.pathname !== '/') {
        sendError(res, 404, GATEWAY_CODES.notFound, `nothing at ${url.pathname}; GraphQL is at /graphql`);
        return;
      }
      const raw = req.method === 'POST' ? await readBody(req, limit) : Buffer.alloc(0);
      const body = req.method === 'POST' ? parseJsonBody(req, raw) : undefined;
      const refused = checkBatch(body, options.batching ?? { enabled: false, maxSize: 1 });
      if (refused) throw new HttpError(refused.status, refused.code, refused.message);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: () => options.context(req, raw),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        // A refused body may still be arriving: answer, then close the connection instead of reading it all.
        if (error.status === 413) {
          res.setHeader('connection', 'close');
          res.once('finish', () => req.socket.destroy());
        }
        sendError(res, error.status, error.code, error.message);
        return;
      }
      options.logger.error('http request failed', { error, url: req.url });
      sendError(res, 500, GATEWAY_CODES.internal, 'internal error');
    });
  };
}
