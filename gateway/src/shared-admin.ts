import type { BusAdmin, MessageBus } from '@puchi/kafka';

/**
 * One Kafka admin connection for the gateway's lifetime, for what it asks the broker on demand (`/api/health`,
 * `/api/services/status`): connected on first use, dropped after a failure so the next use connects again,
 * closed by `close()`. Opening one per call cost a connection (and its sockets and timers) per request.
 */
export class SharedAdmin {
  private connection?: Promise<BusAdmin>;
  private closed = false;
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
    try {
      return await fn(admin);
    } catch (error) {
      this.drop(connection);
      throw error;
    }
  }

  /** Disconnects, waiting for a connection attempt in flight to finish first. Idempotent; `use` fails afterwards. */
  async close(): Promise<void> {
    this.closed = true;
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
