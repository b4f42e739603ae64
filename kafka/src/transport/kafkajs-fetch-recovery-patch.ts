/**
 * A consumer follows its partitions' new leaders when their old one dies. In kafkajs 2.2.4,
 * `ConsumerGroup.recoverFromFetch` refreshes metadata after stale-metadata errors and a closed connection, but a
 * fetch that cannot connect at all (`KafkaJSConnectionError`: the broker was killed, ECONNREFUSED) is rethrown.
 * The runner then retries the fetch with the same metadata (refreshed only when older than `metadataMaxAge`,
 * 5 minutes), so it keeps asking the dead broker after the controller has moved its partitions, until the retries
 * run out, the consumer crashes and is restarted. In a broker-kill chaos run (docs/architecture.md, "Losing a
 * broker") that left a gateway's reply consumer unread for 5.7 s, and with it every reply to that gateway.
 *
 * The patched method waits a moment (so a broker still named leader until the controller fences it costs a few
 * metadata requests a second, not a loop), refreshes metadata and lets the fetch loop go on: once the partitions
 * have a new leader, kafkajs's fetch manager sees the changed node set and rebuilds its fetchers. A refresh that
 * fails (no broker reachable) is thrown as before, to the runner's retries and our restart.
 */
// kafkajs has no `exports` map, so its internal module is reachable; the require is typed by hand below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup.js') as { prototype: PatchableGroup };

/** How long a fetcher waits after failing to connect before it refreshes metadata and fetches again. */
export const CONNECT_FAILURE_RETRY_MS = 250;

export interface PatchableGroup {
  cluster: { refreshMetadata(): Promise<void> };
  recoverFromFetch(this: PatchableGroup, error: unknown): Promise<void>;
  [PATCHED]?: true;
}

const PATCHED = Symbol.for('puchi.kafkajs.fetchRecoveryPatched');

/** The fixed method, around kafkajs's own (`original`) for every other error. */
export function recoverFromFetchWith(original: PatchableGroup['recoverFromFetch'], delayMs = CONNECT_FAILURE_RETRY_MS): PatchableGroup['recoverFromFetch'] {
  return async function recoverFromFetch(this: PatchableGroup, error: unknown): Promise<void> {
    // Exactly this class: its subclass KafkaJSConnectionClosedError is handled by kafkajs already.
    if ((error as { name?: unknown } | null)?.name !== 'KafkaJSConnectionError') return original.call(this, error);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await this.cluster.refreshMetadata();
  };
}

/** Installs the fixed method on kafkajs's ConsumerGroup once per process. */
export function patchKafkaJsFetchRecovery(): void {
  const proto = ConsumerGroup.prototype;
  if (proto[PATCHED]) return;
  proto.recoverFromFetch = recoverFromFetchWith(proto.recoverFromFetch);
  proto[PATCHED] = true;
}
