import { contextToHeaders, type CallContext } from '../context/context';
import { ClosedError, InvalidOptionError } from '../errors';
import { silentLogger, type Logger } from '../log';
import type { KafkaInstrumentation } from '../instrumentation';
import { endSpan, startPublishSpan, traceparentOf } from '../tracing/messaging';
import type { Tracer } from '../tracing/spans';
import { CoalescingSender } from '../transport/coalescing-sender';
import type { BusProducer, MessageBus, RecordHeaders } from '../transport/port';
import { envelope, type EventEnvelope, type NewEvent } from './envelope';

export const EVENT_HEADERS = {
  /** Copies of envelope fields, so routers and filters need not parse the value. */
  id: 'x-event-id',
  type: 'x-event-type',
  contentType: 'content-type',
} as const;

export interface EventPublisherOptions {
  bus: MessageBus;
  /** The publishing service, written into every envelope's `source`, e.g. `lesson-service`. */
  source: string;
  /** Default: silent. */
  logger?: Logger;
  /** Metrics hooks: `eventPublished`. Default none. */
  instrumentation?: KafkaInstrumentation;
  /**
   * Sends each event that belongs to a trace in a PRODUCER span `publish <topic>`, whose traceparent the event
   * carries (see `startPublishSpan`). Default none: no span.
   */
  tracer?: Tracer;
}

export interface PublishOptions {
  /** The identity and trace the event was caused by; see `CallContext`. */
  context?: CallContext;
  /** More headers for the event's record (what its readers need besides the envelope). */
  headers?: RecordHeaders;
}

/**
 * Publishes domain events with an idempotent producer (acks=all, no duplicates from producer retries,
 * per-partition order kept). Publishes issued in the same tick share one produce request; one request is
 * in flight at a time so a later publish never overtakes an earlier one.
 */
export class EventPublisher {
  private readonly producer: BusProducer;
  private readonly sender: CoalescingSender;
  private readonly logger: Logger;
  private state: 'new' | 'running' | 'closed' = 'new';

  constructor(private readonly options: EventPublisherOptions) {
    if (!options.source) throw new InvalidOptionError('source', 'name the publishing service');
    this.producer = options.bus.producer({ idempotent: true });
    this.sender = new CoalescingSender(this.producer, { maxInFlight: 1 });
    this.logger = (options.logger ?? silentLogger).child({ component: 'event-publisher', source: options.source });
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new ClosedError('EventPublisher');
    await this.producer.connect();
    this.state = 'running';
  }

  /** Resolves with the envelope once the broker has it on all in-sync replicas. */
  async publish<TPayload>(topic: string, event: NewEvent<TPayload>, options: PublishOptions = {}): Promise<EventEnvelope<TPayload>> {
    if (this.state !== 'running') throw new ClosedError('EventPublisher');
    const e = envelope(event, this.options.source);
    const hooks = this.options.instrumentation;
    const span = this.options.tracer && startPublishSpan(this.options.tracer, topic, e, options.context);
    const context = span ? { ...options.context, traceparent: traceparentOf(span) } : options.context;
    try {
      await this.sender.send({
        topic,
        key: e.subject,
        value: JSON.stringify(e),
        headers: {
          ...options.headers,
          ...contextToHeaders(context),
          [EVENT_HEADERS.id]: e.id,
          [EVENT_HEADERS.type]: e.type,
          [EVENT_HEADERS.contentType]: 'application/json',
        },
      });
    } catch (error) {
      hooks?.eventPublished?.(topic, 'error');
      if (span) endSpan(span, error);
      throw error;
    }
    hooks?.eventPublished?.(topic, 'ok');
    if (span) endSpan(span);
    this.logger.debug('event published', { topic, id: e.id, type: e.type });
    return e;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.sender.flush();
    await this.producer.disconnect();
  }
}
