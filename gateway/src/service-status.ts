import { CONSUMER_GROUPS, DOMAINS, type Domain } from '@puchi/domains';
import { REPEAT_SAFE_COMMIT_INTERVAL_MS, SYSTEM_TOPICS, subscribe, type GroupStatus, type MessageBus, type Subscription } from '@puchi/kafka';
import { HEARTBEAT_TYPE, ROLES, type InstanceState, type ServiceHeartbeat } from '@puchi/subgraph-kit';
import type { Authenticator } from './auth';
import type { CircuitStateName } from './circuit';
import type { SharedAdmin } from './shared-admin';

/** An instance counts as live while its last heartbeat is younger than this (3 missed beats at the default 5 s). */
const LIVE_MS = 15_000;

export interface InstanceStatus {
  instanceId: string;
  /** Admins only: where the instance runs. */
  host?: string;
  /** Admins only. */
  pid?: number;
  startedAt: string;
  /** `restoring`: its store is catching up and it answers nothing yet (or nothing of partitions it was just given); `halted`: see `halt`. */
  state: InstanceState;
  /** Where its store stopped for good: the event it cannot apply, and why. */
  halt?: ServiceHeartbeat['halt'];
  lastHeartbeat: string;
  stats: ServiceHeartbeat['stats'];
}

export interface ServiceStatus {
  domain: Domain;
  /**
   * `up`: a live instance is ready and the domain's consumer group has members; `restoring`: live instances, none
   * ready yet; `halted`: the live instances' stores all stopped at an event they cannot apply; `down`: none live,
   * or nobody in the group (whatever heartbeats say, nobody answers).
   */
  status: 'up' | 'restoring' | 'halted' | 'down';
  /** This gateway's circuit for the domain (docs/limits.md, "Circuit breaker"); absent without circuits. */
  circuit?: CircuitStateName;
  /** Partitions whose circuit (keyed calls to their owner) is open or half-open at this gateway; absent when none. */
  circuitPartitions?: number[];
  instances: InstanceStatus[];
  lastHeartbeat: string | null;
  consumerGroup: Omit<GroupStatus, 'members'> & {
    /** `host` (the address the broker sees it connect from) is shown to admins only. */
    members: { clientId: string; host?: string }[];
  };
}

export interface StatusBody {
  status: 'ok' | 'degraded';
  services: ServiceStatus[];
}

/** Who asks: only an admin sees where things run. */
export interface StatusViewer {
  admin: boolean;
}

/**
 * Who a request's Authorization header says it is: an admin only with a valid token carrying the `admin` role.
 * No token, or a bad one, sees what anyone sees rather than an error, so monitoring keeps reading the route
 * without a token.
 */
export async function statusViewer(auth: Pick<Authenticator, 'identify'>, authorization: string | undefined): Promise<StatusViewer> {
  const identity = await auth.identify(authorization).catch(() => undefined);
  return { admin: identity?.roles.includes(ROLES.admin) ?? false };
}

export interface ServiceStatusBoard {
  status(viewer: StatusViewer): Promise<{ status: number; body: StatusBody }>;
  close(): Promise<void>;
}

/**
 * The status as anyone but an admin sees it: no instance's `host` or `pid` and no consumer group member's
 * `host`. Those map the deployment (machine names, internal addresses) for whoever would attack it, and the
 * route needs no token.
 */
export function withoutHosts(body: StatusBody): StatusBody {
  return {
    ...body,
    services: body.services.map((service) => ({
      ...service,
      instances: service.instances.map(({ host: _host, pid: _pid, ...instance }) => instance),
      consumerGroup: { ...service.consumerGroup, members: service.consumerGroup.members.map(({ host: _host, ...member }) => member) },
    })),
  };
}

/**
 * `GET /api/services/status`: per domain, the live instances (from `service-heartbeats`, read by this gateway
 * as a fan-out subscription) and its consumer group's state, members and lag (from the broker, through the
 * gateway's one admin connection). Hosts and pids only for an admin (`withoutHosts`).
 */
export async function startServiceStatusBoard(bus: MessageBus, admin: SharedAdmin, circuits?: { state(domain: string): CircuitStateName; openPartitions?(domain: string): number[] }): Promise<ServiceStatusBoard> {
  const latest = new Map<string, { beat: ServiceHeartbeat; at: number }>();
  const subscription: Subscription = await subscribe({
    bus,
    topic: SYSTEM_TOPICS.heartbeats,
    mode: 'fanout',
    from: { timestamp: Date.now() - LIVE_MS },
    // A rejoin reading a second of beats again changes nothing: no commit after every beat read.
    consumer: { commitIntervalMs: REPEAT_SAFE_COMMIT_INTERVAL_MS },
    handler: (event) => {
      if (event.type !== HEARTBEAT_TYPE) return;
      const beat = event.payload as ServiceHeartbeat;
      latest.set(beat.instanceId, { beat, at: Date.parse(event.occurredAt) });
    },
  });

  return {
    async status(viewer) {
      const groups = await admin.use((a) => Promise.all(DOMAINS.map((domain) => a.groupStatus(CONSUMER_GROUPS[domain]))));
      const now = Date.now();
      const services = DOMAINS.map((domain: Domain, i): ServiceStatus => {
        const beats = [...latest.values()].filter((b) => b.beat.domain === domain);
        const live = beats.filter((b) => now - b.at < LIVE_MS);
        const last = Math.max(0, ...beats.map((b) => b.at));
        const ready = live.filter((b) => (b.beat.state ?? 'ready') === 'ready');
        const answering = groups[i]!.members.length > 0;
        const status = ready.length > 0 ? (answering ? 'up' : 'down') : live.some((b) => b.beat.state !== 'halted') ? 'restoring' : live.length > 0 ? 'halted' : 'down';
        return {
          domain,
          status,
          ...(circuits ? { circuit: circuits.state(domain) } : {}),
          ...(circuits?.openPartitions?.(domain).length ? { circuitPartitions: circuits.openPartitions(domain) } : {}),
          instances: live.map((b) => ({
            instanceId: b.beat.instanceId,
            host: b.beat.host,
            pid: b.beat.pid,
            startedAt: b.beat.startedAt,
            state: b.beat.state ?? 'ready',
            ...(b.beat.halt ? { halt: b.beat.halt } : {}),
            lastHeartbeat: new Date(b.at).toISOString(),
            stats: b.beat.stats,
          })),
          lastHeartbeat: last ? new Date(last).toISOString() : null,
          consumerGroup: groups[i]!,
        };
      });
      // An open circuit is a domain this gateway is not reaching, whatever its heartbeats say.
      const body: StatusBody = { status: services.every((s) => s.status === 'up' && s.circuit !== 'open') ? 'ok' : 'degraded', services };
      return { status: 200, body: viewer.admin ? body : withoutHosts(body) };
    },
    close: () => subscription.close(),
  };
}
