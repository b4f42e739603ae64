import type { IncomingRecord, OutgoingRecord } from './transport/port';

/**
 * Dead-letter headers. The names are Spring Kafka's (NestJS lists them in its `KafkaHeaders` too), so
 * existing DLT tooling reads our dead letters as its own.
 */
export const DLT_HEADERS = {
  originalTopic: 'kafka_dlt-original-topic',
  originalPartition: 'kafka_dlt-original-partition',
  originalOffset: 'kafka_dlt-original-offset',
  originalTimestamp: 'kafka_dlt-original-timestamp',
  /** The error class (`DecodeError`, or what a handler threw when retries ran out). */
  exceptionClass: 'kafka_dlt-exception-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  /** Ours: a stable reason code (a `DeadLetterReason`). */
  reason: 'x-dlt-reason',
} as const;

/**
 * Why a record is in a `.DLT`: `undecodable` (no value, not JSON, or not its contract), `handler-failed` (an event
 * handler kept failing until retries ran out), `bad-reply-topic` (a request named a reply topic its responder may
 * not write to; see `isAllowedReplyTopic`).
 */
export type DeadLetterReason = 'undecodable' | 'handler-failed' | 'bad-reply-topic';

/** `<topic>.DLT`, as declared in the topology for every request and event topic. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.DLT`;
}

/** The original record, unchanged (key, value, headers), plus where it came from and why it is here. */
export function deadLetterRecord(record: IncomingRecord, reason: DeadLetterReason, error: unknown): OutgoingRecord {
  return {
    topic: deadLetterTopicOf(record.topic),
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [DLT_HEADERS.originalTopic]: record.topic,
      [DLT_HEADERS.originalPartition]: String(record.partition),
      [DLT_HEADERS.originalOffset]: record.offset,
      [DLT_HEADERS.originalTimestamp]: String(record.timestamp),
      [DLT_HEADERS.exceptionClass]: error instanceof Error ? error.name : typeof error,
      [DLT_HEADERS.exceptionMessage]: error instanceof Error ? error.message : String(error),
      [DLT_HEADERS.reason]: reason,
    },
  };
}
