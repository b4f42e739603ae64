import path from 'node:path';
import {
  CONTEXT_HEADERS,
  DLT_HEADERS,
  EVENT_HEADERS,
  IS_DISPOSED_VALUE,
  RPC_ERROR_CODES,
  RPC_HEADERS,
  SYSTEM_TOPICS,
  consumerGroup,
  eventDeadLetterTopic,
  eventTopic,
  reactionGroup,
  requestTopic,
  topicSpecs,
  type DeadLetterReason,
  type EventEnvelope,
  type ResponderStats,
} from '@puchi/kafka';
import { ERROR_CODES, HEARTBEAT_TYPE, domainTopology, reactionSources, type DomainManifest, type ServiceHeartbeat } from '@puchi/subgraph-kit';
import { stringify } from 'yaml';
import { z } from 'zod';
import { DOMAIN_MANIFESTS } from './domains';

/**
 * docs/asyncapi.yaml: every topic of the system as an AsyncAPI 3 document, generated from the registry (the
 * manifests' calls and events, the topology's names, the wire format's headers). `npm run asyncapi` writes it,
 * `npm run check:generated` fails when the committed one is stale, and `npm run check:evolution` compares its
 * contracts with the previous committed version.
 */

/** A JSON Schema (draft 7, which AsyncAPI's schema format extends) or any other JSON object of the document. */
export type Json = { [key: string]: unknown };

export const ASYNCAPI_FILE = path.join('docs', 'asyncapi.yaml');
export const ASYNCAPI_PATH = path.resolve(__dirname, '../../..', ASYNCAPI_FILE);

const ASYNCAPI_VERSION = '3.1.0';
const KAFKA_BINDING_VERSION = '0.5.0';
/** The reply topic prefix of the gateway's RpcClient (its default, `replyTopicPrefix`). */
const GATEWAY_REPLY_PREFIX = 'puchi';
const GATEWAY_REPLIES = 'gateway-replies';
/** A channel whose address is the request's `kafka_replyTopic`: what a responder replies to. */
const REPLIES = 'replies';
const DEAD_LETTER = 'dead-letter';

/** A JSON pointer token: `~` and `/` escaped (RFC 6901). */
const token = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');
const ref = (...tokens: string[]) => ({ $ref: `#/${tokens.map(token).join('/')}` });
const str = (description: string, more: Json = {}): Json => ({ type: 'string', description, ...more });
const kafka = (binding: Json) => ({ kafka: { ...binding, bindingVersion: KAFKA_BINDING_VERSION } });
const group = (groupId: Json) => kafka({ groupId: { type: 'string', ...groupId } });

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

const identityHeaders: Json = {
  [CONTEXT_HEADERS.userId]: str('The caller’s user id, set by the gateway from a verified token (services trust it: only services inside the cluster produce). Absent for anonymous calls.'),
  [CONTEXT_HEADERS.roles]: str('The caller’s roles, comma-separated (`analyst`, `admin`).'),
  [CONTEXT_HEADERS.traceparent]: str('W3C Trace Context of the work this record belongs to; each hop sends a child span id.', { pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' }),
  [CONTEXT_HEADERS.tracestate]: str('W3C `tracestate`, passed through untouched (only with a valid `traceparent`).'),
};

const DEAD_LETTER_REASONS: Record<DeadLetterReason, string> = {
  undecodable: 'the value could not be decoded or did not match its contract; retrying cannot fix it',
  'handler-failed': 'the handler kept failing until retries ran out',
};

const schemas: Json = {
  'request-headers': {
    type: 'object',
    description: 'NestJS’s Kafka request headers, plus the deadline and the caller’s identity and trace.',
    properties: {
      [RPC_HEADERS.correlationId]: str('Pairs the reply with its request (a UUID).'),
      [RPC_HEADERS.replyTopic]: str('Where the responder sends the reply: the gateway’s own `puchi.replies.<instanceId>`, or `<topic>.reply` for NestJS clients.'),
      [RPC_HEADERS.replyPartition]: str('The partition of the reply topic, in decimal.', { pattern: '^[0-9]+$' }),
      [RPC_HEADERS.deadline]: str('Epoch milliseconds after which the caller no longer waits: a responder skips the request. Without it, a request older than 30 s is skipped.', { pattern: '^[0-9]+$' }),
      ...identityHeaders,
    },
    required: [RPC_HEADERS.correlationId, RPC_HEADERS.replyTopic, RPC_HEADERS.replyPartition],
  },
  'reply-headers': {
    type: 'object',
    description: 'NestJS’s Kafka reply headers.',
    properties: {
      [RPC_HEADERS.correlationId]: str('The request’s correlation id.'),
      [RPC_HEADERS.isDisposed]: str('The last reply of the request (always: one reply per request).', { const: IS_DISPOSED_VALUE }),
      [RPC_HEADERS.error]: str(
        `Only on an error reply, whose value is then empty: JSON \`{ "status": "error", "code", "message", "retriable"? }\`. Codes: ${[...Object.values(ERROR_CODES), RPC_ERROR_CODES.internal].map((c) => `\`${c}\``).join(', ')}. A NestJS responder may send \`{ "status", "message" }\` or a bare string.`,
      ),
    },
    required: [RPC_HEADERS.correlationId, RPC_HEADERS.isDisposed],
  },
  'event-headers': {
    type: 'object',
    description: 'Copies of envelope fields, so routers and filters need not parse the value, and the identity and trace of what caused the event.',
    properties: {
      [EVENT_HEADERS.id]: str('The envelope’s `id`.'),
      [EVENT_HEADERS.type]: str('The envelope’s `type`.'),
      [EVENT_HEADERS.contentType]: str('The value’s media type.', { const: 'application/json' }),
      ...identityHeaders,
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
      [DLT_HEADERS.exceptionClass]: str('The error’s class (`DecodeError`, `InvalidEventError`, or what the handler threw last).'),
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

const keys = {
  request: { type: ['string', 'null'], description: 'The partitioning key the caller chose: requests with one key are handled in order (a learner’s user id for their writes, the normalized email for a registration); none for reads, which spread over the partitions.' },
  reply: { type: 'null', description: 'None: a reply goes to the partition its request names in `kafka_replyPartition`.' },
  event: { type: 'string', description: 'The envelope’s `subject`, the id of the entity the event is about: one entity’s events stay in one partition, in order.' },
  heartbeat: { type: 'string', description: 'The instance id (`<domain>-<8 hex digits>`), also the envelope’s `subject`.' },
  deadLetter: { type: ['string', 'null'], description: 'The original record’s key, unchanged.' },
};

/** The event envelope (kafka/src/events/envelope.ts) of one event type at one version. */
function envelopeSchema(type: string, version: number, source: Json, payload: Json): Json {
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

const count = (description: string): Json => ({ type: 'integer', minimum: 0, description });
const responderStats: Record<keyof ResponderStats, Json> = {
  handled: count('Requests answered.'),
  failed: count('Requests whose handler failed (an error reply).'),
  expired: count('Requests skipped because their caller had given up.'),
  deadLettered: count('Requests sent to their `.DLT`.'),
};
const heartbeatPayload: Record<keyof ServiceHeartbeat, Json> = {
  domain: str('The domain of the service.'),
  instanceId: str('This instance (`<domain>-<8 hex digits>`).'),
  host: str('The host name.'),
  pid: { type: 'integer', description: 'The process id.' },
  startedAt: str('When the instance started, ISO 8601.', { format: 'date-time' }),
  stats: { type: 'object', description: 'Requests so far, by outcome.', properties: responderStats, required: Object.keys(responderStats) },
};

function kafkaMessage(fields: Json, key: Json): Json {
  return { contentType: 'application/json', ...fields, bindings: kafka({ key }) };
}

/** The document's parts that one domain adds. */
interface Parts {
  channels: Json;
  messages: Json;
  operations: Json;
}

function callParts(manifest: DomainManifest, parts: Parts, gatewayReplies: Json, replies: Json): void {
  const service = `${manifest.name}-service`;
  for (const call of manifest.calls) {
    const topic = requestTopic(call.topic, call.domain);
    const request = messageIds.request(call.topic);
    const reply = messageIds.reply(call.topic);
    parts.messages[request] = kafkaMessage(
      {
        name: request,
        title: `${call.topic} request`,
        headers: ref('components', 'schemas', 'request-headers'),
        correlationId: ref('components', 'correlationIds', 'kafka'),
        payload: wireSchema(call.request, 'input'),
      },
      keys.request,
    );
    parts.messages[reply] = kafkaMessage(
      {
        name: reply,
        title: `${call.topic} reply`,
        summary: 'The value on success; on an error the value is empty and `kafka_nest-err` says why.',
        headers: ref('components', 'schemas', 'reply-headers'),
        correlationId: ref('components', 'correlationIds', 'kafka'),
        payload: wireSchema(call.reply, 'output'),
      },
      keys.reply,
    );
    parts.channels[topic.name] = {
      address: topic.name,
      description: `Requests the ${manifest.name} service answers (consumer group \`${consumerGroup(manifest.name)}\`).`,
      messages: { [request]: ref('components', 'messages', request) },
    };
    parts.channels[topic.reply] = {
      address: topic.reply,
      description: `Replies for NestJS clients, which name \`${topic.reply}\` in \`kafka_replyTopic\` by convention. The gateway names its own reply topic instead.`,
      messages: { [reply]: ref('components', 'messages', reply) },
    };
    parts.channels[topic.deadLetter] = {
      address: topic.deadLetter,
      description: `Requests to \`${topic.name}\` the ${manifest.name} service could not decode.`,
      messages: { [DEAD_LETTER]: ref('components', 'messages', DEAD_LETTER) },
    };
    gatewayReplies[reply] = ref('components', 'messages', reply);
    replies[reply] = ref('components', 'messages', reply);
    parts.operations[`${service}.receive.${topic.name}`] = {
      action: 'receive',
      title: `The ${manifest.name} service answers ${topic.name}`,
      channel: ref('channels', topic.name),
      messages: [ref('channels', topic.name, 'messages', request)],
      bindings: group({ enum: [consumerGroup(manifest.name)], description: 'Every instance of the service shares it: each request is handled once.' }),
      reply: {
        address: { location: `$message.header#/${RPC_HEADERS.replyTopic}`, description: 'The topic the request names, at the partition in `kafka_replyPartition`.' },
        channel: ref('channels', REPLIES),
        messages: [ref('channels', REPLIES, 'messages', reply)],
      },
    };
    parts.operations[`gateway.send.${topic.name}`] = {
      action: 'send',
      title: `The gateway’s resolvers call ${topic.name}`,
      channel: ref('channels', topic.name),
      messages: [ref('channels', topic.name, 'messages', request)],
      reply: { channel: ref('channels', GATEWAY_REPLIES), messages: [ref('channels', GATEWAY_REPLIES, 'messages', reply)] },
    };
  }
}

function eventParts(manifest: DomainManifest, parts: Parts): string[] {
  const topic = eventTopic(manifest.name);
  const source = `${manifest.name}-service`;
  const current: string[] = [];
  const all: string[] = [];
  for (const [type, schema] of Object.entries(manifest.events)) {
    const { version, previousVersions } = manifest.eventVersions[type] ?? { version: 1, previousVersions: {} };
    const id = messageIds.event(type);
    parts.messages[id] = kafkaMessage(
      {
        name: id,
        title: `${type} (schemaVersion ${version})`,
        headers: ref('components', 'schemas', 'event-headers'),
        payload: envelopeSchema(type, version, { const: source }, wireSchema(schema, 'input')),
      },
      keys.event,
    );
    current.push(id);
    all.push(id);
    for (const [old, previous] of Object.entries(previousVersions)) {
      const oldId = messageIds.event(type, Number(old));
      parts.messages[oldId] = kafkaMessage(
        {
          name: oldId,
          title: `${type} (schemaVersion ${old}, no longer published)`,
          summary: `The topic’s history still holds it: readers parse it with this schema and upgrade it to version ${version}.`,
          headers: ref('components', 'schemas', 'event-headers'),
          payload: envelopeSchema(type, Number(old), { const: source }, wireSchema(previous.schema, 'input')),
        },
        keys.event,
      );
      all.push(oldId);
    }
  }
  parts.channels[topic] = {
    address: topic,
    description: `The ${manifest.name} domain’s events, its history: the service’s store is a projection of it. The record key is the event’s subject.`,
    messages: Object.fromEntries(all.map((id) => [id, ref('components', 'messages', id)])),
  };
  parts.channels[eventDeadLetterTopic(manifest.name)] = {
    address: eventDeadLetterTopic(manifest.name),
    description: `Events of \`${topic}\` a reader could not decode or handle (the ${manifest.name} service’s projection, or another domain’s reaction).`,
    messages: { [DEAD_LETTER]: ref('components', 'messages', DEAD_LETTER) },
  };
  const onChannel = (ids: string[]) => ids.map((id) => ref('channels', topic, 'messages', id));
  parts.operations[`${source}.send.${topic}`] = {
    action: 'send',
    title: `The ${manifest.name} service publishes its events`,
    channel: ref('channels', topic),
    messages: onChannel(current),
  };
  parts.operations[`${source}.receive.${topic}`] = {
    action: 'receive',
    title: `The ${manifest.name} service keeps its store a projection of its events`,
    channel: ref('channels', topic),
    messages: onChannel(all),
    bindings: group({ pattern: `^${escapeRegExp(topic)}\\.fanout\\.`, description: `A fan-out group of each instance’s own (\`${topic}.fanout.<suffix>\`, deleted on close): every instance reads the whole topic into its store.` }),
  };
  parts.operations[`gateway.receive.${topic}`] = {
    action: 'receive',
    title: `The gateway serves GraphQL subscriptions from ${topic}`,
    channel: ref('channels', topic),
    messages: onChannel(all),
    bindings: group({ pattern: `^gateway\\.(replay\\.)?${escapeRegExp(topic)}\\.`, description: 'A fan-out group of each gateway instance’s own: every instance sees every event.' }),
  };
  return all;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The AsyncAPI 3 document of `manifests` (default: every domain of the registry), as a plain object. */
export function asyncApiDocument(manifests: readonly DomainManifest[] = DOMAIN_MANIFESTS): Json {
  const parts: Parts = { channels: {}, messages: {}, operations: {} };
  const gatewayReplies: Json = {};
  const replies: Json = {};
  const eventMessages = new Map<string, string[]>();
  for (const manifest of manifests) {
    callParts(manifest, parts, gatewayReplies, replies);
    eventMessages.set(manifest.name, eventParts(manifest, parts));
  }
  for (const manifest of manifests) {
    for (const from of reactionSources(manifest.service)) {
      const topic = eventTopic(from);
      const ids = eventMessages.get(from);
      if (!ids) throw new Error(`domain ${manifest.name} reacts to ${topic}, which no listed domain publishes`);
      parts.operations[`${manifest.name}-service.receive.${topic}`] = {
        action: 'receive',
        title: `The ${manifest.name} service reacts to ${topic}`,
        channel: ref('channels', topic),
        messages: ids.map((id) => ref('channels', topic, 'messages', id)),
        bindings: group({ enum: [reactionGroup(manifest.name, from)], description: 'Every instance of the service shares it: each event causes one reaction.' }),
      };
    }
  }

  parts.channels[REPLIES] = {
    address: null,
    title: 'Replies, wherever the request says',
    description: 'A responder sends each reply to the topic its request names in `kafka_replyTopic`, at the partition in `kafka_replyPartition`: the gateway’s reply topic, or `<topic>.reply` for NestJS clients.',
    messages: replies,
  };
  parts.channels[GATEWAY_REPLIES] = {
    address: `${GATEWAY_REPLY_PREFIX}.replies.{instanceId}`,
    title: 'A gateway instance’s replies',
    description: 'Each gateway instance creates a one-partition reply topic for its lifetime and names it in every request; no other instance reads it, so no rebalance can move its replies. Left over by a crash, it is deleted by the next instance that starts (older than its grace period, no live group member).',
    parameters: { instanceId: { description: 'The instance: its creation time in base 36, a dash and 8 hex digits.' } },
    messages: gatewayReplies,
  };
  parts.operations['gateway.receive.replies'] = {
    action: 'receive',
    title: 'The gateway reads the replies to its requests',
    channel: ref('channels', GATEWAY_REPLIES),
    messages: Object.keys(gatewayReplies).map((id) => ref('channels', GATEWAY_REPLIES, 'messages', id)),
    bindings: group({ pattern: `^${GATEWAY_REPLY_PREFIX}\\.replies\\.[0-9a-z]+-[0-9a-f]{8}$`, description: 'Named as its reply topic: a group of the instance’s own, which commits nothing.' }),
  };

  const heartbeat = messageIds.event(HEARTBEAT_TYPE);
  parts.messages[heartbeat] = kafkaMessage(
    {
      name: heartbeat,
      title: `${HEARTBEAT_TYPE} (schemaVersion 1)`,
      headers: ref('components', 'schemas', 'event-headers'),
      payload: envelopeSchema(HEARTBEAT_TYPE, 1, { pattern: '-service$' }, { type: 'object', properties: heartbeatPayload, required: Object.keys(heartbeatPayload) }),
    },
    keys.heartbeat,
  );
  parts.channels[SYSTEM_TOPICS.heartbeats] = {
    address: SYSTEM_TOPICS.heartbeats,
    description: 'Every service instance announces itself every few seconds (`HEARTBEAT_INTERVAL_MS`, 5 s); the gateway’s `/api/services/status` reads it.',
    messages: { [heartbeat]: ref('components', 'messages', heartbeat) },
  };
  for (const manifest of manifests) {
    parts.operations[`${manifest.name}-service.send.${SYSTEM_TOPICS.heartbeats}`] = {
      action: 'send',
      title: `Each ${manifest.name} service instance announces itself`,
      channel: ref('channels', SYSTEM_TOPICS.heartbeats),
      messages: [ref('channels', SYSTEM_TOPICS.heartbeats, 'messages', heartbeat)],
    };
  }
  parts.operations[`gateway.receive.${SYSTEM_TOPICS.heartbeats}`] = {
    action: 'receive',
    title: 'The gateway’s status page follows the heartbeats',
    channel: ref('channels', SYSTEM_TOPICS.heartbeats),
    messages: [ref('channels', SYSTEM_TOPICS.heartbeats, 'messages', heartbeat)],
    bindings: group({ pattern: `^${escapeRegExp(SYSTEM_TOPICS.heartbeats)}\\.fanout\\.`, description: 'A fan-out group of each gateway instance’s own.' }),
  };

  parts.messages[DEAD_LETTER] = kafkaMessage(
    {
      name: DEAD_LETTER,
      title: 'A dead letter',
      summary: 'The original record, unchanged (key, value, headers), with headers saying where it came from and why it is here.',
      headers: ref('components', 'schemas', 'dead-letter-headers'),
      payload: { description: 'The original value, unchanged: it may not be JSON.' },
    },
    keys.deadLetter,
  );

  // Every declared topic is a channel, with its declared partitions and retention (the defaults; KAFKA_* override them).
  for (const spec of topicSpecs(manifests.map(domainTopology))) {
    const channel = parts.channels[spec.name] as Json | undefined;
    if (!channel) throw new Error(`asyncApiDocument: the topology declares ${spec.name}, which the document does not describe`);
    channel.bindings = kafka({
      partitions: spec.partitions,
      topicConfiguration: { 'cleanup.policy': [spec.configs['cleanup.policy']], 'retention.ms': Number(spec.configs['retention.ms']) },
    });
  }

  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'Puchi domain services over Kafka',
      version: '0.1.0',
      description: [
        'Every Kafka topic of the system: the request/reply calls the domain services answer (NestJS’s Kafka wire format, plus a deadline header), the domain events each service publishes and reads back into its store, their dead-letter topics and the service heartbeats.',
        'Generated by `npm run asyncapi` from the registry of domains (`@puchi/domains`); do not edit. Payloads are JSON Schemas generated from the zod contracts the code uses.',
        'A contract change that a running reader could not read fails `npm run check:evolution` (docs/architecture.md, “Evolving a message contract”).',
      ].join('\n\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', protocolVersion: '4.1.1', description: 'The broker `npm start` runs (`KAFKA_PORT`); `KAFKA_BROKERS` names another cluster.' },
    },
    channels: parts.channels,
    operations: parts.operations,
    components: {
      messages: parts.messages,
      schemas,
      correlationIds: { kafka: { location: `$message.header#/${RPC_HEADERS.correlationId}`, description: 'Pairs a reply with its request.' } },
    },
  };
}

/** docs/asyncapi.yaml as `npm run asyncapi` writes it: every map's keys sorted, no YAML anchors, no folded lines. */
export function asyncApiYaml(manifests?: readonly DomainManifest[]): string {
  const header = '# Generated by `npm run asyncapi` from the registry of domains (@puchi/domains): do not edit.\n# `npm run check:generated` fails when it is stale; `npm run check:evolution` compares its contracts with the previous version.\n';
  return header + stringify(asyncApiDocument(manifests), { sortMapEntries: true, aliasDuplicateObjects: false, lineWidth: 0 });
}
