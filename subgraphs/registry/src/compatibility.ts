/**
 * Whether a message contract (a JSON Schema, as docs/asyncapi.yaml holds it) can change from one version to
 * the next while readers keep reading. Two readers matter: a new reader must read every record the old
 * contract allowed (an event topic's history, requests and replies in flight), and a running reader built on
 * the old contract must keep finding every field it reads. So a change is refused when it
 *   - removes a field, or makes a required one optional (a running reader would miss it);
 *   - changes or narrows a type (a value the old contract allowed no longer reads): `string` to `number`,
 *     `number` to `integer`, nullable to not;
 *   - adds a required field, or makes an optional one required (old records lack it);
 *   - narrows an enum or a constraint (`minLength` up, `maximum` down, a new `pattern` or `format`…);
 *   - changes a keyword this check does not know how to judge.
 * Loosening is accepted: a new optional field (readers ignore what they do not know), a widened enum or type,
 * a relaxed constraint. A widened enum reaches running readers as a value they do not know: deploy the readers
 * before a writer first sends it.
 */

/** A JSON Schema (draft 7): an object, or `true`/`false`. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

export interface BreakingChange {
  /** Where, as a JSONPath into the message (`$` is the whole payload; `$.values[*].level`). */
  path: string;
  /** What changed and why a reader could not read it. */
  change: string;
}

type Schema = { [keyword: string]: unknown };
type Kind = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'any' | 'none';

/** Keywords that only document: a change to them changes nothing on the wire. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'default', '$comment', 'deprecated', 'readOnly', 'writeOnly', '$schema', '$id']);
/** Keywords this check judges; a change to any other is reported as one it cannot judge. */
const JUDGED = new Set([
  'type', 'anyOf', 'oneOf', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'additionalItems', 'prefixItems',
  'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties',
]);
/** Lower bounds: raising one narrows. */
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
/** Upper bounds: lowering one narrows. */
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const child = (path: string, name: string) => (IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`);
const show = (value: unknown) => JSON.stringify(value);

/** Deep equality of JSON values, whatever the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Schema)[k], (b as Schema)[k]));
}

const asSchema = (schema: JsonSchema): Schema => (schema === true ? {} : schema === false ? { not: {} } : schema);

function kindOfValue(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : (typeof value as Kind);
}

/** One alternative of a schema: a single kind, the schema's keywords that apply to it. */
interface Variant {
  kind: Kind;
  schema: Schema;
}

/** A schema as its alternatives: `anyOf`/`oneOf` flattened, `type: [a, b]` split, an untyped `enum`/`const` typed by its values. */
function variants(input: JsonSchema): Variant[] {
  const schema = asSchema(input);
  if ('$ref' in schema) throw new Error('compatibility: $ref is not supported (docs/asyncapi.yaml inlines every schema)');
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) {
    const { anyOf: _a, oneOf: _o, ...rest } = schema;
    return union.flatMap((member) => variants({ ...rest, ...asSchema(member) }));
  }
  if ('not' in schema && Object.keys(schema).length === 1) return [{ kind: 'none', schema }];
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => ({ kind: t as Kind, schema: { ...schema, type: t } }));
  if (typeof type === 'string') return [{ kind: type as Kind, schema }];
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? (schema.enum as unknown[]) : undefined;
  if (values) {
    const kinds = [...new Set(values.map(kindOfValue))];
    return kinds.map((kind) => ({ kind, schema }));
  }
  return [{ kind: 'any', schema }];
}

/** Whether every value of kind `old` is of kind `next`. */
const covers = (next: Kind, old: Kind) => next === 'any' || next === old || (next === 'number' && old === 'integer');

function allowedValues(schema: Schema): unknown[] | undefined {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? (schema.enum as unknown[]) : undefined;
}

function compareValues(old: Schema, next: Schema, kind: Kind, path: string, out: BreakingChange[]): void {
  const was = allowedValues(old)?.filter((v) => kindOfValue(v) === kind || (kind === 'number' && kindOfValue(v) === 'integer'));
  const now = allowedValues(next);
  if (!now) return;
  if (!was) {
    out.push({ path, change: `now restricted to ${show(now)}: values it allowed before no longer read` });
    return;
  }
  const gone = was.filter((v) => !now.some((n) => sameJson(n, v)));
  if (gone.length > 0) out.push({ path, change: `enum narrowed: ${gone.map(show).join(', ')} no longer allowed (records holding ${gone.length > 1 ? 'them' : 'it'} would not read)` });
}

function compareBounds(old: Schema, next: Schema, path: string, out: BreakingChange[]): void {
  for (const keyword of LOWER_BOUNDS) {
    const was = old[keyword] as number | undefined;
    const now = next[keyword] as number | undefined;
    if (now !== undefined && (was === undefined || now > was)) out.push({ path, change: `${keyword} raised from ${was ?? 'none'} to ${now}` });
  }
  for (const keyword of UPPER_BOUNDS) {
    const was = old[keyword] as number | undefined;
    const now = next[keyword] as number | undefined;
    if (now !== undefined && (was === undefined || now < was)) out.push({ path, change: `${keyword} lowered from ${was ?? 'none'} to ${now}` });
  }
  for (const keyword of ['pattern', 'format', 'multipleOf'] as const) {
    if (next[keyword] !== undefined && !sameJson(old[keyword], next[keyword])) out.push({ path, change: `${keyword} ${old[keyword] === undefined ? 'added' : 'changed'}: ${show(next[keyword])}${old[keyword] === undefined ? '' : ` (was ${show(old[keyword])})`}` });
  }
  if (next.uniqueItems === true && old.uniqueItems !== true) out.push({ path, change: 'items must now be unique' });
}

function compareObjects(old: Schema, next: Schema, path: string, out: BreakingChange[]): void {
  const oldProperties = (old.properties ?? {}) as Record<string, JsonSchema>;
  const newProperties = (next.properties ?? {}) as Record<string, JsonSchema>;
  const oldRequired = new Set((old.required ?? []) as string[]);
  const newRequired = new Set((next.required ?? []) as string[]);
  for (const [name, schema] of Object.entries(oldProperties)) {
    const at = child(path, name);
    if (!Object.hasOwn(newProperties, name)) {
      out.push({ path: at, change: 'field removed: a running reader would not find it' });
      continue;
    }
    walk(schema, newProperties[name]!, at, out);
    if (oldRequired.has(name) && !newRequired.has(name)) out.push({ path: at, change: 'required field made optional: a running reader expects it in every record' });
  }
  for (const name of newRequired) {
    if (oldRequired.has(name)) continue;
    const at = child(path, name);
    if (Object.hasOwn(oldProperties, name)) out.push({ path: at, change: 'optional field made required: records without it would not read' });
    else out.push({ path: at, change: 'new required field: records written before it would not read' });
  }
  const oldRest = old.additionalProperties;
  const newRest = next.additionalProperties;
  if (newRest === false && oldRest !== false) out.push({ path, change: 'no longer accepts fields it does not list' });
  else if (typeof newRest === 'object' && newRest !== null) walk(typeof oldRest === 'object' && oldRest !== null ? (oldRest as Schema) : {}, newRest as Schema, `${path}.*`, out);
}

function compareArrays(old: Schema, next: Schema, path: string, out: BreakingChange[]): void {
  const tuple = (s: Schema) => (Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : Array.isArray(s.items) ? (s.items as JsonSchema[]) : undefined);
  const oldTuple = tuple(old);
  const newTuple = tuple(next);
  if (oldTuple || newTuple) {
    if (!oldTuple || !newTuple) {
      out.push({ path, change: `changed from ${oldTuple ? 'a tuple' : 'a list'} to ${newTuple ? 'a tuple' : 'a list'}` });
      return;
    }
    oldTuple.forEach((schema, i) => {
      const now = newTuple[i];
      if (now === undefined) out.push({ path: `${path}[${i}]`, change: 'tuple item removed' });
      else walk(schema, now, `${path}[${i}]`, out);
    });
    if (newTuple.length > oldTuple.length) out.push({ path, change: `tuple grew from ${oldTuple.length} to ${newTuple.length} items` });
    return;
  }
  if (next.items !== undefined) walk((old.items ?? {}) as JsonSchema, next.items as JsonSchema, `${path}[*]`, out);
}

/** Keywords of one variant that changed and that this check does not judge. */
function unjudged(old: Schema, next: Schema, path: string, out: BreakingChange[]): void {
  const keywords = new Set([...Object.keys(old), ...Object.keys(next)]);
  for (const keyword of [...keywords].sort()) {
    if (ANNOTATIONS.has(keyword) || JUDGED.has(keyword) || keyword.startsWith('x-')) continue;
    if (!sameJson(old[keyword], next[keyword])) out.push({ path, change: `\`${keyword}\` changed, which this check cannot judge: make sure readers still read it, or raise the version` });
  }
}

function compareVariant(old: Variant, next: Variant, path: string, out: BreakingChange[]): void {
  if (next.kind === 'any') return;
  if (old.kind === 'any') {
    out.push({ path, change: `narrowed from any value to ${next.kind}` });
    return;
  }
  unjudged(old.schema, next.schema, path, out);
  compareValues(old.schema, next.schema, old.kind, path, out);
  compareBounds(old.schema, next.schema, path, out);
  if (old.kind === 'object') compareObjects(old.schema, next.schema, path, out);
  if (old.kind === 'array') compareArrays(old.schema, next.schema, path, out);
}

function walk(oldSchema: JsonSchema, newSchema: JsonSchema, path: string, out: BreakingChange[]): void {
  if (sameJson(oldSchema, newSchema)) return;
  const olds = variants(oldSchema).filter((v) => v.kind !== 'none');
  const news = variants(newSchema);
  const missing: Kind[] = [];
  for (const old of olds) {
    const candidates = news.filter((n) => covers(n.kind, old.kind));
    if (candidates.length === 0) {
      missing.push(old.kind);
      continue;
    }
    // Several alternatives of one kind (a union of objects): the old one reads if any new one reads it.
    let best: BreakingChange[] | undefined;
    for (const candidate of candidates) {
      const found: BreakingChange[] = [];
      compareVariant(old, candidate, path, found);
      if (!best || found.length < best.length) best = found;
      if (found.length === 0) break;
    }
    out.push(...(best ?? []));
  }
  if (missing.length > 0) {
    const kinds = (vs: Variant[]) => [...new Set(vs.map((v) => v.kind))].join(' | ');
    out.push({ path, change: `type changed from ${kinds(olds)} to ${kinds(news)}: ${[...new Set(missing)].join(' and ')} values would not read` });
  }
}

/**
 * The changes from `oldSchema` to `newSchema` that a reader could not read (see the rules above), each with
 * the JSONPath of the value it concerns. Empty when the new contract reads everything the old one did.
 */
export function compatibility(oldSchema: JsonSchema, newSchema: JsonSchema): BreakingChange[] {
  const out: BreakingChange[] = [];
  walk(oldSchema, newSchema, '$', out);
  return out;
}
