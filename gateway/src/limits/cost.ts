import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type DocumentNode,
  type SelectionSetNode,
} from 'graphql';
import { LIMIT_CODES, limitError } from './codes';
import { fragmentsOf, isIntrospection } from './selections';

export interface CostOptions {
  /** Items assumed for a list field without a `first`/`last` argument or default. Default 10. */
  defaultListSize?: number;
}

/** The page size a field asks for: its `first` or `last` argument (a literal or a variable), else the argument's default. */
function pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, variables: Record<string, unknown>): number | undefined {
  for (const name of ['first', 'last']) {
    const argument = field.arguments?.find((a) => a.name.value === name);
    if (argument) {
      const value = argument.value;
      if (value.kind === Kind.INT) return Number(value.value);
      if (value.kind === Kind.VARIABLE) {
        const given = variables[value.name.value];
        // Only a valid Int: anything else fails variable coercion later with BAD_USER_INPUT.
        if (typeof given === 'number' && Number.isInteger(given) && Math.abs(given) <= 2 ** 31 - 1) return given;
      }
    }
    const declared = definition?.args.find((a) => a.name === name)?.defaultValue;
    if (typeof declared === 'number') return declared;
  }
  return undefined;
}

/**
 * A static cost, computed before anything runs: every field costs 1, and a field's selection costs as many
 * times as items it returns: its `first`/`last` (from the operation, its variables or the argument's default),
 * else `defaultListSize` for a list. The `edges`/`nodes` list of a `…Connection` is already paged by its parent,
 * so it multiplies by 1. Introspection costs nothing (it is off in production).
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}, options: CostOptions = {}): number {
  const defaultListSize = options.defaultListSize ?? 10;
  const fragments = fragmentsOf(document);
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fieldCost = (node: FieldNode, parent: GraphQLNamedType): number => {
    if (isIntrospection(node)) return 0;
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!definition || !node.selectionSet) return 1;
    const size = pageSize(node, definition, variables);
    const list = isListType(getNullableType(definition.type)) && !parent.name.endsWith('Connection');
    const multiplier = size !== undefined ? Math.max(size, 0) : list ? defaultListSize : 1;
    return 1 + multiplier * ofSet(node.selectionSet, getNamedType(definition.type));
  };
  // Inline fragments and spreads narrow the parent type; each named fragment is costed once (memoized), so
  // nested spreads cost linear time and a cycle counts 0 on its way back (NoFragmentCyclesRule reports it).
  const ofSet = (set: SelectionSetNode, parent: GraphQLNamedType): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += fieldCost(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += ofSet(selection.selectionSet, type ?? parent);
      } else total += ofSpread(selection.name.value, parent);
    }
    return total;
  };
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const ofSpread = (name: string, parent: GraphQLNamedType): number => {
    const definition = fragments.get(name);
    if (!definition || visiting.has(name)) return 0;
    const known = memo.get(name);
    if (known !== undefined) return known;
    const type = schema.getType(definition.typeCondition.name.value) ?? parent;
    visiting.add(name);
    const value = ofSet(definition.selectionSet, type);
    visiting.delete(name);
    memo.set(name, value);
    return value;
  };
  return ofSet(operation.selectionSet, root);
}

/** Throws QUERY_TOO_COSTLY when the operation's static cost is over `max`. */
export function assertCost(cost: number, max: number): void {
  if (cost > max) throw limitError(LIMIT_CODES.cost, `the query costs ${cost}; at most ${max} is allowed`);
}
