import type { EventEnvelope, NewEvent } from '@puchi/kafka';
import type { z } from 'zod';
import { InvalidEventError, zodProblems } from './errors';
import { applyOnce, type Db } from './store';

/**
 * How one event type of a domain's own topic changes its store: the payload's schema and the write. The
 * payload reaches `apply` parsed by that schema, never cast.
 */
export interface Projection<T = unknown> {
  readonly schema: z.ZodType<T>;
  /** Writes the event to the store, inside the transaction of `applyEvent` (which records the event id). */
  apply(db: Db, payload: T, event: EventEnvelope<T>): void;
}

/** A domain's projections, by event type. A type without an entry changes nothing in the store. */
export type Projections = Readonly<Record<string, Projection>>;

/** Pairs an event's payload schema with its write; `apply` is typed from the schema. */
export function projection<T>(schema: z.ZodType<T>, apply: (db: Db, payload: NoInfer<T>, event: EventEnvelope<NoInfer<T>>) => void): Projection<T> {
  return { schema, apply };
}

/** The projection of `type`, if the domain has one (own keys only: an event type named `constructor` has none). */
function projectionOf(projections: Projections, type: string): Projection | undefined {
  return Object.hasOwn(projections, type) ? projections[type] : undefined;
}

function parsePayload(projection: Projection, event: Pick<NewEvent, 'type' | 'payload'>): unknown {
  const result = projection.schema.safeParse(event.payload);
  if (!result.success) throw new InvalidEventError(`${event.type} ${zodProblems(result.error)}`);
  return result.data;
}

/**
 * Refuses, with a non-retriable `InvalidEventError`, an event whose type the domain projects and whose payload
 * does not match that projection's schema. Other types pass: nothing here knows their shape.
 */
export function checkEvent(projections: Projections, event: Pick<NewEvent, 'type' | 'payload'>): void {
  const projection = projectionOf(projections, event.type);
  if (projection) parsePayload(projection, event);
}

/**
 * Applies one event to the store through its type's projection, its payload parsed by the projection's
 * schema (`InvalidEventError` when it does not match). A type with no projection is skipped.
 */
export function projectEvent(projections: Projections, db: Db, event: EventEnvelope): void {
  const projection = projectionOf(projections, event.type);
  if (!projection) return;
  const payload = parsePayload(projection, event);
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
