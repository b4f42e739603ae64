import type { EventOutcome, HandlerOutcome, KafkaInstrumentation, RequestOutcome } from '@puchi/kafka';
import { LATENCY_BUCKETS } from './families';
import { hotCounter, hotGauge, hotHistogram } from './hot-path-metrics';

/** The Kafka families, by name (docs/operations.md). */
export const KAFKA_METRICS = {
  requestDuration: 'puchi_kafka_request_duration_seconds',
  requestsInFlight: 'puchi_kafka_requests_in_flight',
  handlerDuration: 'puchi_kafka_handler_duration_seconds',
  requestsExpired: 'puchi_kafka_requests_expired_total',
  eventsPublished: 'puchi_kafka_events_published_total',
  eventsConsumed: 'puchi_kafka_events_consumed_total',
  eventHandlerDuration: 'puchi_kafka_event_handler_duration_seconds',
  deadLetters: 'puchi_kafka_dead_letters_total',
} as const;

let instance: KafkaInstrumentation | undefined;

/**
 * The process's `KafkaInstrumentation` on prom-client's global registry: request round trips (`RpcClient`),
 * request handlers (`Responder`), events published and consumed, dead letters. One per process, shared by every
 * client, responder and subscription in it, each series labelled by topic.
 */
export function kafkaMetrics(): KafkaInstrumentation {
  return (instance ??= createKafkaMetrics());
}

function createKafkaMetrics(): KafkaInstrumentation {
  const requestDuration = hotHistogram(
    KAFKA_METRICS.requestDuration,
    'Kafka request/reply round trips sent by this process, by request topic and outcome (ok, remote-error, timeout, no-responder, closed, error), seconds.',
    ['topic', 'outcome'],
    LATENCY_BUCKETS,
  );
  const inFlight = hotGauge(KAFKA_METRICS.requestsInFlight, 'Kafka requests sent by this process still waiting for their reply, by request topic.', ['topic']);
  const handlerDuration = hotHistogram(KAFKA_METRICS.handlerDuration, 'Time the request handlers of this service took, by request topic and outcome (ok, or error: an error reply), seconds.', ['topic', 'outcome'], LATENCY_BUCKETS);
  const expired = hotCounter(KAFKA_METRICS.requestsExpired, 'Requests dropped unhandled because their caller had given up (deadline passed), by request topic.', ['topic']);
  const published = hotCounter(KAFKA_METRICS.eventsPublished, 'Events this process published, by topic and outcome (ok: acknowledged by all in-sync replicas; error).', ['topic', 'outcome']);
  const consumed = hotCounter(KAFKA_METRICS.eventsConsumed, 'Events this process consumed, by topic and outcome (ok, or dead-lettered).', ['topic', 'outcome']);
  const eventDuration = hotHistogram(KAFKA_METRICS.eventHandlerDuration, 'Time an event handler took, retries included, by topic and outcome, seconds.', ['topic', 'outcome'], LATENCY_BUCKETS);
  const deadLetters = hotCounter(KAFKA_METRICS.deadLetters, 'Records this process wrote to a dead-letter topic, by original topic and reason (undecodable, handler-failed, bad-reply-topic).', ['topic', 'reason']);

  return {
    requestStarted: (topic) => inFlight.child(topic).inc(),
    requestFinished: (topic, outcome: RequestOutcome, seconds) => {
      inFlight.child(topic).dec();
      requestDuration.child(topic, outcome).observe(seconds);
    },
    requestHandled: (topic, outcome: HandlerOutcome, seconds) => handlerDuration.child(topic, outcome).observe(seconds),
    requestExpired: (topic) => expired.child(topic).inc(),
    eventPublished: (topic, outcome) => published.child(topic, outcome).inc(),
    eventConsumed: (topic, outcome: EventOutcome, seconds) => {
      consumed.child(topic, outcome).inc();
      eventDuration.child(topic, outcome).observe(seconds);
    },
    deadLettered: (topic, reason) => deadLetters.child(topic, reason).inc(),
  };
}
