import { randomUUID } from 'node:crypto';

/**
 * Every domain event travels in this envelope (JSON value; the record key is `subject`, so one entity's
 * events stay in one partition, in order). Consumers dedupe on `id` (delivery is at least once) and
 * branch on `schemaVersion` when a payload's shape changes.
 */
export interface EventEnvelope<TPayload = unknown> {
  /** Unique per event (UUID); the same on every redelivery. */
  id: string;
  /** What happened, `<entity>.<past-tense verb>`, e.g. `lesson.published`. */
  type: string;
  /** ISO 8601, when it happened (not when it was published). */
  occurredAt: string;
  /** The publishing service, e.g. `lesson-service`. */
  source: string;
  /** The entity's key, e.g. the lesson id; also the record key. */
  subject: string;
  /** Version of `payload`'s schema for this `type`, from 1. */
  schemaVersion: number;
  payload: TPayload;
}

/** What a publisher provides; the rest is filled in. */
export interface NewEvent<TPayload = unknown> {
  type: string;
  subject: string;
  payload: TPayload;
  /** Default 1. */
  schemaVersion?: number;
  /** Default: a new UUID. Give one to make a retried publish recognisable as the same event downstream. */
  id?: string;
  /** Default: now. */
  occurredAt?: Date | string;
}

export function envelope<TPayload>(event: NewEvent<TPayload>, source: string, now: Date = new Date()): EventEnvelope<TPayload> {
  const occurredAt = event.occurredAt ?? now;
  return {
    id: event.id ?? randomUUID(),
    type: event.type,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    source,
    subject: event.subject,
    schemaVersion: event.schemaVersion ?? 1,
    payload: event.payload,
  };
}

/** Parses and validates an envelope; throws `Error` naming the first problem (the caller dead-letters it). */
export function parseEnvelope(text: string): EventEnvelope {
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('the value is not a JSON object');
  const e = value as Record<string, unknown>;
  for (const field of ['id', 'type', 'occurredAt', 'source', 'subject'] as const) {
    if (typeof e[field] !== 'string' || e[field] === '') throw new Error(`envelope field "${field}" must be a non-empty string`);
  }
  if (!Number.isInteger(e.schemaVersion) || (e.schemaVersion as number) < 1) throw new Error('envelope field "schemaVersion" must be a positive integer');
  if (!('payload' in e)) throw new Error('envelope field "payload" is missing');
  if (Number.isNaN(Date.parse(e.occurredAt as string))) throw new Error('envelope field "occurredAt" is not a date');
  return e as unknown as EventEnvelope;
}
