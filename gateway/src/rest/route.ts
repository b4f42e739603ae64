import { Kind, parse, type DocumentNode, type OperationDefinitionNode, type TypeNode } from 'graphql';

/** How a caller reaches a route, for the OpenAPI document (a bad token is refused with 401 on every route). */
export type RestAccess = 'anyone' | 'signed-in';

/**
 * One REST route of the seed's API: a fixed GraphQL query whose variables are bound from the URL by name.
 * Everything else (execution, status codes, the `{ data }` envelope, the OpenAPI operation) is generic.
 */
export interface RestRoute {
  /** Only GET: every route is a read. */
  method: 'GET';
  /** Literal segments and `:name` parameters (`/api/users/:id/profile`); each parameter binds the variable `$name`. */
  path: string;
  /** One line for the OpenAPI document. */
  summary: string;
  /** A named GraphQL query (its name is the OpenAPI `operationId`) with one root field to answer with. */
  document: string;
  /** Query-string parameters, each bound to the variable of the same name. Default none. */
  query?: readonly string[];
  /** The root field (its response key) whose value is the envelope's `data`. */
  result: string;
  /** The result is nullable and null means that this entity, named by this path parameter, does not exist: 404. */
  notFound?: { entity: string; param: string };
  access: RestAccess;
  /** When a signed-in caller is refused (403), for the OpenAPI document. */
  forbidden?: string;
}

/** A variable the URL can bind: its GraphQL type, for turning the URL's text into a value and for the document. */
export interface BoundVariable {
  name: string;
  type: TypeNode;
  required: boolean;
}

export interface CompiledRoute {
  route: RestRoute;
  operationName: string;
  document: DocumentNode;
  /** The pattern's segments: literals as they are, parameters as `{ param }`. */
  segments: readonly (string | { param: string })[];
  pathParams: readonly BoundVariable[];
  queryParams: readonly BoundVariable[];
}

/** Thrown at startup: a route that could never run is a programming error, not a request's. */
export class RestRouteError extends Error {
  constructor(path: string, problem: string) {
    super(`REST route ${path}: ${problem}`);
    this.name = 'RestRouteError';
  }
}

/** Parses the route's document and pattern once and checks they agree, so a request never finds out. */
export function compileRoute(route: RestRoute): CompiledRoute {
  const fail = (problem: string) => new RestRouteError(route.path, problem);
  if (!route.path.startsWith('/api/')) throw fail('must be under /api/');
  const document = parse(route.document);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  if (operations.length !== 1 || !operation || operation.operation !== 'query' || !operation.name) throw fail('needs exactly one named query');
  const rootKeys = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [(s.alias ?? s.name).value] : []));
  if (!rootKeys.includes(route.result)) throw fail(`its query has no root field "${route.result}"`);

  const variables = new Map<string, BoundVariable>();
  for (const v of operation.variableDefinitions ?? []) {
    variables.set(v.variable.name.value, { name: v.variable.name.value, type: v.type, required: v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue });
  }
  const bind = (name: string): BoundVariable => {
    const variable = variables.get(name);
    if (!variable) throw fail(`parameter "${name}" has no variable $${name} in the query`);
    return variable;
  };
  const segments = route.path
    .slice(1)
    .split('/')
    .map((s) => (s.startsWith(':') ? { param: s.slice(1) } : s));
  if (segments.some((s) => s === '' || (typeof s !== 'string' && !/^[A-Za-z_]\w*$/.test(s.param)))) throw fail('has an empty segment or a bad parameter name');
  const pathParams = segments.flatMap((s) => (typeof s === 'string' ? [] : [bind(s.param)]));
  const queryParams = (route.query ?? []).map(bind);
  const bound = new Set([...pathParams, ...queryParams].map((v) => v.name));
  if (bound.size !== pathParams.length + queryParams.length) throw fail('binds a variable twice');
  for (const v of variables.values()) {
    if (!bound.has(v.name)) throw fail(`variable $${v.name} is bound to no parameter`);
    if (v.required && !pathParams.includes(v)) throw fail(`required variable $${v.name} must be a path parameter`);
  }
  if (route.notFound && !pathParams.some((p) => p.name === route.notFound!.param)) throw fail(`notFound names "${route.notFound.param}", not a path parameter`);
  return { route, operationName: operation.name.value, document, segments, pathParams, queryParams };
}
