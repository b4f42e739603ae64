import type { KafkaInstrumentation, Logger } from '@puchi/kafka';
import type { Db } from '../store';
import { ensureDefaultMetrics } from './default-metrics';
import { gauge } from './families';
import { kafkaMetrics } from './kafka-metrics';
import { startOpsServer, type OpsListen, type OpsServer, type Readiness } from './ops-server';
import { trackStoreSize } from './store-metrics';

export const SERVICE_METRICS = {
  ready: 'puchi_service_ready',
  restoreSeconds: 'puchi_service_restore_seconds',
} as const;

/** A domain service's metrics and operations endpoints, for `startDomainService`. */
export interface ServiceOps {
  instrumentation: KafkaInstrumentation;
  /** The ops server's address when one listens (`ServiceConfig.ops`). */
  url?: string;
  /** The store caught up with its topic: how long that took goes to `puchi_service_restore_seconds`. */
  restored(): void;
  /** The service answers requests: ready, and its store's size is reported. */
  started(db: Db): void;
  /** Draining: not ready any more (the ops server still answers until `close`). */
  stopping(): void;
  close(): Promise<void>;
}

/**
 * Starts recording a domain service's metrics, and when `listen` is given its ops server, before anything else:
 * while the store catches up with its topic (minutes, for a big history) the process is live, not ready, and its
 * scrape shows `puchi_service_ready 0`, which is what the "restoring too long" alert watches.
 */
export async function startServiceOps(domain: string, listen: OpsListen | undefined, logger: Logger): Promise<ServiceOps> {
  ensureDefaultMetrics();
  const ready = gauge({ name: SERVICE_METRICS.ready, help: 'Whether the domain service answers requests (1) or is still starting, restoring its store or stopping (0).', labelNames: ['domain'] as const }).labels(domain);
  const restoreSeconds = gauge({ name: SERVICE_METRICS.restoreSeconds, help: 'How long the domain service took at start to catch its store up with its event topic, seconds.', labelNames: ['domain'] as const }).labels(domain);
  ready.set(0);
  const began = performance.now();
  let state: Readiness = 'starting';
  let untrack: (() => void) | undefined;
  const server: OpsServer | undefined = listen ? await startOpsServer(listen, () => state, logger) : undefined;
  return {
    instrumentation: kafkaMetrics(),
    url: server?.url,
    restored: () => restoreSeconds.set((performance.now() - began) / 1000),
    started: (db) => {
      state = 'ready';
      ready.set(1);
      untrack = trackStoreSize(domain, db);
    },
    stopping: () => {
      state = 'stopping';
      ready.set(0);
    },
    close: async () => {
      state = 'stopping';
      ready.set(0);
      untrack?.();
      await server?.close();
    },
  };
}
