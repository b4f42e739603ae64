import { Kind, type TypeNode } from 'graphql';
import { GATEWAY_CODES } from '../errors';
import { HttpError } from '../http/body';
import type { BoundVariable, CompiledRoute } from './route';

const badInput = (name: string, problem: string) => new HttpError(400, GATEWAY_CODES.badUserInput, `${name}: ${problem}`);

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/**
 * The URL's text as the variable's value. Numbers and booleans are parsed strictly here (`first=10abc` is not 10);
 * everything else (IDs, strings, enums, custom scalars) goes as text and GraphQL coerces it, refusing with
 * BAD_USER_INPUT what does not fit, as it would on `/graphql`.
 */
function valueOf(variable: BoundVariable, text: string): unknown {
  if (variable.type.kind === Kind.LIST_TYPE || (variable.type.kind === Kind.NON_NULL_TYPE && variable.type.type.kind === Kind.LIST_TYPE)) {
    throw badInput(variable.name, 'lists are not bound from a URL');
  }
  switch (namedType(variable.type)) {
    case 'Int':
      if (!/^-?\d{1,10}$/.test(text)) throw badInput(variable.name, 'must be an integer');
      return Number(text);
    case 'Float':
      if (text.trim() === '' || !Number.isFinite(Number(text))) throw badInput(variable.name, 'must be a number');
      return Number(text);
    case 'Boolean':
      if (text !== 'true' && text !== 'false') throw badInput(variable.name, 'must be true or false');
      return text === 'true';
    default:
      return text;
  }
}

/**
 * The operation's variables from the path parameters and the query string. A query parameter given empty is
 * absent (forms send `?level=` for "any level"), given twice is refused; parameters the route does not name are
 * ignored (cache busters such as `_=1700000000`).
 */
export function bindVariables(compiled: CompiledRoute, params: Record<string, string>, search: URLSearchParams): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const variable of compiled.pathParams) variables[variable.name] = valueOf(variable, params[variable.name]!);
  for (const variable of compiled.queryParams) {
    const given = search.getAll(variable.name);
    if (given.length > 1) throw badInput(variable.name, 'given more than once');
    if (given[0] !== undefined && given[0] !== '') variables[variable.name] = valueOf(variable, given[0]);
  }
  return variables;
}
