import { z } from 'zod';
import { wireSchema } from './asyncapi';
import { compatibility, type JsonSchema } from './compatibility';

const Level = z.enum(['A1', 'A2', 'B1']);
/** The payload as docs/asyncapi.yaml holds an event's: what a reader parses. */
const wire = (schema: z.ZodType): JsonSchema => wireSchema(schema, 'input');
const before = wire(z.object({ userId: z.string(), score: z.number().int().min(0), level: Level, tags: z.array(z.object({ name: z.string() })), note: z.string().optional() }));
const after = (shape: Record<string, z.ZodType>) =>
  compatibility(before, wire(z.object({ userId: z.string(), score: z.number().int().min(0), level: Level, tags: z.array(z.object({ name: z.string() })), note: z.string().optional(), ...shape })));
const changes = (found: { path: string; change: string }[]) => found.map(({ path, change }) => `${path}: ${change}`);

describe('compatibility refuses what a running reader could not read', () => {
  it('a removed field', () => {
    const { note: _note, ...rest } = (before as { properties: Record<string, JsonSchema> }).properties;
    expect(changes(compatibility(before, { ...(before as object), properties: rest }))).toEqual(['$.note: field removed: a running reader would not find it']);
  });

  it('a retyped field', () => {
    expect(changes(after({ userId: z.number() }))).toEqual(['$.userId: type changed from string to number: string values would not read']);
    expect(changes(after({ score: z.string() }))).toEqual(['$.score: type changed from integer to string: integer values would not read']);
  });

  it('a narrowed type: nullable to not, number to integer', () => {
    const was = wire(z.object({ at: z.string().nullable(), ratio: z.number() }));
    expect(changes(compatibility(was, wire(z.object({ at: z.string(), ratio: z.number().int() }))))).toEqual([
      '$.at: type changed from string | null to string: null values would not read',
      '$.ratio: type changed from number to integer: number values would not read',
    ]);
  });

  it('a new required field', () => {
    expect(changes(after({ lessonId: z.string() }))).toEqual(['$.lessonId: new required field: records written before it would not read']);
  });

  it('an optional field made required, and a required one made optional', () => {
    expect(changes(after({ note: z.string() }))).toEqual(['$.note: optional field made required: records without it would not read']);
    expect(changes(after({ userId: z.string().optional() }))).toEqual(['$.userId: required field made optional: a running reader expects it in every record']);
  });

  it('a narrowed enum, deep in a list', () => {
    expect(changes(after({ level: z.enum(['A1', 'A2']) }))).toEqual(['$.level: enum narrowed: "B1" no longer allowed (records holding it would not read)']);
    expect(changes(after({ tags: z.array(z.object({ name: z.enum(['new', 'hot']) })) }))).toEqual(['$.tags[*].name: now restricted to ["new","hot"]: values it allowed before no longer read']);
  });

  it('a tightened constraint', () => {
    expect(changes(after({ score: z.number().int().min(1) }))).toEqual(['$.score: minimum raised from 0 to 1']);
    expect(changes(after({ userId: z.string().max(8) }))).toEqual(['$.userId: maxLength lowered from none to 8']);
    expect(changes(after({ userId: z.string().regex(/^u-/) }))).toEqual(['$.userId: pattern added: "^u-"']);
  });

  it('a keyword it cannot judge', () => {
    expect(changes(compatibility({ type: 'string' }, { type: 'string', not: { const: '' } }))).toEqual(['$: `not` changed, which this check cannot judge: make sure readers still read it, or raise the version']);
  });
});

describe('compatibility accepts what readers still read', () => {
  it('the same schema', () => {
    expect(compatibility(before, before)).toEqual([]);
  });

  it('a new optional field', () => {
    expect(after({ streak: z.number().optional(), nickname: z.string().nullish() })).toEqual([]);
  });

  it('a widened enum', () => {
    expect(after({ level: z.enum(['A1', 'A2', 'B1', 'B2']) })).toEqual([]);
  });

  it('loosened types and constraints', () => {
    expect(after({ score: z.number().min(-1), userId: z.string().nullable(), note: z.union([z.string(), z.number()]).optional() })).toEqual([]);
  });

  it('changed descriptions', () => {
    expect(after({ userId: z.string().describe('The learner.') })).toEqual([]);
  });

  it('a union whose members each still read their old values, in any order', () => {
    const Card = z.object({ kind: z.literal('card'), front: z.string() });
    const Quiz = z.object({ kind: z.literal('quiz'), questions: z.number() });
    expect(compatibility(wire(z.union([Card, Quiz])), wire(z.union([Quiz, Card.extend({ back: z.string().optional() })])))).toEqual([]);
    expect(changes(compatibility(wire(z.union([Card, Quiz])), wire(z.union([Quiz, Card.extend({ back: z.string() })]))))).toEqual(['$.back: new required field: records written before it would not read']);
  });
});
