import type { EventEnvelope, Identity } from '@puchi/kafka';

/**
 * Who may share a read's answer (declared per call in the domain's contracts, `defineCall(..., { sharing })`).
 * - `public`: the answer is the same for every caller and no request writes it (the catalog, vocabulary, media):
 *   shared across callers.
 * - `caller`: the answer depends on who asks (their progress, their profile): shared only between requests of the
 *   same identity (user id and roles).
 * A call without a declaration (every write, and reads not yet declared) is never shared nor cached.
 */
export type ReadScope = 'public' | 'caller';

/**
 * Which of a call's answers an event changes: the entities named (a key's entity is its `partitionKey`, else the
 * key itself; a plain call's is its `key` option), or `'*'` for all of them (lists, counts).
 */
export type Invalidation = (event: EventEnvelope) => readonly string[] | '*';

export interface ReadSharing {
  scope: ReadScope;
  /**
   * The event topics whose events change this call's answers, and which answers each changes. With it, answers are
   * also kept in the gateway's entity cache until such an event evicts them (or the cache's TTL ends); without it,
   * only identical reads in flight at the same moment share one request.
   */
  invalidatedBy?: Readonly<Record<string, Invalidation>>;
}

/** The part of the cache and flight keys that keeps one caller's answers from another. */
export function scopeKey(scope: ReadScope, identity: Identity | undefined): string {
  if (scope === 'public') return '';
  if (!identity) return 'anonymous';
  let key = callerKeys.get(identity);
  if (key === undefined) callerKeys.set(identity, (key = `${identity.userId}|${[...identity.roles].sort().join(',')}`));
  return key;
}

/** Built once per identity object: a request asks again for every call it makes, a subscription for every event. */
const callerKeys = new WeakMap<Identity, string>();

/** Every entity an event of `topic` changes in each call that declares it; the subject alone by default. */
export const bySubject: Invalidation = (event) => [event.subject];
export const everything: Invalidation = () => '*';

/** Per event type, what it changes; other types change nothing. */
export function byType(types: Readonly<Record<string, Invalidation>>): Invalidation {
  return (event) => types[event.type]?.(event) ?? [];
}

/** The entity named by a payload field (`lessonId` of a `word.added`). */
export function payloadField(field: string): Invalidation {
  return (event) => {
    const value = (event.payload as Record<string, unknown> | null)?.[field];
    return typeof value === 'string' ? [value] : [];
  };
}
