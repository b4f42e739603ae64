import { Kind, type ASTNode, type DocumentNode } from 'graphql';

/** One schema element without a description: `Lesson`, `Lesson.title`, `Query.lessons(first:)`, `CefrLevel.A1`. */
export interface UndocumentedElement {
  /** The element's coordinate, as GraphQL schema coordinates spell it. */
  coordinate: string;
  /** `line:column` in the SDL, when the document was parsed with locations. */
  location?: string;
}

/**
 * Every type, field, argument, enum value and input field in an SDL document that has no description.
 * Apollo Sandbox shows descriptions as the schema's documentation, so the SDL files must have one everywhere.
 * `extend schema @link(...)` is not a schema element and is skipped.
 */
export function findUndocumented(document: DocumentNode): UndocumentedElement[] {
  const found: UndocumentedElement[] = [];
  const check = (node: ASTNode & { description?: { value: string } }, coordinate: string) => {
    if (node.description?.value.trim()) return;
    const start = node.loc?.startToken;
    found.push(start ? { coordinate, location: `${start.line}:${start.column}` } : { coordinate });
  };

  for (const definition of document.definitions) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const type = definition.name.value;
        if ('description' in definition) check(definition, type);
        for (const field of definition.fields ?? []) {
          check(field, `${type}.${field.name.value}`);
          for (const argument of field.arguments ?? []) {
            check(argument, `${type}.${field.name.value}(${argument.name.value}:)`);
          }
        }
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION: {
        const type = definition.name.value;
        if ('description' in definition) check(definition, type);
        for (const field of definition.fields ?? []) check(field, `${type}.${field.name.value}`);
        break;
      }
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION: {
        const type = definition.name.value;
        if ('description' in definition) check(definition, type);
        for (const value of definition.values ?? []) check(value, `${type}.${value.name.value}`);
        break;
      }
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.UNION_TYPE_DEFINITION:
        check(definition, definition.name.value);
        break;
      case Kind.DIRECTIVE_DEFINITION:
        check(definition, `@${definition.name.value}`);
        for (const argument of definition.arguments ?? []) {
          check(argument, `@${definition.name.value}(${argument.name.value}:)`);
        }
        break;
      default:
        break;
    }
  }
  return found;
}
