import { buildASTSchema, isObjectType, parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { checkDescriptions, composeSubgraphs, findUndocumented, type SubgraphSource } from '@puchi/schema';
import { DOMAINS, domainManifest, subgraphSources } from './index';

const typeDefsOf = (domain: string) => domainManifest(domain).subgraph().typeDefs;

/** The composed supergraph as a graphql-js schema: besides its join__ directives, its types have the fields clients see. */
function supergraphSchema(): GraphQLSchema {
  const result = composeSubgraphs(subgraphSources());
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
  return buildASTSchema(parse(result.supergraphSdl), { assumeValidSDL: true });
}

function fieldsOf(schema: GraphQLSchema, typeName: string): string[] {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  return Object.keys(type.getFields());
}

describe('the subgraph SDLs', () => {
  it('compose into a supergraph without errors or hints', () => {
    const result = composeSubgraphs(subgraphSources());
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.hints.map((h) => `${h.code}: ${h.message}`)).toEqual([]);
  });

  it('name one subgraph per domain', () => {
    expect(subgraphSources().map((s) => s.name)).toEqual([...DOMAINS]);
  });

  it('put the fields other domains add on Lesson and User into the supergraph', () => {
    const schema = supergraphSchema();
    expect(fieldsOf(schema, 'Lesson')).toEqual(expect.arrayContaining(['title', 'course', 'progress', 'vocabulary', 'quiz', 'media']));
    expect(fieldsOf(schema, 'User')).toEqual(expect.arrayContaining(['displayName', 'level', 'progress']));
    expect(fieldsOf(schema, 'Word')).toEqual(expect.arrayContaining(['term', 'lesson', 'media']));
  });

  it('never expose the correct answer of a quiz question', () => {
    expect(fieldsOf(supergraphSchema(), 'QuizQuestion').sort()).toEqual(['choices', 'id', 'prompt']);
  });

  it('describe every type, field, argument, enum value and input field', () => {
    const undocumented = DOMAINS.flatMap((domain) =>
      findUndocumented(typeDefsOf(domain)).map((e) => `${domain}: ${e.coordinate} (${e.location ?? '?'})`),
    );
    expect(undocumented).toEqual([]);
  });

  it('each build a subgraph schema', () => {
    for (const domain of DOMAINS) expect(() => buildSubgraphSchema([{ typeDefs: typeDefsOf(domain) }])).not.toThrow();
  });
});

describe('composeSubgraphs', () => {
  const withReplaced = (name: string, edit: (sdl: string) => string): SubgraphSource[] =>
    subgraphSources().map((s) => (s.name === name ? { ...s, sdl: edit(s.sdl) } : s));

  it('reports a composition error with its code, the subgraphs and the location', () => {
    const sources = withReplaced('progress', (sdl) => sdl.replace(/type User @key\(fields: "id"\) \{\n(\s+"[^"]*"\n)\s+id: ID!/, '$&\n  "Clashes with the user subgraph."\n  email: Int'));
    const result = composeSubgraphs(sources);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const codes = result.errors.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['FIELD_TYPE_MISMATCH', 'INVALID_FIELD_SHARING']));
    const mismatch = result.errors.find((e) => e.code === 'FIELD_TYPE_MISMATCH');
    expect(mismatch?.message).toMatch(/User\.email.*"progress".*"user".*\(subgraphs\/progress\/schema\.graphql:\d+:\d+\)/);
  });

  it('reports SDL that does not parse as INVALID_GRAPHQL naming the file', () => {
    const result = composeSubgraphs(withReplaced('media', (sdl) => `${sdl}\ntype Broken {`));
    expect(result).toEqual({ ok: false, errors: [{ code: 'INVALID_GRAPHQL', message: expect.stringMatching(/^\[media\] Syntax Error: .*\(subgraphs\/media\/schema\.graphql:\d+:\d+\)$/) }] });
  });
});

describe('checkDescriptions', () => {
  it('finds nothing in the committed SDLs', () => {
    expect(checkDescriptions(subgraphSources())).toEqual([]);
  });

  it('names each undocumented element by its coordinate', () => {
    const sdl = `
      "Documented."
      type Query { "Documented." a(x: Int): Int b: Int }
      input In { y: Int }
      "Documented."
      enum E { "Documented." ONE TWO }
      scalar S
    `;
    expect(findUndocumented(parse(sdl)).map((e) => e.coordinate)).toEqual(['Query.a(x:)', 'Query.b', 'In', 'In.y', 'E.TWO', 'S']);
  });
});
