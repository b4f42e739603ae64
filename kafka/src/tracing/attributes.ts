import type { Attributes } from '@opentelemetry/api';

/**
 * The OpenTelemetry messaging semantic conventions (v1.27+) this package writes on its spans, in one place:
 * https://opentelemetry.io/docs/specs/semconv/messaging/kafka/
 */
export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  key: 'messaging.kafka.message.key',
  offset: 'messaging.kafka.offset',
  consumerGroup: 'messaging.consumer.group.name',
} as const;

/**
 * What one span says about the message it produced or handled. `operation` is the convention's operation type
 * (`send` for a request or an event going out, `process` for one being handled); `name` its operation name,
 * which also starts the span's name (`send lesson.get`, `publish progress-events`, `process lesson.get`).
 */
export interface MessageFacts {
  topic: string;
  operation: 'send' | 'process';
  name: 'send' | 'publish' | 'process';
  /** The record key; absent or null when the record has none. */
  key?: string | null;
  /** A request's correlation id, or an event's id. */
  messageId?: string;
  partition?: number;
  offset?: string;
  consumerGroup?: string;
}

/** The span name the conventions ask for: `{operation name} {destination}`. */
export function messagingSpanName(facts: Pick<MessageFacts, 'name' | 'topic'>): string {
  return `${facts.name} ${facts.topic}`;
}

/** The `messaging.*` attributes of a span, leaving out what the message does not have. */
export function messagingAttributes(facts: MessageFacts): Attributes {
  const attributes: Attributes = {
    [MESSAGING_ATTRIBUTES.system]: 'kafka',
    [MESSAGING_ATTRIBUTES.destination]: facts.topic,
    [MESSAGING_ATTRIBUTES.operationType]: facts.operation,
    [MESSAGING_ATTRIBUTES.operationName]: facts.name,
  };
  if (facts.key != null) attributes[MESSAGING_ATTRIBUTES.key] = facts.key;
  if (facts.messageId !== undefined) attributes[MESSAGING_ATTRIBUTES.messageId] = facts.messageId;
  if (facts.partition !== undefined) attributes[MESSAGING_ATTRIBUTES.partition] = String(facts.partition);
  if (facts.offset !== undefined) attributes[MESSAGING_ATTRIBUTES.offset] = Number(facts.offset);
  if (facts.consumerGroup !== undefined) attributes[MESSAGING_ATTRIBUTES.consumerGroup] = facts.consumerGroup;
  return attributes;
}
