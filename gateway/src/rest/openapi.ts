import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { loadSupergraphSdl } from '@puchi/schema';
import { rootFieldSchema, variableDescriptions, variableSchema, type JsonSchema } from './json-schema';
import type { CompiledRoute } from './route';

/** The supergraph's API schema (what clients may query), which the documents are derived from. */
export function loadApiSchema(): GraphQLSchema {
  return Supergraph.build(loadSupergraphSdl()).apiSchema().toGraphQLJSSchema();
}

/** The error answers, each named in `components.responses`; every one has the `Error` body. */
const ERROR_RESPONSES = {
  BadUserInput: { status: '400', description: 'BAD_USER_INPUT: a parameter the route or the schema refuses; or a limit of the gateway (QUERY_TOO_COSTLY…).' },
  Unauthenticated: { status: '401', description: 'UNAUTHENTICATED: a bad or expired token (on every route); no token where one is needed.' },
  Forbidden: { status: '403', description: 'FORBIDDEN: the caller may not read this.' },
  NotFound: { status: '404', description: 'NOT_FOUND: nothing has this id.' },
  RateLimited: { status: '429', description: 'RATE_LIMITED: over the caller\'s rate limit, shared with /graphql; retry after `Retry-After` seconds.' },
  Internal: { status: '500', description: 'INTERNAL_SERVER_ERROR.' },
  ServiceUnavailable: { status: '503', description: 'SERVICE_UNAVAILABLE: a domain service behind the route is not answering; retriable.' },
  ServiceTimeout: { status: '504', description: 'SERVICE_TIMEOUT: a domain service did not answer within the request timeout; retriable.' },
} as const;

type ErrorResponse = keyof typeof ERROR_RESPONSES;

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'GraphQL\'s error shape: the first error\'s `extensions.code` gives the HTTP status.',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['message', 'extensions'],
        properties: {
          message: { type: 'string' },
          path: { type: 'array', items: { type: ['string', 'integer'] } },
          extensions: {
            type: 'object',
            required: ['code'],
            properties: { code: { type: 'string' }, retryAfterSeconds: { type: 'integer', minimum: 1 } },
          },
        },
      },
    },
  },
};

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** A nullable root field whose null is answered with 404 is never null in a 200. */
function withoutNull(schema: JsonSchema): JsonSchema {
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (!anyOf) return schema;
  const { anyOf: _dropped, ...rest } = schema;
  return { ...anyOf[0], ...rest };
}

function operationOf(compiled: CompiledRoute, schema: GraphQLSchema): Record<string, unknown> {
  const { route } = compiled;
  const descriptions = variableDescriptions(schema, compiled.document);
  const parameter = (place: 'path' | 'query') => (v: CompiledRoute['pathParams'][number]) => ({
    name: v.name,
    in: place,
    required: place === 'path',
    ...(descriptions.has(v.name) ? { description: descriptions.get(v.name) } : {}),
    schema: variableSchema(schema, v.type),
  });
  const data = rootFieldSchema(schema, compiled.document, route.result);
  const errors: ErrorResponse[] = [
    'BadUserInput',
    'Unauthenticated',
    ...(route.forbidden ? (['Forbidden'] as const) : []),
    ...(route.notFound ? (['NotFound'] as const) : []),
    'RateLimited',
    'Internal',
    'ServiceUnavailable',
    'ServiceTimeout',
  ];
  return {
    operationId: compiled.operationName,
    summary: route.summary,
    description: `Runs the GraphQL query in \`x-graphql-operation\` and answers with its \`${route.result}\` field.${route.forbidden ? ` 403 for ${route.forbidden}.` : ''}`,
    tags: ['rest'],
    // `{}`: anonymous callers are answered too.
    security: route.access === 'signed-in' ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
    parameters: [...compiled.pathParams.map(parameter('path')), ...compiled.queryParams.map(parameter('query'))],
    responses: {
      200: {
        description: `\`${route.result}\` as the query selects it.`,
        content: json({ type: 'object', required: ['data'], properties: { data: route.notFound ? withoutNull(data) : data }, additionalProperties: false }),
      },
      ...Object.fromEntries(errors.map((name) => [ERROR_RESPONSES[name].status, { $ref: `#/components/responses/${name}` }])),
    },
    'x-graphql-operation': route.document,
  };
}

/** `/api/users/:id/profile` → `/api/users/{id}/profile`. */
const templateOf = (compiled: CompiledRoute) => '/' + compiled.segments.map((s) => (typeof s === 'string' ? s : `{${s.param}}`)).join('/');

/** The OpenAPI 3.1 document of the routes, their parameters and answers derived from their queries over `schema`. */
export function buildOpenApi(routes: readonly CompiledRoute[], schema: GraphQLSchema): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const compiled of routes) {
    (paths[templateOf(compiled)] ??= {})[compiled.route.method.toLowerCase()] = operationOf(compiled, schema);
  }
  paths['/api/openapi.json'] = {
    get: {
      operationId: 'openApiDocument',
      summary: 'This document.',
      tags: ['meta'],
      security: [{}],
      responses: { 200: { description: 'The OpenAPI 3.1 document of the REST routes.', content: json({ type: 'object' }) } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Puchi REST API',
      version: '1.0.0',
      description:
        'The REST routes of the system Puchi replaces, kept for existing frontends. Each runs a fixed GraphQL query through the gateway, ' +
        'with the same token, rate limit, limits and error codes as /graphql. A success is `{ "data": … }`; a failure `{ "errors": [{ "message", "extensions": { "code" } }] }`.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, { status, description }]) => [
          name,
          {
            description,
            ...(status === '429' ? { headers: { 'Retry-After': { description: 'Seconds until a request is allowed again.', schema: { type: 'integer', minimum: 1 } } } } : {}),
            content: json({ $ref: '#/components/schemas/Error' }),
          },
        ]),
      ),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The same token as /graphql (`npm run token` in development).' } },
    },
  };
}
