import type { Logger } from '../log';
import type { BusAdmin } from '../transport/port';

interface Verdict {
  present: boolean;
  at: number;
}

/**
 * Knows, per request topic, whether the topic exists and whether some consumer group member subscribes
 * to it. Existence is checked before the first request (a missing topic fails at once, instead of kafkajs
 * retrying metadata for seconds); membership is probed in the background at most every `ttlMs`, so the hot
 * path never waits on it. A fresh "nobody" verdict fails requests fast; a timeout with such a verdict is
 * reported as `NoResponderError` rather than a plain timeout.
 */
export class ResponderProbe {
  private readonly existing = new Set<string>();
  private readonly verdicts = new Map<string, Verdict>();
  private readonly probing = new Map<string, Promise<void>>();

  constructor(
    private readonly admin: BusAdmin,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  /** False when the topic does not exist. Positive answers are cached for the client's lifetime. */
  async topicExists(topic: string): Promise<boolean> {
    if (this.existing.has(topic)) return true;
    const partitions = await this.admin.partitions(topic);
    if (partitions === undefined) return false;
    this.existing.add(topic);
    return true;
  }

  /** The topic was found missing while producing (deleted since): forget it was there. */
  forgetTopic(topic: string): void {
    this.existing.delete(topic);
  }

  /** True when a fresh probe found nobody subscribed. Starts a probe when the verdict is stale. */
  knownAbsent(topic: string): boolean {
    const verdict = this.verdicts.get(topic);
    const fresh = verdict !== undefined && Date.now() - verdict.at < this.ttlMs;
    if (!fresh) this.refresh(topic);
    return fresh && !verdict.present;
  }

  /** Whatever the latest probe said, however old: used to explain a timeout. */
  lastSaidAbsent(topic: string): boolean {
    return this.verdicts.get(topic)?.present === false;
  }

  /** Resolves when no probe is running (so shutdown does not close the admin client under one). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.probing.values()]);
  }

  private refresh(topic: string): void {
    if (this.probing.has(topic)) return;
    const probe = this.admin
      .hasSubscribedMember(topic)
      .then((present) => void this.verdicts.set(topic, { present, at: Date.now() }))
      .catch((error: unknown) => this.logger.warn('responder probe failed', { topic, error }))
      .finally(() => this.probing.delete(topic));
    this.probing.set(topic, probe);
  }
}
