import { randomUUID } from 'node:crypto';
import { contextToHeaders, type CallContext } from '../context/context';
import { ClosedError, InvalidOptionError, NoResponderError, RemoteError, RequestTimeoutError, UnknownTopicError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { requestOutcomeOf, secondsSince, type KafkaInstrumentation } from '../instrumentation';
import { traceRequest } from '../tracing/messaging';
import type { Tracer } from '../tracing/spans';
import { CoalescingSender, type CoalescingSenderOptions } from '../transport/coalescing-sender';
import type { BusAdmin, BusConsumer, BusProducer, IncomingBatch, IncomingRecord, MessageBus, RecordHeaders } from '../transport/port';
import { PendingRequests } from './pending';
import { decodeReplyValue, IS_DISPOSED_VALUE, parseErrorReply, RPC_HEADERS } from './protocol';
import { DEFAULT_REPLY_TOPIC_PREFIX, newInstanceId, REPLY_LEASE_HEADER, replyTopicName, sweepStaleReplyTopics } from './reply-topic';
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
  /**
   * At start, delete other instances' reply topics older than this with no live consumer and no lease or reply
   * written within it (see `sweepStaleReplyTopics`). Default 300000; 0 disables the sweep.
   */
  staleReplyTopicGraceMs?: number;
  /**
   * How often the client checks that its reply topic exists (recreating it when it is gone) and renews its
   * lease on it (one small record), which keeps other instances' sweeps off it while this process lives, even
   * paused. Default 10000 ms: a deleted reply topic is back within about that long. Must stay well below
   * every instance's `staleReplyTopicGraceMs`.
   */
  leaseIntervalMs?: number;
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
  /** Metrics hooks: `requestStarted` and `requestFinished` per request. Default none. */
  instrumentation?: KafkaInstrumentation;
  /**
   * Traces each request that belongs to a trace in a PRODUCER span `send <topic>` (see `traceRequest`), whose
   * traceparent the request carries. Default none: no span, and the context's traceparent goes as it is.
   */
  tracer?: Tracer;
}

export interface RequestOptions {
  /** Partitioning key: requests with the same key reach the same partition and are handled in order. Default none (spread). */
  key?: string;
  /** Sends to this partition whatever the key (a hedged read to another instance). Default: the key's. */
  partition?: number;
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
 * Whether this client can receive replies: `ok`; `recreating` its reply topic, found gone; `missing`: gone and
 * the last attempt to recreate it failed (requests time out until a later check succeeds).
 */
export type ReplyPath = 'ok' | 'recreating' | 'missing';

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
  private replyState: ReplyPath = 'ok';
  private leaseTimer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  /** Epoch ms of the last lease written to the reply topic (undefined before the first). */
  leaseRenewedAt?: number;
  /** How often the reply topic was found gone and recreated. */
  replyTopicRecreations = 0;

  constructor(private readonly options: RpcClientOptions) {
    const leaseIntervalMs = options.leaseIntervalMs ?? 10_000;
    if (!(leaseIntervalMs > 0) || !Number.isFinite(leaseIntervalMs)) throw new InvalidOptionError('leaseIntervalMs', 'must be a positive number of ms');
    this.instanceId = options.instanceId ?? newInstanceId();
    this.replyTopic = replyTopicName(options.replyTopicPrefix ?? DEFAULT_REPLY_TOPIC_PREFIX, this.instanceId);
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
    this.logger = (options.logger ?? silentLogger).child({ component: 'rpc-client', replyTopic: this.replyTopic });
  }

  /**
   * The partition of `topic` a request keyed `key` goes to: callers batching keys group them by it, so that each
   * request reaches the one instance that owns all of its keys (docs/architecture.md, "One writer per key").
   */
  partitionOf(topic: string, key: string): Promise<number> {
    if (!this.producer || this.state !== 'running') return Promise.reject(new ClosedError('RpcClient'));
    return this.producer.partitionOf(topic, key);
  }

  /** How many partitions `topic` has. */
  partitionCount(topic: string): Promise<number> {
    if (!this.producer || this.state !== 'running') return Promise.reject(new ClosedError('RpcClient'));
    return this.producer.partitionCount(topic);
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
    await this.createReplyTopic();

    // Idempotent: a produce retried after a lost acknowledgement does not put the request on its topic twice.
    this.producer = bus.producer({ idempotent: true });
    this.sender = new CoalescingSender(this.producer, this.options.sender);
    await Promise.all([this.producer.connect(), this.startReplyConsumer()]);
    this.state = 'running';
    // Unref'd: the lease never keeps a process alive; close() clears it.
    this.leaseTimer = setInterval(() => void this.checkReplyTopic(), this.options.leaseIntervalMs ?? 10_000).unref();
    this.logger.info('rpc client started');
  }

  /** Whether replies can be received (see `ReplyPath`); the gateway's health reports `missing` as degraded. */
  replyPath(): ReplyPath {
    return this.replyState;
  }

  /** Sends `payload` to `topic` and resolves with the reply. Rejects with a `PuchiKafkaError` subclass. */
  request<TRequest, TReply>(topic: Route<TRequest, TReply>, payload: TRequest, options?: RequestOptions): Promise<TReply>;
  request<TReply = unknown>(topic: string, payload: unknown, options?: RequestOptions): Promise<TReply>;
  async request(topicOrRoute: string | Route<unknown, unknown>, payload: unknown, options: RequestOptions = {}): Promise<unknown> {
    const topic = typeof topicOrRoute === 'string' ? topicOrRoute : topicOrRoute.name;
    const hooks = this.options.instrumentation;
    if (!hooks) return this.traced(topic, payload, options);
    const started = performance.now();
    hooks.requestStarted?.(topic);
    try {
      const reply = await this.traced(topic, payload, options);
      hooks.requestFinished?.(topic, 'ok', secondsSince(started));
      return reply;
    } catch (error) {
      hooks.requestFinished?.(topic, requestOutcomeOf(error), secondsSince(started));
      throw error;
    }
  }

  private traced(topic: string, payload: unknown, options: RequestOptions): Promise<unknown> {
    const tracer = this.options.tracer;
    if (!tracer) return this.send(topic, payload, options);
    const correlationId = randomUUID();
    return traceRequest(tracer, topic, options, correlationId, (traced) => this.send(topic, payload, traced, correlationId));
  }

  private async send(topic: string, payload: unknown, options: RequestOptions, correlationId = randomUUID()): Promise<unknown> {
    if (this.state !== 'running' || !this.sender || !this.probe) throw new ClosedError('RpcClient', correlationId);
    const deadline = options.deadline ?? Date.now() + (options.timeoutMs ?? this.defaultTimeoutMs);
    const timeoutMs = deadline - Date.now();
    if (timeoutMs <= 0) throw new RequestTimeoutError(topic, correlationId, 0);
    // A reply sent before the topic is back would be lost: wait for the recreation (bounded by the deadline below).
    if (this.replyState === 'recreating') await this.checking;
    if (this.state !== 'running') throw new ClosedError('RpcClient', correlationId);

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
        ...(options.partition !== undefined ? { partition: options.partition } : {}),
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
    clearInterval(this.leaseTimer);
    this.pending.failAll((id) => new ClosedError('RpcClient', id));
    await this.checking; // never rejects; a recreation in flight stops at its next step and leaves its consumer to us
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

  private createReplyTopic(): Promise<void> {
    return this.admin!.createTopic(this.replyTopic, 1, {
      'cleanup.policy': 'delete',
      'retention.ms': String(this.options.replyRetentionMs ?? 600_000),
    });
  }

  /** Resolves once the reply consumer has its assignment, so no early reply can be skipped. */
  private async startReplyConsumer(): Promise<void> {
    // No commits: the group is this instance's alone and, were it to rejoin, re-reading old replies is harmless
    // (they match nothing). Committing would cost a coordinator round trip per fetched batch.
    const consumer = this.options.bus.consumer({ groupId: this.replyTopic, commit: false, maxWaitTimeMs: this.options.maxWaitTimeMs ?? 500 });
    this.consumer = consumer;
    await consumer.connect();
    // From the beginning of a topic created just now: a reply written before the first fetch is still read.
    await consumer.subscribe([this.replyTopic], true);
    await consumer.run({ onBatch: (batch) => this.onReplies(batch) });
  }

  /** One lease tick: renew the lease, or recreate the reply topic when it is gone. At most one at a time; never rejects. */
  private checkReplyTopic(): Promise<void> {
    this.checking ??= this.renewOrRecreate().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async renewOrRecreate(): Promise<void> {
    const admin = this.admin;
    if (this.state !== 'running' || !admin) return;
    try {
      // One listTopics, not `partitions` (whose read retries six times): with the broker gone, a check that
      // close() waits for must give up after the client's own retries.
      if (this.replyState === 'ok' && (await this.replyTopicExists(admin))) {
        await this.writeLease();
        return;
      }
      if (this.replyState === 'ok') this.logger.warn('reply topic is gone (swept or deleted); recreating it');
      this.replyState = 'recreating';
      // The old consumer leaves first, so the new one does not share the group with it.
      await this.consumer?.disconnect().catch((error: unknown) => this.logger.debug('could not disconnect the old reply consumer', { error }));
      if (this.state !== 'running') return;
      if (!(await this.replyTopicExists(admin))) await this.createReplyTopic();
      // The name still carries the first creation time: a lease at once keeps sweeps off the new topic.
      await this.writeLease();
      if (this.state !== 'running') return;
      await this.startReplyConsumer();
      this.replyTopicRecreations++;
      this.replyState = 'ok';
      this.logger.info('reply topic recreated');
    } catch (error) {
      if (this.replyState === 'ok') {
        this.logger.warn('could not renew the reply topic lease', { error });
      } else {
        this.replyState = 'missing';
        this.logger.error('reply topic is missing and could not be recreated; requests will time out', { error });
      }
    }
  }

  private async replyTopicExists(admin: BusAdmin): Promise<boolean> {
    return (await admin.listTopics()).includes(this.replyTopic);
  }

  private async writeLease(): Promise<void> {
    const now = Date.now();
    await this.producer!.send([{ topic: this.replyTopic, partition: 0, key: null, value: null, headers: { [REPLY_LEASE_HEADER]: String(now) } }]);
    this.leaseRenewedAt = now;
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
