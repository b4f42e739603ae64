import type { BusAdmin, MessageBus } from '@puchi/kafka';

/**
 * One Kafka admin connection for the gateway's lifetime, for what it asks the broker on demand (`/api/health`,
 * `/api/services/status`): connected on first use, dropped after a failure so the next use connects again,
 * closed by `close()`. Opening one per call cost a connection (and its sockets and timers) per request.
 */
/** The longest `close()` waits for calls still running. */
const CLOSE_WAIT_MS = 5000;

export class SharedAdmin {
  private connection?: Promise<BusAdmin>;
  private closed = false;
  /** Calls running on the connection: `close()` lets them finish before it disconnects. */
  private readonly running = new Set<Promise<unknown>>();
  /** Connections opened so far (tests read it). */
  connects = 0;

  constructor(private readonly bus: MessageBus) {}

  /**
   * Runs `fn` on the connected admin. Callers at the same time share one connection attempt. When `fn` or the
   * connection fails, the connection is dropped (and disconnected) so the next call starts afresh.
   */
  async use<T>(fn: (admin: BusAdmin) => Promise<T>): Promise<T> {
    const connection = this.connect();
    let admin: BusAdmin;
    try {
      admin = await connection;
    } catch (error) {
      this.drop(connection);
      throw error;
    }
    const call = fn(admin);
    this.running.add(call);
    try {
      return await call;
    } catch (error) {
      this.drop(connection);
      throw error;
    } finally {
      this.running.delete(call);
    }
  }

  /**
   * Disconnects, once the calls running on the connection finished (at most `CLOSE_WAIT_MS`) and a connection attempt
   * in flight settled. kafkajs does not stop a request it is retrying when its client disconnects: it connects
   * again, and the call outlives its owner (a test's environment, once: every require it made then failed).
   * Idempotent; `use` fails afterwards.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.running.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
      await Promise.race([Promise.allSettled([...this.running]), waited]);
      clearTimeout(timer);
    }
    const connection = this.connection;
    this.connection = undefined;
    await connection?.then(
      (admin) => admin.disconnect(),
      () => undefined,
    );
  }

  private connect(): Promise<BusAdmin> {
    if (this.closed) return Promise.reject(new Error('the gateway is closing: no Kafka admin connection'));
    if (!this.connection) {
      this.connects++;
      const connection = this.bus.admin().then(async (admin) => {
        // close() ran while this attempt was in flight: it awaits this promise, but disconnect here too in case
        // the attempt was dropped from `connection` by a failure first.
        if (this.closed) {
          await admin.disconnect().catch(() => undefined);
          throw new Error('the gateway is closing: no Kafka admin connection');
        }
        return admin;
      });
      // Nobody may be awaiting it (a caller that gave up): never an unhandled rejection.
      connection.catch(() => undefined);
      this.connection = connection;
    }
    return this.connection;
  }

  /** Forgets `connection` if it is still the current one, and disconnects it once it settles. */
  private drop(connection: Promise<BusAdmin>): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    void connection.then((admin) => admin.disconnect()).catch(() => undefined);
  }
}
