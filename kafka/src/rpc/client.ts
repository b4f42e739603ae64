import { randomUUID } from 'node:crypto';
import { contextToHeaders, type CallContext } from '../context/context';
import { ClosedError, NoResponderError, RemoteError, RequestTimeoutError, UnknownTopicError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { CoalescingSender, type CoalescingSenderOptions } from '../transport/coalescing-sender';
import type { BusAdmin, BusConsumer, BusProducer, IncomingBatch, IncomingRecord, MessageBus, RecordHeaders } from '../transport/port';
import { PendingRequests } from './pending';
import { decodeReplyValue, IS_DISPOSED_VALUE, parseErrorReply, RPC_HEADERS } from './protocol';
import { DEFAULT_REPLY_TOPIC_PREFIX, newInstanceId, replyTopicName, sweepStaleReplyTopics } from './reply-topic';
import { ResponderProbe } from './responder-probe';
import type { Route } from './route';

export interface RpcClientOptions {
  bus: MessageBus;
  /**
   * Reply topics are `<prefix>.replies.<instanceId>`. Default `puchi`. Responders only reply to the prefixes
   * they allow (`ResponderOptions.replyTopicPrefixes`, default `puchi` too): give them this one.
   */
  replyTopicPrefix?: string;
  /** Default: creation time and random bytes (see `newInstanceId`); give one only in tests. */
  instanceId?: string;
  /** Timeout of a request given neither `timeoutMs` nor `deadline`. Default 5000 ms. */
  defaultTimeoutMs?: number;
  /** `retention.ms` of the reply topic: replies are worthless after their deadline. Default 600000 (10 min). */
  replyRetentionMs?: number;
  /** At start, delete other instances' reply topics older than this with no live consumer. Default 300000; 0 disables the sweep. */
  staleReplyTopicGraceMs?: number;
  /**
   * How long a "nobody subscribes to this topic" probe is trusted (fail fast meanwhile). Default 2000 ms.
   * 0 disables membership probes (only a missing topic is then reported as `NoResponderError`).
   */
  responderProbeTtlMs?: number;
  /** Fetch wait of the reply consumer. Default 500 ms (see `ConsumerSettings.maxWaitTimeMs`: a reply is still read as soon as it lands). */
  maxWaitTimeMs?: number;
  /** Batching of outgoing requests. Default: see `CoalescingSenderOptions`. */
  sender?: CoalescingSenderOptions;
  /** Default: silent. */
  logger?: Logger;
}

export interface RequestOptions {
  /** Partitioning key: requests with the same key reach the same partition and are handled in order. Default none (spread). */
  key?: string;
  /** Give up after this many ms. Default: the client's `defaultTimeoutMs`. Ignored when `deadline` is set. */
  timeoutMs?: number;
  /** Absolute deadline, epoch ms (for example the GraphQL request's own). Travels in `x-deadline`. */
  deadline?: number;
  /** Extra headers, sent as they are. */
  headers?: RecordHeaders;
  /** The caller's identity and trace; see `CallContext`. */
  context?: CallContext;
}

interface Reply {
  record: IncomingRecord;
}

/**
 * Sends requests and waits for their replies over Kafka, speaking NestJS's wire format. One instance per
 * process: it owns a reply topic for its lifetime (see `reply-topic.ts`). `start()` before the first
 * `request`, `close()` at shutdown (it deletes the reply topic).
 */
export class RpcClient {
  readonly instanceId: string;
  readonly replyTopic: string;
  /** Replies that matched no waiting request (late, or duplicated by a responder's rebalance). */
  unmatchedReplies = 0;

  private readonly pending = new PendingRequests<Reply>();
  private readonly logger: Logger;
  private readonly defaultTimeoutMs: number;
  private state: 'new' | 'starting' | 'running' | 'closed' = 'new';
  private admin?: BusAdmin;
  private probe?: ResponderProbe;
  private consumer?: BusConsumer;
  private producer?: BusProducer;
  private sender?: CoalescingSender;

  constructor(private readonly options: RpcClientOptions) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.replyTopic = replyTopicName(options.replyTopicPrefix ?? DEFAULT_REPLY_TOPIC_PREFIX, this.instanceId);
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
    this.logger = (options.logger ?? silentLogger).child({ component: 'rpc-client', replyTopic: this.replyTopic });
  }

  /** Creates the reply topic and resolves once its consumer is assigned, so no early reply can be skipped. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new ClosedError('RpcClient');
    this.state = 'starting';
    const { bus } = this.options;
    const prefix = this.options.replyTopicPrefix ?? DEFAULT_REPLY_TOPIC_PREFIX;
    this.admin = await bus.admin();
    this.probe = new ResponderProbe(this.admin, this.options.responderProbeTtlMs ?? 2000, this.logger);
    const graceMs = this.options.staleReplyTopicGraceMs ?? 300_000;
    if (graceMs > 0) {
      await sweepStaleReplyTopics(this.admin, prefix, graceMs, this.logger).catch((error: unknown) =>
        this.logger.warn('stale reply topic sweep failed', { error }),
      );
    }
    await this.admin.createTopic(this.replyTopic, 1, {
      'cleanup.policy': 'delete',
      'retention.ms': String(this.options.replyRetentionMs ?? 600_000),
    });

    this.producer = bus.producer({ acks: -1 });
    this.sender = new CoalescingSender(this.producer, this.options.sender);
    // No commits: the group is this instance's alone and, were it to rejoin, re-reading old replies is harmless
    // (they match nothing). Committing would cost a coordinator round trip per fetched batch.
    this.consumer = bus.consumer({ groupId: this.replyTopic, commit: false, maxWaitTimeMs: this.options.maxWaitTimeMs ?? 500 });
    await Promise.all([this.producer.connect(), this.consumer.connect()]);
    // From the beginning of a topic created just now: a reply written before the first fetch is still read.
    await this.consumer.subscribe([this.replyTopic], true);
    await this.consumer.run({ onBatch: (batch) => this.onReplies(batch) });
    this.state = 'running';
    this.logger.info('rpc client started');
  }

  /** Sends `payload` to `topic` and resolves with the reply. Rejects with a `PuchiKafkaError` subclass. */
  request<TRequest, TReply>(topic: Route<TRequest, TReply>, payload: TRequest, options?: RequestOptions): Promise<TReply>;
  request<TReply = unknown>(topic: string, payload: unknown, options?: RequestOptions): Promise<TReply>;
  async request(topicOrRoute: string | Route<unknown, unknown>, payload: unknown, options: RequestOptions = {}): Promise<unknown> {
    const topic = typeof topicOrRoute === 'string' ? topicOrRoute : topicOrRoute.name;
    const correlationId = randomUUID();
    if (this.state !== 'running' || !this.sender || !this.probe) throw new ClosedError('RpcClient', correlationId);
    const deadline = options.deadline ?? Date.now() + (options.timeoutMs ?? this.defaultTimeoutMs);
    const timeoutMs = deadline - Date.now();
    if (timeoutMs <= 0) throw new RequestTimeoutError(topic, correlationId, 0);

    const probe = this.probe;
    if (!(await probe.topicExists(topic))) throw new NoResponderError(topic, 'topic-missing', correlationId);
    const probing = (this.options.responderProbeTtlMs ?? 2000) > 0;
    if (probing && probe.knownAbsent(topic)) throw new NoResponderError(topic, 'no-group-member', correlationId);

    const reply = this.pending.wait(correlationId, deadline - Date.now(), () =>
      probing && probe.lastSaidAbsent(topic)
        ? new NoResponderError(topic, 'no-group-member', correlationId)
        : new RequestTimeoutError(topic, correlationId, timeoutMs),
    );
    this.sender
      .send({
        topic,
        key: options.key ?? null,
        value: JSON.stringify(payload ?? null),
        headers: {
          ...options.headers,
          ...contextToHeaders(options.context),
          [RPC_HEADERS.correlationId]: correlationId,
          [RPC_HEADERS.replyTopic]: this.replyTopic,
          [RPC_HEADERS.replyPartition]: '0',
          [RPC_HEADERS.deadline]: String(deadline),
        },
      })
      .catch((error: unknown) => {
        if (error instanceof UnknownTopicError) {
          probe.forgetTopic(topic);
          this.pending.fail(correlationId, new NoResponderError(topic, 'topic-missing', correlationId));
        } else this.pending.fail(correlationId, error);
      });

    const { record } = await reply;
    const error = record.headers[RPC_HEADERS.error];
    if (error !== undefined) {
      const remote = parseErrorReply(error);
      throw new RemoteError(topic, correlationId, remote.code, remote.message, remote.retriable);
    }
    return decodeReplyValue(record.value);
  }

  /** Fails what still waits with `ClosedError`, stops consuming and deletes the reply topic and its group. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.pending.failAll((id) => new ClosedError('RpcClient', id));
    await this.sender?.flush();
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
    if (this.admin) {
      await this.probe?.settled();
      const admin = this.admin;
      await admin.deleteTopics([this.replyTopic]).catch((error: unknown) => this.logger.warn('could not delete reply topic', { error }));
      await admin.deleteGroups([this.replyTopic]).catch((error: unknown) => this.logger.debug('could not delete reply group', { error }));
      await admin.disconnect();
    }
    this.logger.info('rpc client closed');
  }

  private async onReplies(batch: IncomingBatch): Promise<void> {
    for (const record of batch.records) {
      const correlationId = record.headers[RPC_HEADERS.correlationId];
      if (correlationId === undefined) continue;
      // A NestJS responder streaming several values would send non-final replies first; we take the first
      // reply (one request, one reply) and the rest match nothing.
      if (!this.pending.settle(correlationId, { record })) {
        this.unmatchedReplies++;
        this.logger.debug('reply matched no pending request', { correlationId, disposed: record.headers[RPC_HEADERS.isDisposed] === IS_DISPOSED_VALUE });
      }
    }
    // Nothing is committed, but the fetch position only moves past what is marked.
    const last = batch.records[batch.records.length - 1];
    if (last) batch.markProcessed(last.offset);
  }
}
