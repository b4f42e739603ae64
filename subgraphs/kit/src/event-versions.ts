import type { EventEnvelope } from '@puchi/kafka';
import type { z } from 'zod';
import { InvalidEventError, zodProblems } from './errors';

/**
 * How to read one older version of an event type's payload. An event topic keeps its history (stores are
 * rebuilt from it), so once a type's `schemaVersion` is raised, its topic holds both versions for good.
 */
export interface PreviousVersion<T> {
  /**
   * The payload's schema at that version, exactly as it was while current: `npm run check:evolution` accepts
   * the raised version only when this schema is the one the committed docs/asyncapi.yaml holds for it.
   */
  readonly schema: z.ZodType;
  /** The old payload, as `schema` parsed it, turned into a payload of the current version. */
  upgrade(old: unknown): T;
}

/** What versions an event type's payload has: the current one, and a reader of each older one still in the topic. */
export interface EventVersioning<T = unknown> {
  /** The `schemaVersion` events of the type are published with: 1 until raised. */
  readonly version: number;
  /** By older version: its schema, and how a payload of it becomes a current one. */
  readonly previousVersions: Readonly<Record<number, PreviousVersion<T>>>;
}

/** An event type's payload schema at its current version, with the readers of its older versions. */
export interface EventSchema<T = unknown> extends EventVersioning<T> {
  readonly schema: z.ZodType<T>;
}

/** Pairs an older version's schema with its upgrade; `upgrade` is typed from the schema. */
export function previousVersion<O, T>(schema: z.ZodType<O>, upgrade: (old: O) => T): PreviousVersion<T> {
  return { schema, upgrade: (old) => upgrade(old as O) };
}

/**
 * An event type whose `schemaVersion` was raised to `version`: `schema` is the current payload, and
 * `previousVersions` reads each older version still in the topic's history (see docs/architecture.md,
 * "Evolving a message contract"). Refuses a version below 2 and previous versions that are not below it.
 */
export function versionedEvent<T>(schema: z.ZodType<T>, options: { version: number; previousVersions: Record<number, PreviousVersion<T>> }): EventSchema<T> {
  const { version, previousVersions } = options;
  if (!Number.isInteger(version) || version < 2) throw new Error(`versionedEvent: version must be an integer of at least 2 (1 needs no declaration), got ${version}`);
  const wrong = Object.keys(previousVersions).filter((v) => !/^[1-9][0-9]*$/.test(v) || Number(v) >= version);
  if (wrong.length > 0) throw new Error(`versionedEvent: previous versions must be integers from 1 to ${version - 1}, got ${wrong.join(', ')}`);
  return { schema, version, previousVersions: Object.freeze({ ...previousVersions }) };
}

function isEventSchema<T>(value: z.ZodType<T> | EventSchema<T>): value is EventSchema<T> {
  return 'schema' in value && 'version' in value && 'previousVersions' in value;
}

/** A payload schema as an event schema: at version 1 when it is a bare zod schema. */
export function toEventSchema<T>(schema: z.ZodType<T> | EventSchema<T>): EventSchema<T> {
  return isEventSchema(schema) ? schema : { schema, version: 1, previousVersions: {} };
}

/** The versioning of an event schema alone (without the current schema), as manifests list it. */
export function versioningOf<T>(declared: EventSchema<T>): EventVersioning<T> {
  return { version: declared.version, previousVersions: declared.previousVersions };
}

/** Parses a payload; the problem names the version when the type has more than one. */
function parseWith<T>(schema: z.ZodType<T>, event: Pick<EventEnvelope, 'type' | 'schemaVersion' | 'payload'>, versioned: boolean): T {
  const result = schema.safeParse(event.payload);
  if (!result.success) throw new InvalidEventError(`${event.type} ${versioned ? `(schemaVersion ${event.schemaVersion}) ` : ''}${zodProblems(result.error)}`);
  return result.data;
}

/**
 * Reads an event's payload as the current version of its type: parsed by the schema of the event's
 * `schemaVersion`, then upgraded when that is an older version. Refuses, with a non-retriable
 * `InvalidEventError`, a payload that does not match, a version newer than this reader knows (a later release
 * published it: this one cannot know its shape) and an older version it has no reader for.
 */
export function readEventPayload<T>(declared: EventSchema<T>, event: Pick<EventEnvelope, 'type' | 'schemaVersion' | 'payload'>): T {
  const version = event.schemaVersion;
  const versioned = declared.version > 1;
  if (version === declared.version) return parseWith(declared.schema, event, versioned);
  if (version > declared.version) throw new InvalidEventError(`${event.type} has schemaVersion ${version}, newer than the ${declared.version} this service reads`);
  const previous = Object.hasOwn(declared.previousVersions, version) ? declared.previousVersions[version] : undefined;
  if (!previous) throw new InvalidEventError(`${event.type} has schemaVersion ${version}, which this service no longer reads (it reads ${[declared.version, ...Object.keys(declared.previousVersions)].join(', ')})`);
  return previous.upgrade(parseWith(previous.schema, event, versioned));
}
