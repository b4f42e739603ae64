import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { SYSTEM_TOPICS, type EventPublisher, type Logger, type ResponderStats } from '@puchi/kafka';

/**
 * `restoring`: the instance's store is catching up with its event topic (at start, or for partitions it was just
 * given) and it answers no request of them yet. `halted`: its store stopped at an event it cannot apply (`halt`
 * says which), and it answers nothing.
 */
export type InstanceState = 'restoring' | 'ready' | 'halted';

/** Where an instance's store stopped, for the status page. */
export interface HeartbeatHalt {
  topic: string;
  partition: number;
  offset: string;
  eventId?: string;
  type?: string;
  error: string;
}

/** What an instance announces on `service-heartbeats`; the gateway's `/api/services/status` shows it. */
export interface ServiceHeartbeat {
  domain: string;
  instanceId: string;
  host: string;
  pid: number;
  startedAt: string;
  /** Absent in heartbeats from before it existed, which an instance sent only once ready: read it as `ready`. */
  state?: InstanceState;
  /** With `state: 'halted'`. */
  halt?: HeartbeatHalt;
  /** Requests handled, failed, expired and dead-lettered so far by this instance. */
  stats: ResponderStats;
}

export const HEARTBEAT_TYPE = 'service.heartbeat';

/** An instance's heartbeat, from its start: `restoring` until `ready` says it answers requests. */
export interface Heartbeat {
  /** This instance (`<domain>-<8 hex digits>`), as its heartbeats and its consumers' group metadata name it. */
  readonly instanceId: string;
  /** Announces the instance ready at once, with its responder's counts from now on (`stats`: the first time). */
  ready(stats?: () => ResponderStats): void;
  /** Announces the instance restoring partitions it was given (ready again with `ready()`). */
  restoring(): void;
  /** Announces, for good, that its store stopped at an event. */
  halted(halt: HeartbeatHalt): void;
  stop(): void;
}

const NO_REQUESTS: ResponderStats = { handled: 0, failed: 0, expired: 0, deadLettered: 0, identityRefused: 0, repliesDropped: 0, duplicates: 0 };

/**
 * Announces the instance at once as `restoring`, then every `intervalMs` (an unref'd timer: it never holds the
 * process), so an instance rebuilding a long history shows up (and how long it takes) before it answers anything.
 */
export function startHeartbeat(publisher: EventPublisher, domain: string, logger: Logger, intervalMs: number): Heartbeat {
  const instanceId = `${domain}-${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  let state: InstanceState = 'restoring';
  let halt: HeartbeatHalt | undefined;
  let stats = () => NO_REQUESTS;
  const beat = () => {
    const payload: ServiceHeartbeat = { domain, instanceId, host: os.hostname(), pid: process.pid, startedAt, state, ...(halt ? { halt } : {}), stats: { ...stats() } };
    publisher.publish(SYSTEM_TOPICS.heartbeats, { type: HEARTBEAT_TYPE, subject: instanceId, payload }).catch((error: unknown) => logger.warn('heartbeat not published', { error }));
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return {
    instanceId,
    ready(responderStats) {
      if (state === 'halted') return;
      if (responderStats) stats = responderStats;
      if (state === 'ready') return;
      state = 'ready';
      beat();
    },
    restoring() {
      if (state !== 'ready') return;
      state = 'restoring';
      beat();
    },
    halted(stoppedAt) {
      state = 'halted';
      halt = stoppedAt;
      beat();
    },
    stop: () => clearInterval(timer),
  };
}
