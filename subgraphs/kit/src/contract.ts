import { route, type RequestTopic, type Route } from '@puchi/kafka';
import { z } from 'zod';
import { BadUserInputError } from './errors';
import type { ReadSharing } from './reads/sharing';

/**
 * A request/reply message contract: the topic and the zod schemas of its request and reply, declared once in
 * the domain's `contracts.ts` and imported by the resolvers (caller) and the service (responder).
 */
export interface Call<TRequest, TReply> {
  readonly topic: string;
  /** The domain whose service answers; named in SERVICE_UNAVAILABLE and SERVICE_TIMEOUT errors. */
  readonly domain: string;
  readonly route: Route<TRequest, TReply>;
  readonly request: z.ZodType<TRequest>;
  readonly reply: z.ZodType<TReply>;
  /** Reads only: who may share its answers, and which events change them (see `ReadSharing`). */
  readonly sharing?: ReadSharing;
}

/** What `defineCall` and `defineBatchCall` take besides the schemas. */
export interface CallDefinitionOptions {
  sharing?: ReadSharing;
}

/** `topic` names the domain that answers (`requestTopic(name, domain)`); the domain's manifest lists its calls, and the topology declares their topics. */
export function defineCall<TRequest, TReply>(topic: RequestTopic, request: z.ZodType<TRequest>, reply: z.ZodType<TReply>, options: CallDefinitionOptions = {}): Call<TRequest, TReply> {
  return { topic: topic.name, domain: topic.domain, route: route<TRequest, TReply>(topic.name), request, reply, ...(options.sharing ? { sharing: options.sharing } : {}) };
}

/** Most reads fetch many entities by key in one request; the reply is aligned with `keys` (null: not found). */
export type BatchRequest<K> = { keys: K[] };
export type BatchReply<V> = { values: (V | null)[] };
export type BatchCall<K, V> = Call<BatchRequest<K>, BatchReply<V>> & {
  readonly batch: true;
  /**
   * The entity a key belongs to, for keys of entities one instance owns at a time (a learner's data): the keys of
   * one batch are sent grouped by the partition of that entity, each request keyed by it, so each reaches the
   * instance that owns and has applied every write of its keys (read-your-writes; docs/architecture.md). Absent:
   * one unkeyed request per batch (data no request writes: the catalog, media).
   */
  readonly partitionKey?: (key: K) => string;
  /**
   * With `partitionKey`: an entity can be made by a write keyed by something else (an account, registered by email),
   * so a key not found is asked again behind a read barrier, which waits until the owner has every write acknowledged
   * so far. For entities whose absence is common (a lesson never started), leave it off: it costs a second request.
   */
  readonly recheckMissing?: boolean;
};

/** The biggest batch one request carries; DataLoader splits larger ones. */
export const MAX_BATCH_KEYS = 500;

export function defineBatchCall<K, V>(
  topic: RequestTopic,
  key: z.ZodType<K>,
  value: z.ZodType<V>,
  options: CallDefinitionOptions & { partitionKey?: (key: K) => string; recheckMissing?: boolean } = {},
): BatchCall<K, V> {
  const call = defineCall(topic, z.object({ keys: z.array(key).max(MAX_BATCH_KEYS) }) as z.ZodType<BatchRequest<K>>, z.object({ values: z.array(value.nullable()) }) as z.ZodType<BatchReply<V>>, options);
  return { ...call, batch: true, ...(options.partitionKey ? { partitionKey: options.partitionKey } : {}), ...(options.recheckMissing ? { recheckMissing: true } : {}) };
}

/** Validates a request against its contract; the first problem becomes a BAD_USER_INPUT naming the field. */
export function parseRequest<TRequest>(call: Call<TRequest, unknown>, payload: unknown): TRequest {
  const result = call.request.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'input';
  throw new BadUserInputError(field, issue?.message ?? 'is invalid');
}
