import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { SYSTEM_TOPICS, type EventPublisher, type Logger, type ResponderStats } from '@puchi/kafka';

/** `restoring`: the instance's store is catching up with its event topic and it answers no request yet. */
export type InstanceState = 'restoring' | 'ready';

/** What an instance announces on `service-heartbeats`; the gateway's `/api/services/status` shows it. */
export interface ServiceHeartbeat {
  domain: string;
  instanceId: string;
  host: string;
  pid: number;
  startedAt: string;
  /** Absent in heartbeats from before it existed, which an instance sent only once ready: read it as `ready`. */
  state?: InstanceState;
  /** Requests handled, failed, expired and dead-lettered so far by this instance. */
  stats: ResponderStats;
}

export const HEARTBEAT_TYPE = 'service.heartbeat';

/** An instance's heartbeat, from its start: `restoring` until `ready` says it answers requests. */
export interface Heartbeat {
  /** Announces the instance ready at once, with its responder's counts from now on. */
  ready(stats: () => ResponderStats): void;
  stop(): void;
}

const NO_REQUESTS: ResponderStats = { handled: 0, failed: 0, expired: 0, deadLettered: 0, identityRefused: 0, repliesDropped: 0 };

/**
 * Announces the instance at once as `restoring`, then every `intervalMs` (an unref'd timer: it never holds the
 * process), so an instance rebuilding a long history shows up (and how long it takes) before it answers anything.
 */
export function startHeartbeat(publisher: EventPublisher, domain: string, logger: Logger, intervalMs: number): Heartbeat {
  const instanceId = `${domain}-${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  let state: InstanceState = 'restoring';
  let stats = () => NO_REQUESTS;
  const beat = () => {
    const payload: ServiceHeartbeat = { domain, instanceId, host: os.hostname(), pid: process.pid, startedAt, state, stats: { ...stats() } };
    publisher.publish(SYSTEM_TOPICS.heartbeats, { type: HEARTBEAT_TYPE, subject: instanceId, payload }).catch((error: unknown) => logger.warn('heartbeat not published', { error }));
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return {
    ready(responderStats) {
      state = 'ready';
      stats = responderStats;
      beat();
    },
    stop: () => clearInterval(timer),
  };
}
