import path from 'node:path';
import { CONTEXT_HEADERS, DEFAULT_REPLY_TOPIC_PREFIX, DLT_HEADERS, EVENT_HEADERS, IS_DISPOSED_VALUE, RPC_ERROR_CODES, RPC_HEADERS, type DeadLetterReason, type EventEnvelope, type ResponderStats } from '@puchi/kafka';
import { ERROR_CODES, type ServiceHeartbeat } from '@puchi/subgraph-kit';

import { z } from 'zod';

/** The wire format of docs/asyncapi.yaml: schemas of headers, keys and envelopes, and small builders (asyncapi.ts assembles the document). */

/** A JSON Schema (draft 7, which AsyncAPI's schema format extends) or any other JSON object of the document. */
export type Json = { [key: string]: unknown };

export const ASYNCAPI_FILE = path.join('docs', 'asyncapi.yaml');
export const ASYNCAPI_PATH = path.resolve(__dirname, '../../..', ASYNCAPI_FILE);

export const ASYNCAPI_VERSION = '3.1.0';
export const KAFKA_BINDING_VERSION = '0.5.0';
/** The reply topic prefix of the gateway's RpcClient (its default, `replyTopicPrefix`). */
export const GATEWAY_REPLY_PREFIX = DEFAULT_REPLY_TOPIC_PREFIX;
export const GATEWAY_REPLIES = 'gateway-replies';
/** A channel whose address is the request's `kafka_replyTopic`: what a responder replies to. */
export const REPLIES = 'replies';
export const DEAD_LETTER = 'dead-letter';

/** A JSON pointer token: `~` and `/` escaped (RFC 6901). */
export const token = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');
export const ref = (...tokens: string[]) => ({ $ref: `#/${tokens.map(token).join('/')}` });
export const str = (description: string, more: Json = {}): Json => ({ type: 'string', description, ...more });
export const kafka = (binding: Json) => ({ kafka: { ...binding, bindingVersion: KAFKA_BINDING_VERSION } });
export const group = (groupId: Json) => kafka({ groupId: { type: 'string', ...groupId } });

/** Message ids in components and channels. */
export const messageIds = {
  request: (topic: string) => `${topic}.request`,
  reply: (topic: string) => `${topic}.reply`,
  /** The current version of an event type is its type; an older one adds `.v<version>`. */
  event: (type: string, version?: number) => (version === undefined ? type : `${type}.v${version}`),
};

/**
 * A zod contract as the JSON Schema of what travels. Requests and events are parsed by their reader and sent
 * as their writer built them: the wire holds the schema's input (a pipe's or transform's input side, defaults
 * optional). A reply is what the handler returns, never parsed: the schema's output. zod marks output objects
 * closed (parsing strips unknown keys); nothing parses a reply and callers ignore fields they do not know, so
 * reply objects are left open. Refinements are code, not schema: they do not show.
 */
export function wireSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, {
    io,
    target: 'draft-7',
    override: ({ jsonSchema }) => {
      if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  }) as Json;
  delete json.$schema;
  // Every schema is inlined in its message, where a $ref would resolve against the whole document.
  if (JSON.stringify(json).includes('"$ref"')) throw new Error('wireSchema: a recursive contract needs its own entry in components.schemas; not supported yet');
  return json;
}

export const traceHeaders: Json = {
  [CONTEXT_HEADERS.traceparent]: str('W3C Trace Context of the work this record belongs to; each hop sends a child span id.', { pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' }),
  [CONTEXT_HEADERS.tracestate]: str('W3C `tracestate`, passed through untouched (only with a valid `traceparent`).'),
};

export const requestContextHeaders: Json = {
  [CONTEXT_HEADERS.identity]: str(
    'The caller, as a gateway vouches for it: a compact JWS (`alg` HS256, `kid` the key) signed with the domain’s key, which derives from the gateways’ secret; claims `iss` `puchi-gateway`, `aud` the domain, `exp` the request’s deadline, `sub` and `roles` (a JSON array) for a signed-in caller, `trace` the trace id. A service verifies it with its own domain’s keys (`IDENTITY_VERIFY_KEYS`); without it, or when it does not verify, the request is anonymous. Requests only: events carry no identity. Plain `x-user-*` headers are ignored.',
    { pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' },
  ),
  ...traceHeaders,
};

export const DEAD_LETTER_REASONS: Record<DeadLetterReason, string> = {
  undecodable: 'the value could not be decoded or did not match its contract; retrying cannot fix it',
  'handler-failed': 'the handler kept failing until retries ran out',
  'bad-reply-topic': `the request named a reply topic its service may not write to (neither \`<topic>.reply\` nor a gateway’s \`${GATEWAY_REPLY_PREFIX}.replies.<instanceId>\`); it was not handled`,
};

export const schemas: Json = {
  'request-headers': {
    type: 'object',
    description: 'NestJS’s Kafka request headers, plus the deadline and the caller’s identity and trace.',
    properties: {
      [RPC_HEADERS.correlationId]: str('Pairs the reply with its request (a UUID).'),
      [RPC_HEADERS.replyTopic]: str(
        `Where the responder sends the reply: the gateway’s own \`${GATEWAY_REPLY_PREFIX}.replies.<instanceId>\`, or \`<topic>.reply\` for NestJS clients. A request naming any other topic is not handled: it goes to \`<topic>.DLT\` as \`bad-reply-topic\`.`,
      ),
      [RPC_HEADERS.replyPartition]: str('The partition of the reply topic, in decimal.', { pattern: '^[0-9]+$' }),
      [RPC_HEADERS.deadline]: str('Epoch milliseconds after which the caller no longer waits: a responder skips the request. Without it, a request older than 30 s is skipped.', { pattern: '^[0-9]+$' }),
      ...requestContextHeaders,
    },
    required: [RPC_HEADERS.correlationId, RPC_HEADERS.replyTopic, RPC_HEADERS.replyPartition],
  },
  'reply-headers': {
    type: 'object',
    description: 'NestJS’s Kafka reply headers, plus the trace of the handler that answered.',
    properties: {
      [RPC_HEADERS.correlationId]: str('The request’s correlation id.'),
      [RPC_HEADERS.isDisposed]: str('The last reply of the request (always: one reply per request).', { const: IS_DISPOSED_VALUE }),
      [RPC_HEADERS.error]: str(
        `Only on an error reply, whose value is then empty: JSON \`{ "status": "error", "code", "message", "retriable"? }\`. Codes: ${[...Object.values(ERROR_CODES), RPC_ERROR_CODES.internal].map((c) => `\`${c}\``).join(', ')}. A NestJS responder may send \`{ "status", "message" }\` or a bare string.`,
      ),
      ...traceHeaders,
    },
    required: [RPC_HEADERS.correlationId, RPC_HEADERS.isDisposed],
  },
  'event-headers': {
    type: 'object',
    description: 'Copies of envelope fields, so routers and filters need not parse the value, and the trace of what caused the event.',
    properties: {
      [EVENT_HEADERS.id]: str('The envelope’s `id`.'),
      [EVENT_HEADERS.type]: str('The envelope’s `type`.'),
      [EVENT_HEADERS.contentType]: str('The value’s media type.', { const: 'application/json' }),
      ...traceHeaders,
    },
    required: [EVENT_HEADERS.id, EVENT_HEADERS.type, EVENT_HEADERS.contentType],
  },
  'dead-letter-headers': {
    type: 'object',
    description: 'The original record’s headers, unchanged, plus where it came from and why it is here (Spring Kafka’s names, which NestJS lists too).',
    properties: {
      [DLT_HEADERS.originalTopic]: str('The topic the record was read from.'),
      [DLT_HEADERS.originalPartition]: str('Its partition, in decimal.', { pattern: '^[0-9]+$' }),
      [DLT_HEADERS.originalOffset]: str('Its offset, in decimal.', { pattern: '^[0-9]+$' }),
      [DLT_HEADERS.originalTimestamp]: str('Its timestamp, epoch milliseconds in decimal.', { pattern: '^[0-9]+$' }),
      [DLT_HEADERS.exceptionClass]: str('The error’s class (`DecodeError`, `InvalidEventError`, `ReplyTopicNotAllowedError`, or what the handler threw last).'),
      [DLT_HEADERS.exceptionMessage]: str('The error’s message.'),
      [DLT_HEADERS.reason]: str(
        `Why: ${Object.entries(DEAD_LETTER_REASONS)
          .map(([reason, why]) => `\`${reason}\`: ${why}`)
          .join('; ')}.`,
        { enum: Object.keys(DEAD_LETTER_REASONS) },
      ),
    },
    required: Object.values(DLT_HEADERS),
    additionalProperties: { type: 'string' },
  },
};

export const keys = {
  request: { type: ['string', 'null'], description: 'The partitioning key the caller chose: requests with one key are handled in order (a learner’s user id for their writes, the normalized email for a registration); none for reads, which spread over the partitions.' },
  reply: { type: 'null', description: 'None: a reply goes to the partition its request names in `kafka_replyPartition`.' },
  event: { type: 'string', description: 'The envelope’s `subject`, the id of the entity the event is about: one entity’s events stay in one partition, in order.' },
  heartbeat: { type: 'string', description: 'The instance id (`<domain>-<8 hex digits>`), also the envelope’s `subject`.' },
  deadLetter: { type: ['string', 'null'], description: 'The original record’s key, unchanged.' },
};

/** The event envelope (kafka/src/events/envelope.ts) of one event type at one version. */
export function envelopeSchema(type: string, version: number, source: Json, payload: Json): Json {
  const properties: Record<keyof EventEnvelope, Json> = {
    id: str('Unique per event, the same on every redelivery: consumers dedupe on it.'),
    type: { type: 'string', const: type },
    occurredAt: str('When it happened (not when it was published), ISO 8601.', { format: 'date-time' }),
    source: { type: 'string', ...source },
    subject: str('The id of the entity it is about; also the record key.'),
    schemaVersion: { type: 'integer', const: version, description: 'The version of `payload`’s schema for this `type`.' },
    payload,
  };
  return { type: 'object', properties, required: Object.keys(properties) };
}

export const count = (description: string): Json => ({ type: 'integer', minimum: 0, description });
export const responderStats: Record<keyof ResponderStats, Json> = {
  handled: count('Requests answered.'),
  failed: count('Requests whose handler failed (an error reply).'),
  expired: count('Requests skipped because their caller had given up.'),
  deadLettered: count('Requests sent to their `.DLT`.'),
  identityRefused: count('Requests whose identity token did not verify (they ran as anonymous).'),
  repliesDropped: count('Replies that could not be produced (the caller’s reply topic gone, the broker refusing) and were dropped.'),
  duplicates: count('Requests delivered to the instance again (same correlation id) and not handled twice.'),
};
export const heartbeatPayload: Record<keyof ServiceHeartbeat, Json> = {
  domain: str('The domain of the service.'),
  instanceId: str('This instance (`<domain>-<8 hex digits>`).'),
  host: str('The host name.'),
  pid: { type: 'integer', description: 'The process id.' },
  startedAt: str('When the instance started, ISO 8601.', { format: 'date-time' }),
  state: str('`restoring` while its store catches up with its event topic (at start, or for partitions it was just given: it answers none of their requests yet), then `ready`; `halted` for good when its store stopped at an event it cannot apply (`halt`). Absent from heartbeats sent before it existed, which were sent only once ready.', {
    enum: ['restoring', 'ready', 'halted'],
  }),
  halt: {
    type: 'object',
    description: 'With `state: halted`: the event the store stopped at, and why.',
    properties: {
      topic: str('The event topic.'),
      partition: { type: 'integer' },
      offset: str('The event’s offset (decimal).'),
      eventId: str('The event’s id, when its envelope could be read.'),
      type: str('The event’s type, when its envelope could be read.'),
      error: str('What applying it failed with.'),
    },
    required: ['topic', 'partition', 'offset', 'error'],
  },
  // `identityRefused`, `repliesDropped` and `duplicates` came later: heartbeats written before them lack them, so they are not required.
  stats: { type: 'object', description: 'Requests so far, by outcome.', properties: responderStats, required: Object.keys(responderStats).filter((k) => !['identityRefused', 'repliesDropped', 'duplicates'].includes(k)) },
};

export function kafkaMessage(fields: Json, key: Json): Json {
  return { contentType: 'application/json', ...fields, bindings: kafka({ key }) };
}
