import { UnknownTopicError } from '../errors';
import type { Logger } from '../log';
import { CoalescingSender, type CoalescingSenderOptions } from '../transport/coalescing-sender';
import type { BusAdmin, BusProducer, MessageBus, OutgoingRecord } from '../transport/port';
import { RPC_HEADERS } from './protocol';

/** Produce retries of a reply wait at most about this long in all: past it the caller has likely given up. */
const REPLY_RETRY_BUDGET_MS = 1000;
/** A reply topic found gone is not produced to again for this long: its replies are dropped at once. */
const GONE_REPLY_TOPIC_MS = 60_000;

export interface ReplyChannelOptions {
  bus: MessageBus;
  /**
   * Topics that exist while this channel is used (the responder's request topics). A topic listing without them
   * comes from a broker whose metadata is not loaded yet (just restarted): it proves no reply topic gone.
   */
  knownTopics: readonly string[];
  sender?: CoalescingSenderOptions;
  logger: Logger;
}

/** Whether a reply went out. */
export type ReplyOutcome = 'sent' | 'dropped';

/**
 * Where a responder's replies go out: best effort, on their own producer, so a reply that cannot go out never holds
 * up a batch. A reply refused because its topic is unknown is checked against the cluster's topic list:
 * - absent: its caller is gone; the topic's replies are dropped at once for a minute;
 * - present: the producer's view is wrong, not the caller. kafkajs 2.2.4 names every topic a producer ever wrote to
 *   in each metadata refresh, and one of them deleted since (a caller that closed) fails every refresh, so the
 *   producer can never load a new caller's topic (issue 11: a restarted gateway got no reply from three services
 *   for a minute). Such a producer is replaced, and the reply sent again once on the new one. A refused batch also
 *   fails the live topics sent with a gone one; they are present, and go out again the same way.
 */
export class ReplyChannel {
  private producer?: BusProducer;
  private sender?: CoalescingSender;
  /** Which producer is current: a failure on an older one needs no second replacement. */
  private generation = 0;
  private replacing?: Promise<void>;
  private readonly retired = new Set<Promise<void>>();
  /** Reply topics found gone, with when they may be tried again. */
  private readonly goneTopics = new Map<string, number>();
  private admin?: Promise<BusAdmin>;
  private listing?: Promise<Set<string> | undefined>;
  private closed = false;
  /** Producers replaced because they could not load a topic that exists. */
  replacements = 0;

  constructor(private readonly options: ReplyChannelOptions) {}

  async connect(): Promise<void> {
    this.install(this.options.bus.producer({ acks: -1, retryBudgetMs: REPLY_RETRY_BUDGET_MS }));
    await this.producer!.connect();
  }

  /** Sends `out`, its produce run inside `wrap` (a span, say); never rejects. */
  async send(out: OutgoingRecord, wrap: (produce: () => Promise<void>) => Promise<void> = (produce) => produce()): Promise<ReplyOutcome> {
    const goneUntil = this.goneTopics.get(out.topic);
    if (goneUntil !== undefined) {
      if (goneUntil > Date.now()) return 'dropped';
      this.goneTopics.delete(out.topic);
    }
    const generation = this.generation;
    try {
      await wrap(() => this.sender!.send(out));
      return 'sent';
    } catch (error) {
      if (!(error instanceof UnknownTopicError) || this.closed) return this.dropped(out, error);
      const topics = await this.listTopics();
      if (topics === undefined) return 'dropped';
      if (!topics.has(out.topic)) {
        if (!this.goneTopics.has(out.topic)) this.options.logger.info('reply topic gone; its replies are dropped', { replyTopic: out.topic });
        this.goneTopics.set(out.topic, Date.now() + GONE_REPLY_TOPIC_MS);
        return 'dropped';
      }
      await this.replace(generation);
      try {
        await wrap(() => this.sender!.send(out));
        return 'sent';
      } catch (again) {
        return this.dropped(out, again);
      }
    }
  }

  /** Waits for the replies in flight, then disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    await this.replacing;
    await this.sender?.flush();
    await Promise.allSettled([this.producer?.disconnect(), ...this.retired]);
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  private dropped(out: OutgoingRecord, error: unknown): ReplyOutcome {
    this.options.logger.warn('reply could not be produced; dropped', { replyTopic: out.topic, correlationId: out.headers?.[RPC_HEADERS.correlationId], error });
    return 'dropped';
  }

  private install(producer: BusProducer): void {
    this.producer = producer;
    this.sender = new CoalescingSender(producer, this.options.sender);
    this.generation++;
  }

  /** The cluster's topics; undefined when they cannot be read or the listing is not trustworthy (see `knownTopics`). */
  private listTopics(): Promise<Set<string> | undefined> {
    // Replies refused together share one listing.
    this.listing ??= (async () => {
      try {
        this.admin ??= this.options.bus.admin();
        const topics = new Set(await (await this.admin).listTopics());
        return this.options.knownTopics.every((topic) => topics.has(topic)) ? topics : undefined;
      } catch (error) {
        // The next check connects afresh; this one is closed, not left open.
        const failed = this.admin;
        this.admin = undefined;
        void failed?.then((admin) => admin.disconnect()).catch(() => undefined);
        this.options.logger.warn('could not list topics to check a reply topic', { error });
        return undefined;
      }
    })().finally(() => (this.listing = undefined));
    return this.listing;
  }

  /** Replaces the producer of `generation`, unless that was done already; the old one finishes its sends first. */
  private replace(generation: number): Promise<void> {
    if (generation !== this.generation || this.closed) return this.replacing ?? Promise.resolve();
    this.replacing ??= (async () => {
      const next = this.options.bus.producer({ acks: -1, retryBudgetMs: REPLY_RETRY_BUDGET_MS });
      try {
        await next.connect();
      } catch (error) {
        this.options.logger.warn('could not connect a new reply producer; keeping the old one', { error });
        await next.disconnect().catch(() => undefined);
        return;
      }
      const [oldProducer, oldSender] = [this.producer, this.sender];
      this.install(next);
      this.replacements++;
      this.options.logger.info('reply producer replaced: it could not load a reply topic that exists', { replacements: this.replacements });
      const retiring = (async () => {
        await oldSender?.flush().catch(() => undefined);
        await oldProducer?.disconnect().catch(() => undefined);
      })();
      this.retired.add(retiring);
      void retiring.finally(() => this.retired.delete(retiring));
    })().finally(() => (this.replacing = undefined));
    return this.replacing;
  }
}
