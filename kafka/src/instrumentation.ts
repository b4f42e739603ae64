import type { DeadLetterReason } from './dead-letter';
import { ClosedError, NoResponderError, RemoteError, RequestTimeoutError } from './errors';

/**
 * How a request through `RpcClient` ended: `ok` (a reply), `remote-error` (the responder answered with an error),
 * `timeout` (no reply by the deadline), `no-responder` (no topic or nobody consuming it), `closed` (the client
 * closed first), `error` (anything else: the broker refused the send…).
 */
export type RequestOutcome = 'ok' | 'remote-error' | 'timeout' | 'no-responder' | 'closed' | 'error';

/** How a responder's handler ended: `ok` (a reply) or `error` (an error reply). */
export type HandlerOutcome = 'ok' | 'error';

/** How an event subscriber's handler ended: `ok`, or `dead-lettered` (undecodable, or failed until retries ran out). */
export type EventOutcome = 'ok' | 'dead-lettered';

/**
 * Hooks the Kafka machinery calls as work passes through it, for metrics (the library depends on no metrics
 * package: the gateway and the services wire these to prom-client). Every hook is optional and gets only
 * primitives, so an implementation can keep its labelled series per topic and record without allocating. Hooks
 * run inline on the hot path: keep them cheap and never throw (a throwing hook is the caller's bug, not retried).
 * Durations are in seconds, as Prometheus wants them.
 */
export interface KafkaInstrumentation {
  /** `RpcClient`: a request to `topic` starts waiting for its reply. */
  requestStarted?(topic: string): void;
  /** `RpcClient`: a request to `topic` ended, after `seconds`. Every `requestStarted` gets exactly one. */
  requestFinished?(topic: string, outcome: RequestOutcome, seconds: number): void;
  /** `Responder`: the handler of a request on `topic` returned or threw after `seconds`. */
  requestHandled?(topic: string, outcome: HandlerOutcome, seconds: number): void;
  /** `Responder`: a request on `topic` was dropped unhandled because its caller's deadline had passed. */
  requestExpired?(topic: string): void;
  /** `EventPublisher`: an event was acknowledged on `topic` (`ok`) or its send failed (`error`). */
  eventPublished?(topic: string, outcome: 'ok' | 'error'): void;
  /** `subscribe`: an event of `topic` was handled (retries included) or dead-lettered, after `seconds`. */
  eventConsumed?(topic: string, outcome: EventOutcome, seconds: number): void;
  /** `Responder` or `subscribe`: a record of `topic` was written to `<topic>.DLT`. */
  deadLettered?(topic: string, reason: DeadLetterReason): void;
}

/** The outcome a failed request reports to `requestFinished`. */
export function requestOutcomeOf(error: unknown): RequestOutcome {
  if (error instanceof RemoteError) return 'remote-error';
  if (error instanceof RequestTimeoutError) return 'timeout';
  if (error instanceof NoResponderError) return 'no-responder';
  if (error instanceof ClosedError) return 'closed';
  return 'error';
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
