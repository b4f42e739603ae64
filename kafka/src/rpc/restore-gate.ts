import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import type { Assignment, IncomingBatch } from '../transport/port';

/**
 * Holds the requests of partitions a responder's member gains until its state is up to date (`ResponderOptions.restore`):
 * at each assignment it starts restoring what is new, and a batch of such a partition waits for it, heart-beating.
 */
export class RestoreGate {
  /** Partitions held, as `topic:partition`. */
  private owned = new Set<string>();
  /** The restoration each gained partition waits for, until it is done. */
  private readonly restoring = new Map<string, Promise<void>>();
  private close!: () => void;
  private readonly closed = new Promise<void>((resolve) => (this.close = resolve));

  constructor(
    private readonly restore: (gained: Assignment) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** At every (re)assignment, before its first fetch: starts restoring the partitions gained (kept ones do not wait). */
  assigned(assignment: Assignment): void {
    const now = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}:${p}`)));
    const gained: Assignment = {};
    for (const key of now) {
      if (this.owned.has(key)) continue;
      const at = key.lastIndexOf(':');
      (gained[key.slice(0, at)] ??= []).push(Number(key.slice(at + 1)));
    }
    for (const key of this.restoring.keys()) if (!now.has(key)) this.restoring.delete(key);
    this.owned = now;
    if (Object.keys(gained).length === 0) return;
    const started = Date.now();
    const done = this.restore(gained).then(
      () => this.logger.info('partitions restored', { gained, ms: Date.now() - started }),
      (error: unknown) => {
        // Never served from a state not known to be whole: they wait (the service closes the responder on a halt).
        this.logger.error('partitions could not be restored; their requests wait', { gained, error });
        return new Promise<void>(() => undefined);
      },
    );
    for (const [topic, partitions] of Object.entries(gained)) {
      for (const partition of partitions) {
        const key = `${topic}:${partition}`;
        this.restoring.set(key, done);
        void done.then(() => {
          if (this.restoring.get(key) === done) this.restoring.delete(key);
        });
      }
    }
  }

  /** Waits for the batch's partition to be restored, heart-beating meanwhile; false when closed or stale first. */
  async passed(batch: IncomingBatch): Promise<boolean> {
    const restoring = this.restoring.get(`${batch.topic}:${batch.partition}`);
    if (!restoring) return true;
    let settled = false;
    void restoring.then(() => (settled = true));
    while (!settled) {
      const closing = await Promise.race([restoring.then(() => false), this.closed.then(() => true), sleep(1000).then(() => false)]);
      if (closing || batch.isStale()) return false;
      if (!settled) await batch.heartbeat().catch(() => undefined);
    }
    return true;
  }

  /** Lets every waiting batch go (unhandled), so the consumer can stop. */
  stop(): void {
    this.close();
  }
}
