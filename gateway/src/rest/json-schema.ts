import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';

/** A JSON Schema (2020-12, OpenAPI 3.1's dialect) as plain data. */
export type JsonSchema = Record<string, unknown>;

const SCALARS: Readonly<Record<string, JsonSchema>> = {
  ID: { type: 'string' },
  String: { type: 'string' },
  Int: { type: 'integer', format: 'int32' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  DateTime: { type: 'string', format: 'date-time' },
};

function leafSchema(type: GraphQLNamedType): JsonSchema {
  if (isEnumType(type)) return { type: 'string', enum: type.getValues().map((v) => v.name) };
  if (isScalarType(type)) return { ...(SCALARS[type.name] ?? {}), ...(type.description && !SCALARS[type.name] ? { description: type.description } : {}) };
  throw new Error(`${type.name} is not a leaf type`);
}

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/**
 * The JSON Schema of what GraphQL answers for `selection` on `type`: a selected field is always present (null
 * when nullable), and nothing else is. Fragments must be on the object type itself: our documents are fixed, and
 * an abstract type would need a `oneOf` nobody reads.
 */
function outputSchema(type: GraphQLOutputType, selection: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): JsonSchema {
  const inner = isNonNullType(type) ? type.ofType : type;
  let schema: JsonSchema;
  if (isListType(inner)) schema = { type: 'array', items: outputSchema(inner.ofType, selection, fragments) };
  else if (isObjectType(inner)) schema = objectSchema(inner, selection!, fragments);
  else schema = leafSchema(getNamedType(inner));
  return isNonNullType(type) ? schema : nullable(schema);
}

function objectSchema(type: GraphQLObjectType, selection: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const collect = (set: SelectionSetNode) => {
    for (const node of set.selections) {
      if (node.kind === Kind.FIELD) {
        const key = (node.alias ?? node.name).value;
        if (node.name.value === '__typename') {
          properties[key] = { type: 'string', const: type.name };
          continue;
        }
        const field = type.getFields()[node.name.value];
        if (!field) throw new Error(`${type.name} has no field ${node.name.value}`);
        properties[key] = { ...outputSchema(field.type, node.selectionSet, fragments), ...(field.description ? { description: field.description } : {}) };
        continue;
      }
      const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : fragments.get(node.name.value);
      if (!fragment) throw new Error(`unknown fragment ${node.kind === Kind.FRAGMENT_SPREAD ? node.name.value : ''}`);
      if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) throw new Error(`a fragment on ${fragment.typeCondition.name.value} inside ${type.name}`);
      collect(fragment.selectionSet);
    }
  };
  collect(selection);
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('the document has no operation');
  return operation;
}

/** The JSON Schema of the value of the root field answering to `responseKey` in the query `document`. */
export function rootFieldSchema(schema: GraphQLSchema, document: DocumentNode, responseKey: string): JsonSchema {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const queryType = schema.getQueryType()!;
  const root = objectSchema(queryType, operationOf(document).selectionSet, fragments);
  const field = (root.properties as Record<string, JsonSchema>)[responseKey];
  if (!field) throw new Error(`no root field ${responseKey}`);
  return field;
}

/** The JSON Schema of a variable's values (a leaf type: what a URL can carry). */
export function variableSchema(schema: GraphQLSchema, type: TypeNode): JsonSchema {
  const resolved = typeFromAST(schema, type as Parameters<typeof typeFromAST>[1]);
  if (!resolved) throw new Error('a variable of an unknown type');
  const named = getNamedType(resolved);
  if (isInputObjectType(named) || isListType(isNonNullType(resolved) ? resolved.ofType : resolved)) throw new Error(`a variable of type ${String(resolved)} cannot come from a URL`);
  return leafSchema(named);
}

/**
 * Each variable's description: that of the argument or input field it is passed to (`first` → "How many
 * lessons to return (1 to 100)."), so the parameters document themselves from the SDL.
 */
export function variableDescriptions(schema: GraphQLSchema, document: DocumentNode): Map<string, string> {
  const typeInfo = new TypeInfo(schema);
  const found = new Map<string, string>();
  let current: string | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: () => {
        current = typeInfo.getArgument()?.description ?? undefined;
      },
      ObjectField: (node) => {
        const parent = getNamedType(typeInfo.getParentInputType() ?? undefined);
        current = isInputObjectType(parent) ? (parent.getFields()[node.name.value]?.description ?? undefined) : undefined;
      },
      Variable: (node) => {
        if (current && !found.has(node.name.value)) found.set(node.name.value, current);
      },
    }),
  );
  return found;
}
