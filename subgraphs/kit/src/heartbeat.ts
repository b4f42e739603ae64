import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { SYSTEM_TOPICS, type EventPublisher, type Logger, type Responder } from '@puchi/kafka';

/** What an instance announces on `service-heartbeats`; the gateway's `/api/services/status` shows it. */
export interface ServiceHeartbeat {
  domain: string;
  instanceId: string;
  host: string;
  pid: number;
  startedAt: string;
  /** Requests handled, failed, expired and dead-lettered so far by this instance. */
  stats: Responder['stats'];
}

export const HEARTBEAT_TYPE = 'service.heartbeat';

/** Announces the instance at once, then every `intervalMs` (an unref'd timer: it never holds the process). */
export function startHeartbeat(publisher: EventPublisher, domain: string, responder: Responder, logger: Logger, intervalMs: number): NodeJS.Timeout {
  const instanceId = `${domain}-${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  const beat = () => {
    const payload: ServiceHeartbeat = { domain, instanceId, host: os.hostname(), pid: process.pid, startedAt, stats: { ...responder.stats } };
    publisher.publish(SYSTEM_TOPICS.heartbeats, { type: HEARTBEAT_TYPE, subject: instanceId, payload }).catch((error: unknown) => logger.warn('heartbeat not published', { error }));
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return timer;
}
