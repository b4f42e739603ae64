import { SYSTEM_TOPICS, consumerGroup, eventDeadLetterTopic, eventTopic, reactionGroup, requestTopic, topicSpecs, RPC_HEADERS } from '@puchi/kafka';
import { HEARTBEAT_TYPE, domainTopology, reactionSources, type DomainManifest } from '@puchi/subgraph-kit';
import { stringify } from 'yaml';
import { type Json, ASYNCAPI_VERSION, GATEWAY_REPLY_PREFIX, GATEWAY_REPLIES, REPLIES, DEAD_LETTER, ref, kafka, group, messageIds, wireSchema, schemas, keys, envelopeSchema, heartbeatPayload, kafkaMessage } from './asyncapi-wire';
import { DOMAIN_MANIFESTS } from './domains';

export { ASYNCAPI_FILE, ASYNCAPI_PATH, messageIds, wireSchema, type Json } from './asyncapi-wire';

/**
 * docs/asyncapi.yaml: every topic of the system as an AsyncAPI 3 document, generated from the registry (the
 * manifests' calls and events, the topology's names, the wire format's headers). `npm run asyncapi` writes it,
 * `npm run check:generated` fails when the committed one is stale, and `npm run check:evolution` compares its
 * contracts with the previous committed version.
 */

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
      description: `Requests to \`${topic.name}\` the ${manifest.name} service could not decode, or that named a reply topic it may not write to.`,
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
    description:
      'A responder sends each reply to the topic its request names in `kafka_replyTopic`, at the partition in `kafka_replyPartition`: the gateway’s reply topic, or `<topic>.reply` for NestJS clients. It writes to no other topic: a request naming one is not handled and goes to `<topic>.DLT` as `bad-reply-topic`.',
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
      payload: envelopeSchema(HEARTBEAT_TYPE, 1, { pattern: '-service$' }, { type: 'object', properties: heartbeatPayload, required: Object.keys(heartbeatPayload).filter((k) => k !== 'state') }),
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
