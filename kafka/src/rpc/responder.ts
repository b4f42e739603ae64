import { contextFromHeaders, type CallContext } from '../context/context';
import { IDENTITY_HEADER, traceIdOf, type IdentityVerifier } from '../context/identity-token';
import { deadLetterRecord } from '../dead-letter';
import { ClosedError, DecodeError, InvalidOptionError, ReplyTopicNotAllowedError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { secondsSince, type KafkaInstrumentation } from '../instrumentation';
import { traceHandling, traceparentOf, traceReply } from '../tracing/messaging';
import type { Span, Tracer } from '../tracing/spans';
import { CoalescingSender, type CoalescingSenderOptions } from '../transport/coalescing-sender';
import type { Assignment, BusConsumer, BusProducer, ConsumerSettings, IncomingBatch, IncomingRecord, MessageBus, OutgoingRecord, RecordHeaders } from '../transport/port';
import { runInKeyLanes } from './key-lanes';
import { ReplyChannel } from './reply-channel';
import { RestoreGate } from './restore-gate';
import { IS_DISPOSED_VALUE, RPC_HEADERS, toErrorReply } from './protocol';
import { DEFAULT_REPLY_TOPIC_PREFIX, isAllowedReplyTopic } from './reply-topic';
import type { Route } from './route';

/** The characters Kafka allows in a topic name. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

/** What a handler learns about the request besides its payload. */
export interface RequestContext extends CallContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** Absent for one-way messages (no reply expected). */
  correlationId?: string;
  /** Epoch ms after which the caller no longer waits. */
  deadline: number;
  headers: RecordHeaders;
}

export type RequestHandler<TRequest, TReply> = (payload: TRequest, context: RequestContext) => TReply | Promise<TReply>;

export interface HandleOptions<TRequest> {
  /** Validates the decoded JSON; throwing sends the record to `<topic>.DLT` as undecodable. Default: accept as is. */
  decode?: (value: unknown) => TRequest;
}

export interface ResponderOptions {
  bus: MessageBus;
  /** The consumer group all instances of this service share, e.g. `consumerGroup('user')`. */
  groupId: string;
  /** Partitions handled at once by this instance. Default 3 (the topology's partition count). */
  partitionsConcurrently?: number;
  /** Records of one partition batch in flight at once (distinct keys only; same key stays in order). Default 32. */
  concurrencyPerPartition?: number;
  /**
   * A request without `x-deadline` (a NestJS caller) counts as abandoned this long after it was produced.
   * Keeps a fresh group reading from the beginning from answering hour-old requests. Default 30000 ms.
   */
  maxAgeWithoutDeadlineMs?: number;
  /**
   * Prefixes of the `RpcClient`s this responder answers (their `replyTopicPrefix`). A request may name as its
   * reply topic `<prefix>.replies.<instanceId>` for one of these, or its own topic's `<topic>.reply` (what a
   * NestJS `ClientKafka` names); a request naming any other topic is not handled: it goes to `<topic>.DLT` as
   * `bad-reply-topic`, so a caller cannot make a service write into a topic it does not own. A request without
   * `kafka_replyTopic` is one-way and is handled. Default `['puchi']` (the `RpcClient` default, the gateway's);
   * `[]` answers NestJS clients only.
   */
  replyTopicPrefixes?: readonly string[];
  /**
   * Session, heartbeat, rebalance, fetch-wait and commit settings of the consumer. Defaults: see
   * `ConsumerSettings`, except `commitIntervalMs` 1000 (a per-batch commit would add ~6 ms to every round
   * trip; a crash redoes at most a second of requests, whose duplicate replies callers drop).
   */
  consumer?: Omit<ConsumerSettings, 'groupId' | 'commit'>;
  /**
   * Who may speak for a caller: a request's `identity` is the one in its `x-puchi-identity` token when `verifier`
   * accepts it for `audience` (this service's domain), the request's deadline and trace. Without this option, or
   * with a token missing, forged, expired or made for another domain, the request is anonymous (handlers answer
   * `UNAUTHENTICATED` to what needs a user); plain `x-user-*` headers are never read.
   */
  identity?: { verifier: IdentityVerifier; audience: string };
  /**
   * Called at every (re)assignment, before its first fetch, with the partitions this member gained: their
   * requests wait (the member heart-beating) until the promise resolves, so an instance that takes a partition over
   * first brings its state up to date (a domain service: its store caught up with its event topic as of now),
   * and a request never reads what the partition's last owner wrote before it is there. Partitions kept across a
   * rebalance do not wait. Default: none (a gained partition is served at once).
   */
  restore?: (gained: Assignment) => Promise<void>;
  /** Called when the consumer crashed and will not restart by itself: this responder answers nothing any more. Default: logged only. */
  onCrash?: (error: unknown) => void;
  /** Batching of replies. Default: see `CoalescingSenderOptions`. */
  sender?: CoalescingSenderOptions;
  /** Default: silent. */
  logger?: Logger;
  /** Metrics hooks: `requestHandled`, `requestExpired` and `deadLettered`. Default none. */
  instrumentation?: KafkaInstrumentation;
  /**
   * Runs each traced request's handler in a CONSUMER span `process <topic>`, child of its caller's `send` span
   * (see `traceHandling`), and produces its reply in a PRODUCER span `send <reply topic>`, child of that one
   * (`traceReply`). Default none: no span.
   */
  tracer?: Tracer;
}

interface Registration {
  handler: RequestHandler<unknown, unknown>;
  decode?: (value: unknown) => unknown;
}

/** Counters for tests and metrics. */
export interface ResponderStats {
  handled: number;
  failed: number;
  expired: number;
  deadLettered: number;
  /** Requests whose identity token was refused (they ran as anonymous); the log line says why. */
  identityRefused: number;
  /** Replies that could not be produced (their caller's reply topic is gone, or the broker refused for too long) and were dropped. */
  repliesDropped: number;
  /** Requests seen again (same topic, partition and correlation id) and not handled twice. */
  duplicates: number;
}

/** How often a running batch heart-beats (kafkajs sends at most one per heartbeat interval). */
const BATCH_HEARTBEAT_MS = 250;

/** Correlation ids remembered per responder, to drop a request delivered again (a batch fetched again after a consumer restart). */
const REMEMBERED_REQUESTS = 10_000;

/**
 * Answers requests from a consumer group. Partitions run concurrently; within a partition, records with
 * the same key run in order. Each reply goes to the topic and partition the request names, if it is one a
 * reply may go to (`replyTopicPrefixes`); a request naming another is dead-lettered unhandled. A batch is
 * committed only after its handlers ran and its replies and dead letters were acknowledged (at least
 * once: a responder that dies mid-batch leaves it to the next owner, and callers drop the duplicates).
 */
export class Responder {
  readonly stats: ResponderStats = { handled: 0, failed: 0, expired: 0, deadLettered: 0, identityRefused: 0, repliesDropped: 0, duplicates: 0 };
  /** Requests handled lately, as `topic:partition:correlationId`, oldest first. */
  private readonly handledRecently = new Set<string>();
  private readonly routes = new Map<string, Registration>();
  private readonly logger: Logger;
  private readonly replyTopicPrefixes: readonly string[];
  private readonly inFlight = new Set<Promise<void>>();
  private state: 'new' | 'running' | 'closing' | 'closed' = 'new';
  private consumer?: BusConsumer;
  private producer?: BusProducer;
  /** Dead letters: a batch waits for them, and fails (to be redone) when they cannot be written. */
  private sender?: CoalescingSender;
  private replies?: ReplyChannel;
  private readonly gate?: RestoreGate;

  constructor(private readonly options: ResponderOptions) {
    if (!options.groupId) throw new InvalidOptionError('groupId', 'a responder needs the consumer group its instances share');
    this.replyTopicPrefixes = options.replyTopicPrefixes ?? [DEFAULT_REPLY_TOPIC_PREFIX];
    for (const prefix of this.replyTopicPrefixes) {
      if (!TOPIC_NAME.test(prefix)) throw new InvalidOptionError('replyTopicPrefixes', `${JSON.stringify(prefix)} cannot start a topic name (letters, digits, ".", "_" and "-" only)`);
    }
    this.logger = (options.logger ?? silentLogger).child({ component: 'rpc-responder', groupId: options.groupId });
    if (options.restore) this.gate = new RestoreGate(options.restore, this.logger);
  }

  /** Registers the handler of `topic`. Only before `start()`: kafkajs cannot add subscriptions to a running consumer. */
  handle<TRequest, TReply>(topic: Route<TRequest, TReply>, handler: RequestHandler<TRequest, TReply>, options?: HandleOptions<TRequest>): this;
  handle<TRequest = unknown, TReply = unknown>(topic: string, handler: RequestHandler<TRequest, TReply>, options?: HandleOptions<TRequest>): this;
  handle(topic: string | Route<unknown, unknown>, handler: RequestHandler<unknown, unknown>, options: HandleOptions<unknown> = {}): this {
    const name = typeof topic === 'string' ? topic : topic.name;
    if (this.state !== 'new') throw new InvalidOptionError('handle', `"${name}" registered after start()`);
    if (this.routes.has(name)) throw new InvalidOptionError('handle', `"${name}" already has a handler`);
    this.routes.set(name, { handler, decode: options.decode });
    return this;
  }

  /** Joins the group; resolves once this instance has its first assignment. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new ClosedError('Responder');
    if (this.routes.size === 0) throw new InvalidOptionError('handle', 'no topic registered');
    this.state = 'running';
    const { bus } = this.options;
    this.producer = bus.producer({ acks: -1 });
    this.sender = new CoalescingSender(this.producer, this.options.sender);
    this.replies = new ReplyChannel({ bus, knownTopics: [...this.routes.keys()], sender: this.options.sender, logger: this.logger });
    this.consumer = bus.consumer({ commitIntervalMs: 1000, ...this.options.consumer, groupId: this.options.groupId, commit: true });
    await Promise.all([this.producer.connect(), this.replies.connect(), this.consumer.connect()]);
    // A new group reads from the beginning so a request sent while it was joining is not skipped; expired
    // requests are then dropped cheaply by the deadline check.
    await this.consumer.subscribe([...this.routes.keys()], true);
    const gate = this.gate;
    if (gate) this.consumer.onAssignment((assignment) => gate.assigned(assignment));
    const onCrash = this.options.onCrash;
    if (onCrash) this.consumer.onCrash(onCrash);
    const assignment = await this.consumer.run({
      partitionsConcurrently: this.options.partitionsConcurrently ?? 3,
      onBatch: (batch) => this.track(this.onBatch(batch)),
    });
    this.logger.info('responder started', { assignment });
  }

  /** Stops taking new batches, lets the ones in flight finish and their replies go out, then leaves the group. */
  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'closing') return;
    this.state = 'closing';
    this.gate?.stop();
    // kafkajs's disconnect waits for running batches; our own set covers replies still being produced.
    await this.consumer?.disconnect();
    await Promise.allSettled([...this.inFlight]);
    await Promise.all([this.sender?.flush(), this.replies?.close()]);
    await this.producer?.disconnect();
    this.state = 'closed';
    this.logger.info('responder closed', { ...this.stats });
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async onBatch(batch: IncomingBatch): Promise<void> {
    const { sender, replies } = this;
    if (!sender || !replies) return;
    if (this.gate && !(await this.gate.passed(batch))) return;
    // A batch waiting on a broker (a leader election under its writes) must not cost the member its place in the
    // group: kafkajs heart-beats only between batches otherwise (it throttles these to its heartbeat interval).
    const beating = setInterval(() => void batch.heartbeat().catch(() => undefined), BATCH_HEARTBEAT_MS);
    try {
      await this.work(batch, sender, replies);
    } finally {
      clearInterval(beating);
    }
  }

  /** Handles a batch's records (by key lane), waits for their replies and dead letters, then marks it. */
  private async work(batch: IncomingBatch, sender: CoalescingSender, replies: ReplyChannel): Promise<void> {
    const acks: Promise<void>[] = [];
    await runInKeyLanes(
      batch.records,
      (r) => r.key,
      this.options.concurrencyPerPartition ?? 32,
      async (record) => {
        const out = await this.process(record);
        if (out?.reply) acks.push(this.reply(replies, out.reply));
        else if (out?.deadLetter) acks.push(this.deadLetter(sender, out.deadLetter, record));
      },
      () => batch.isStale(),
    );
    await Promise.all(acks);
    // A stale batch is redone by the partition's new owner; committing part of it would skip records.
    if (batch.isStale()) return;
    const last = batch.records[batch.records.length - 1];
    if (last) batch.markProcessed(last.offset);
  }

  /** The verified caller of a request, if its token passes (see `ResponderOptions.identity`). */
  private identityOf(headers: RecordHeaders, traceparent: string | undefined, record: IncomingRecord): Pick<CallContext, 'identity'> {
    const token = headers[IDENTITY_HEADER];
    const check = this.options.identity;
    if (!token || !check) return {};
    const verdict = check.verifier.verify(token, { audience: check.audience, traceId: traceIdOf(traceparent) });
    if (verdict.ok) return verdict.token.identity ? { identity: verdict.token.identity } : {};
    this.stats.identityRefused++;
    this.logger.warn('identity token refused; the request runs as anonymous', { topic: record.topic, partition: record.partition, offset: record.offset, reason: verdict.reason });
    return {};
  }

  /** The record to produce for this request (a reply or a dead letter), or nothing. */
  private async process(record: IncomingRecord): Promise<{ reply?: OutgoingRecord; deadLetter?: OutgoingRecord } | undefined> {
    const registration = this.routes.get(record.topic);
    if (!registration) return undefined;
    const headers = record.headers;
    const correlationId = headers[RPC_HEADERS.correlationId];
    const replyTopic = headers[RPC_HEADERS.replyTopic];
    // Checked first: a request that would have us write into a topic that is not its caller's is refused
    // whatever else it holds, and its handler never runs (it may have side effects).
    if (replyTopic !== undefined && !isAllowedReplyTopic(record.topic, replyTopic, this.replyTopicPrefixes)) {
      this.stats.deadLettered++;
      this.options.instrumentation?.deadLettered?.(record.topic, 'bad-reply-topic');
      this.logger.warn('request names a reply topic this responder may not write to; sent to the dead-letter topic', {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        replyTopic,
        correlationId,
      });
      return { deadLetter: deadLetterRecord(record, 'bad-reply-topic', new ReplyTopicNotAllowedError(record.topic, replyTopic)) };
    }
    let payload: unknown;
    try {
      payload = decodeRequest(record, registration.decode);
    } catch (error) {
      this.stats.deadLettered++;
      this.options.instrumentation?.deadLettered?.(record.topic, 'undecodable');
      this.logger.warn('undecodable request sent to the dead-letter topic', { topic: record.topic, partition: record.partition, offset: record.offset, error });
      return { deadLetter: deadLetterRecord(record, 'undecodable', error) };
    }

    const deadline = Number(headers[RPC_HEADERS.deadline] ?? record.timestamp + (this.options.maxAgeWithoutDeadlineMs ?? 30_000));
    if (Date.now() > deadline) {
      // The caller already gave up: its reply would match nothing, and the work may be costly.
      this.stats.expired++;
      this.options.instrumentation?.requestExpired?.(record.topic);
      return undefined;
    }
    if (correlationId !== undefined) {
      // Delivered again to this instance: it was handled (its reply went out, or could not), and handlers have effects.
      const seen = `${record.topic}:${record.partition}:${correlationId}`;
      if (this.handledRecently.has(seen)) {
        this.stats.duplicates++;
        return undefined;
      }
      this.handledRecently.add(seen);
      if (this.handledRecently.size > REMEMBERED_REQUESTS) this.handledRecently.delete(this.handledRecently.values().next().value!);
    }
    const traced = contextFromHeaders(headers);
    const context: RequestContext = {
      ...traced,
      ...this.identityOf(headers, traced.traceparent, record),
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      correlationId,
      deadline,
      headers,
    };

    let reply: Pick<OutgoingRecord, 'value' | 'headers'>;
    // The handler's span, which the reply names so that its own span (in `deliver`) is that span's child.
    let replyTraceparent: string | undefined;
    const hooks = this.options.instrumentation;
    const started = hooks ? performance.now() : 0;
    try {
      const tracer = this.options.tracer;
      const result = await (tracer
        ? traceHandling(tracer, this.options.groupId, context, (span?: Span) => {
            if (span) replyTraceparent = traceparentOf(span);
            return registration.handler(payload, context);
          })
        : registration.handler(payload, context));
      this.stats.handled++;
      hooks?.requestHandled?.(record.topic, 'ok', secondsSince(started));
      reply = { value: result === undefined ? null : JSON.stringify(result), headers: {} };
    } catch (error) {
      this.stats.failed++;
      hooks?.requestHandled?.(record.topic, 'error', secondsSince(started));
      this.logger.warn('handler failed', { topic: record.topic, correlationId, traceId: traceIdOf(context.traceparent), error });
      reply = { value: null, headers: { [RPC_HEADERS.error]: JSON.stringify(toErrorReply(error)) } };
    }
    if (!correlationId || !replyTopic) return undefined; // One-way message: nobody waits for a reply.
    const replyPartition = headers[RPC_HEADERS.replyPartition];
    const out: OutgoingRecord = {
      topic: replyTopic,
      ...(replyPartition !== undefined && replyPartition !== '' ? { partition: Number(replyPartition) } : {}),
      key: null,
      value: reply.value,
      headers: { ...reply.headers, [RPC_HEADERS.correlationId]: correlationId, [RPC_HEADERS.isDisposed]: IS_DISPOSED_VALUE, ...(replyTraceparent ? { traceparent: replyTraceparent } : {}) },
    };
    return { reply: out };
  }

  /**
   * Produces a reply, or drops it: a reply is only useful to a caller still waiting, so one that cannot go out
   * within its retry budget (its caller's topic is gone, the broker keeps refusing) is dropped and counted,
   * never retried with the batch, which would re-run its handlers and stall every other caller of the partition.
   */
  private async reply(replies: ReplyChannel, out: OutgoingRecord): Promise<void> {
    const tracer = this.options.tracer;
    const outcome = await replies.send(out, tracer ? (produce) => traceReply(tracer, out, produce) : undefined);
    if (outcome === 'dropped') this.stats.repliesDropped++;
  }

  private async deadLetter(sender: CoalescingSender, out: OutgoingRecord, from: IncomingRecord): Promise<void> {
    try {
      await sender.send(out);
    } catch (error) {
      // A dead letter must not be lost: fail the batch, which is redone and nothing of it committed.
      this.logger.error('could not produce a dead letter', { topic: out.topic, from: `${from.topic}[${from.partition}]@${from.offset}`, error });
      throw error;
    }
  }
}

function decodeRequest(record: IncomingRecord, decode?: (value: unknown) => unknown): unknown {
  if (record.value === null) throw new DecodeError(record.topic, record.partition, record.offset, 'the record has no value');
  let json: unknown;
  try {
    json = JSON.parse(record.value.toString('utf8'));
  } catch (cause) {
    throw new DecodeError(record.topic, record.partition, record.offset, 'the value is not JSON', cause);
  }
  if (!decode) return json;
  try {
    return decode(json);
  } catch (cause) {
    throw new DecodeError(record.topic, record.partition, record.offset, cause instanceof Error ? cause.message : String(cause), cause);
  }
}
