import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse, validate } from 'graphql';
import { buildOpenApi, loadApiSchema } from './openapi';
import { compileRoute } from './route';
import { REST_ROUTES } from './routes';

const apiSchema = loadApiSchema();
const compiled = REST_ROUTES.map(compileRoute);
const doc = buildOpenApi(compiled, apiSchema) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean }[] }>> };

/**
 * OpenAPI 3.1's own JSON Schema (spec.openapis.org/oas/3.1/schema) is not on disk and tests do not download: this
 * is the part of it our document uses, checked strictly (a typo in a field name fails here).
 */
const MINIMAL_OPENAPI_31 = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string' }, version: { type: 'string' } } },
    jsonSchemaDialect: { type: 'string', format: 'uri' },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        propertyNames: { enum: ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'summary', 'description', 'parameters'] },
        additionalProperties: { $ref: '#/$defs/operation' },
      },
    },
    components: { type: 'object', propertyNames: { enum: ['schemas', 'responses', 'parameters', 'securitySchemes', 'headers'] } },
  },
  $defs: {
    operation: {
      type: 'object',
      required: ['responses'],
      patternProperties: { '^x-': true },
      properties: {
        operationId: { type: 'string' },
        summary: { type: 'string' },
        description: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        security: { type: 'array', items: { type: 'object' } },
        parameters: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'in', 'schema'],
            properties: { name: { type: 'string' }, in: { enum: ['path', 'query', 'header', 'cookie'] }, required: { type: 'boolean' }, description: { type: 'string' }, schema: { type: 'object' } },
            additionalProperties: false,
            if: { properties: { in: { const: 'path' } } },
            then: { required: ['required'], properties: { required: { const: true } } },
          },
        },
        responses: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^([1-5]\\d\\d|[1-5]XX|default)$' },
          additionalProperties: {
            oneOf: [
              { type: 'object', required: ['$ref'], properties: { $ref: { type: 'string', pattern: '^#/components/responses/' } }, additionalProperties: false },
              { type: 'object', required: ['description'], properties: { description: { type: 'string' }, content: { type: 'object' }, headers: { type: 'object' } }, additionalProperties: false },
            ],
          },
        },
      },
      additionalProperties: false,
    },
  },
};

describe('OpenAPI document of the REST routes', () => {
  it('is structurally OpenAPI 3.1 (a minimal schema of the fields we use, with the rules on path parameters)', () => {
    const ajv = addFormats(new Ajv2020({ allErrors: true }));
    const check = ajv.compile(MINIMAL_OPENAPI_31);
    expect(check(doc) ? [] : check.errors).toEqual([]);
  });

  it('names every $ref it uses, and every schema in it is a valid JSON Schema 2020-12', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc)).toBeDefined();
    const ajv = addFormats(new Ajv2020({ strict: false }));
    ajv.addSchema({ ...doc, $id: 'https://puchi.test/openapi.json' });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const pointer = `/paths/${path.replaceAll('/', '~1')}/${method}/responses/200/content/application~1json/schema`;
        expect(() => ajv.compile({ $ref: `https://puchi.test/openapi.json#${pointer}` })).not.toThrow();
      }
    }
    const profile = ajv.compile({ $ref: 'https://puchi.test/openapi.json#/paths/~1api~1users~1{id}~1profile/get/responses/200/content/application~1json/schema' });
    const ana = { id: 'learner-ana', displayName: 'Ana', email: 'a***@example.com', nativeLanguage: 'en', targetLanguage: 'es', level: 'A2', createdAt: '2025-01-01T00:00:00.000Z' };
    expect(profile({ data: ana })).toBe(true);
    for (const wrong of [{ data: null }, { data: { ...ana, level: 'Z9' } }, { data: { ...ana, extra: 1 } }, { data: { ...ana, createdAt: 'yesterday' } }, { data: ana, errors: [] }]) expect(profile(wrong)).toBe(false);
  });

  it('lists every route, with a template parameter for each path parameter', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/lessons/list', '/api/lessons/{id}', '/api/openapi.json', '/api/users/{id}/profile', '/api/users/{id}/progress']);
    for (const [path, item] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect((item.get!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)).toEqual(templated);
    }
  });

  it('derives parameters and answers from the queries over the supergraph, with its descriptions', () => {
    const list = doc.paths['/api/lessons/list']!.get as unknown as { parameters: Record<string, unknown>[]; responses: Record<string, { content?: Record<string, { schema: { properties: { data: Record<string, unknown> } } }> }> };
    expect(list.parameters.find((p) => p.name === 'level')).toEqual({ name: 'level', in: 'query', required: false, description: 'Only lessons written for this level.', schema: { type: 'string', enum: ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] } });
    expect(list.parameters.find((p) => p.name === 'first')).toMatchObject({ description: 'How many lessons to return (1 to 100).', schema: { type: 'integer' } });
    const data = list.responses['200']!.content!['application/json']!.schema.properties.data;
    expect(data).toMatchObject({ type: 'object', required: ['totalCount', 'pageInfo', 'edges'], properties: { totalCount: { type: 'integer' } } });
    // A 404 stands for null, so the profile's data is never null.
    const profile = (doc.paths['/api/users/{id}/profile']!.get as unknown as typeof list).responses['200']!.content!['application/json']!.schema.properties.data;
    expect(profile).toMatchObject({ type: 'object', properties: { createdAt: { type: 'string', format: 'date-time' } } });
    expect(profile.anyOf).toBeUndefined();
  });

  it('only has routes whose query is valid against the supergraph', () => {
    for (const route of REST_ROUTES) expect([route.path, validate(apiSchema, parse(route.document))]).toEqual([route.path, []]);
  });
});
