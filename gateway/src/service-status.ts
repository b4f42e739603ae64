import { CONSUMER_GROUPS, DOMAINS, type Domain } from '@puchi/domains';
import { SYSTEM_TOPICS, subscribe, type MessageBus, type Subscription } from '@puchi/kafka';
import { HEARTBEAT_TYPE, type ServiceHeartbeat } from '@puchi/subgraph-kit';

/** An instance counts as live while its last heartbeat is younger than this (3 missed beats at the default 5 s). */
const LIVE_MS = 15_000;

export interface ServiceStatusBoard {
  status(): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/**
 * `GET /api/services/status`: per domain, the live instances (from `service-heartbeats`, read by this gateway
 * as a fan-out subscription) and its consumer group's state, members and lag (from the broker).
 */
export async function startServiceStatusBoard(bus: MessageBus): Promise<ServiceStatusBoard> {
  const latest = new Map<string, { beat: ServiceHeartbeat; at: number }>();
  const subscription: Subscription = await subscribe({
    bus,
    topic: SYSTEM_TOPICS.heartbeats,
    mode: 'fanout',
    from: { timestamp: Date.now() - LIVE_MS },
    handler: (event) => {
      if (event.type !== HEARTBEAT_TYPE) return;
      const beat = event.payload as ServiceHeartbeat;
      latest.set(beat.instanceId, { beat, at: Date.parse(event.occurredAt) });
    },
  });

  return {
    async status() {
      const admin = await bus.admin();
      try {
        const now = Date.now();
        const services = await Promise.all(
          DOMAINS.map(async (domain: Domain) => {
            const beats = [...latest.values()].filter((b) => b.beat.domain === domain);
            const live = beats.filter((b) => now - b.at < LIVE_MS);
            const group = await admin.groupStatus(CONSUMER_GROUPS[domain]);
            const last = Math.max(0, ...beats.map((b) => b.at));
            return {
              domain,
              status: live.length > 0 ? 'up' : 'down',
              instances: live.map((b) => ({ instanceId: b.beat.instanceId, host: b.beat.host, pid: b.beat.pid, startedAt: b.beat.startedAt, lastHeartbeat: new Date(b.at).toISOString(), stats: b.beat.stats })),
              lastHeartbeat: last ? new Date(last).toISOString() : null,
              consumerGroup: group,
            };
          }),
        );
        const allUp = services.every((s) => s.status === 'up');
        return { status: 200, body: { status: allUp ? 'ok' : 'degraded', services } };
      } finally {
        void admin.disconnect();
      }
    },
    close: () => subscription.close(),
  };
}
