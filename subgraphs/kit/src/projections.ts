import type { EventEnvelope, NewEvent } from '@puchi/kafka';
import type { z } from 'zod';
import { InvalidEventError, zodProblems } from './errors';
import { readEventPayload, toEventSchema, versioningOf, type EventSchema, type EventVersioning } from './event-versions';
import { applyOnce, type Db } from './store';

/**
 * How one event type of a domain's own topic changes its store: the payload's schema (at its current
 * `schemaVersion`, with the readers of older versions) and the write. The payload reaches `apply` parsed by
 * that schema, never cast; a payload of an older version reaches it upgraded to the current one.
 */
export interface Projection<T = unknown> extends EventSchema<T> {
  /** Writes the event to the store, inside the transaction of `applyEvent` (which records the event id). */
  apply(db: Db, payload: T, event: EventEnvelope<T>): void;
}

/** A domain's projections, by event type. A type without an entry changes nothing in the store. */
export type Projections = Readonly<Record<string, Projection>>;

/**
 * Pairs an event's payload schema with its write; `apply` is typed from the schema. A bare zod schema is
 * version 1; a type whose `schemaVersion` was raised passes `versionedEvent(schema, { version, previousVersions })`.
 */
export function projection<T>(schema: z.ZodType<T> | EventSchema<T>, apply: (db: Db, payload: NoInfer<T>, event: EventEnvelope<NoInfer<T>>) => void): Projection<T> {
  return { ...toEventSchema(schema), apply };
}

/** The projection of `type`, if the domain has one (own keys only: an event type named `constructor` has none). */
function projectionOf(projections: Projections, type: string): Projection | undefined {
  return Object.hasOwn(projections, type) ? projections[type] : undefined;
}

/**
 * Refuses, with a non-retriable `InvalidEventError`, an event whose type the domain projects and whose payload
 * does not match that projection's schema, or that does not say the type's current `schemaVersion` (a type
 * whose version was raised is emitted with `schemaVersion` set; the default is 1). Other types pass: nothing
 * here knows their shape.
 */
export function checkEvent(projections: Projections, event: Pick<NewEvent, 'type' | 'payload' | 'schemaVersion'>): void {
  const projection = projectionOf(projections, event.type);
  if (!projection) return;
  const version = event.schemaVersion ?? 1;
  if (version !== projection.version) throw new InvalidEventError(`${event.type} is published at schemaVersion ${projection.version}, not ${version}: emit it with schemaVersion ${projection.version}`);
  const result = projection.schema.safeParse(event.payload);
  if (!result.success) throw new InvalidEventError(`${event.type} ${zodProblems(result.error)}`);
}

/**
 * Applies one event to the store through its type's projection, its payload parsed by the schema of its
 * `schemaVersion` and upgraded to the current version (`readEventPayload`; `InvalidEventError` when it does
 * not match or the version has no reader). A type with no projection is skipped.
 */
export function projectEvent(projections: Projections, db: Db, event: EventEnvelope): void {
  const projection = projectionOf(projections, event.type);
  if (!projection) return;
  const payload = readEventPayload(projection, event);
  projection.apply(db, payload, { ...event, payload });
}

/**
 * `projectEvent` once per event id (the `applied_events` ledger; see `applyOnce`), in one transaction. A
 * skipped type is recorded too, so `wasApplied` answers for every event of the topic. Returns whether it ran.
 */
export function applyEvent(projections: Projections, db: Db, event: EventEnvelope): boolean {
  return applyOnce(db, event.id, () => projectEvent(projections, db, event));
}

/** The payload schema of every event type the projections apply, for the domain's manifest. */
export function projectedEventSchemas(projections: Projections): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(projections).map(([type, p]) => [type, p.schema]));
}

/** The versions of every event type the projections apply, for the domain's manifest. */
export function projectedEventVersions(projections: Projections): Record<string, EventVersioning> {
  return Object.fromEntries(Object.entries(projections).map(([type, p]) => [type, versioningOf(p)]));
}
