import type { IncomingMessage } from 'node:http';
import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { GATEWAY_CODES } from '../errors';
import { HttpError } from '../http/body';
import type { JsonReply, RestHandler } from '../http/handler';
import { createPathMatcher, type PathMatch } from './matcher';
import { buildOpenApi, loadApiSchema } from './openapi';
import { compileRoute, type RestRoute } from './route';
import { REST_ROUTES } from './routes';
import { statusOfCode } from './statuses';
import { bindVariables } from './variables';

/** Where the OpenAPI 3.1 document of the routes is served. */
export const OPENAPI_PATH = '/api/openapi.json';

export interface RestRouterOptions {
  /** Default `REST_ROUTES`. */
  routes?: readonly RestRoute[];
  /** The supergraph's API schema the OpenAPI document is derived from, asked once, on the document's first request. Default: `schema/supergraph.graphql`'s. */
  apiSchema?: () => GraphQLSchema;
}

const errorReply = (status: number, code: string, message: string, headers?: Record<string, string>): JsonReply => ({
  status,
  body: { errors: [{ message, extensions: { code } }] },
  ...(headers ? { headers } : {}),
});

const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  errorReply(405, GATEWAY_CODES.methodNotAllowed, `${method} is not answered here; use ${allowed.join(', ')}`, { allow: allowed.join(', ') });

/**
 * The client's headers as Apollo Server sees them, but always a JSON POST: the operation is ours and a read, so
 * CSRF prevention (which exists for documents a browser form could send) has nothing to refuse, and with a plain
 * `application/json` answer resolver errors come back as 200 and get their status from their code here.
 */
function graphqlHeaders(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined && key !== 'content-length') headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  headers.set('content-type', 'application/json');
  headers.set('accept', 'application/json');
  return headers;
}

/**
 * All or nothing, unlike GraphQL: any error answers the request (its first error's code gives the status), so a
 * frontend never gets half a lesson with 200. A null where an entity was asked for by id is NOT_FOUND.
 */
function toReply({ route: compiled, params }: PathMatch, response: HTTPGraphQLResponse): JsonReply {
  if (response.body.kind !== 'complete') throw new Error(`REST route ${compiled.route.path}: an incremental answer to a fixed query`);
  const result = JSON.parse(response.body.string) as { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  const status = response.status ?? 200;
  const headers: Record<string, string> = {};
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter) headers['retry-after'] = retryAfter;
  const first = result.errors?.[0];
  if (first) {
    const errorStatus = status !== 200 ? status : statusOfCode(first.extensions?.code);
    // RFC 9110 §11.6.1: a 401 says which scheme would do.
    if (errorStatus === 401) headers['www-authenticate'] = 'Bearer';
    return { status: errorStatus, headers, body: { errors: result.errors } };
  }
  if (status !== 200) throw new Error(`REST route ${compiled.route.path}: status ${status} without errors`);
  const data = result.data?.[compiled.route.result] ?? null;
  const { notFound } = compiled.route;
  if (data === null && notFound) return errorReply(404, GATEWAY_CODES.notFound, `${notFound.entity} "${params[notFound.param]}" does not exist`);
  return { status: 200, headers, body: { data } };
}

/**
 * The seed's REST routes: each request runs its route's fixed query through Apollo Server with the request's
 * own context (`execute`), so auth, the rate limit, the operation limits and error masking are `/graphql`'s.
 * Every path under `/api/` the gateway has no other answer for comes here: unknown ones get 404 NOT_FOUND.
 */
export function createRestRouter(options: RestRouterOptions = {}): RestHandler {
  const compiled = (options.routes ?? REST_ROUTES).map(compileRoute);
  const match = createPathMatcher(compiled);
  let openapi: unknown;
  return async (req, url, execute) => {
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      if (url.pathname === OPENAPI_PATH) {
        if (method !== 'GET') return methodNotAllowed(method, ['GET']);
        openapi ??= buildOpenApi(compiled, (options.apiSchema ?? loadApiSchema)());
        return { status: 200, body: openapi };
      }
      const matches = match(url.pathname);
      if (matches.length === 0) return errorReply(404, GATEWAY_CODES.notFound, `nothing at ${url.pathname}; the REST routes are listed at ${OPENAPI_PATH}`);
      const found = matches.find((m) => m.route.route.method === method);
      if (!found) return methodNotAllowed(method, [...new Set(matches.map((m) => m.route.route.method))]);
      const variables = bindVariables(found.route, found.params, url.searchParams);
      const response = await execute({
        method: 'POST',
        headers: graphqlHeaders(req),
        search: '',
        body: { query: found.route.route.document, operationName: found.route.operationName, variables },
      });
      return toReply(found, response);
    } catch (error) {
      if (error instanceof HttpError) return errorReply(error.status, error.code, error.message);
      throw error;
    }
  };
}
