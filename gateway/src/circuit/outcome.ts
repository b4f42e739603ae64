import { BrokerUnavailableError, NoResponderError, RemoteError, RequestTimeoutError } from '@puchi/kafka';

/**
 * What a failed call says about the service it went to:
 * - `failure`: it did not answer (a timeout with time to answer, nobody in its group, the broker unreachable) or
 *   answered "try again" (a retriable remote error): counts towards opening its circuit;
 * - `answered`: it answered, with an error about the request (NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, a handler's
 *   bug): it is alive, so this counts as a success;
 * - `neutral`: nothing about the service (the gateway closing, a timeout whose request had spent its deadline
 *   elsewhere, a programming error): not counted either way.
 */
export type CallOutcome = 'failure' | 'answered' | 'neutral';

/** `minTimeoutMs`: a timeout counts only when its call had at least this long (`CircuitSettings.minTimeoutMs`). */
export function outcomeOf(error: unknown, minTimeoutMs: number): CallOutcome {
  // `timeoutMs` is what was left of the request's deadline when the call was sent: a call sent with 100 ms
  // left times out because its request was slow before it, not because this service is.
  if (error instanceof RequestTimeoutError) return error.timeoutMs >= minTimeoutMs ? 'failure' : 'neutral';
  if (error instanceof NoResponderError || error instanceof BrokerUnavailableError) return 'failure';
  if (error instanceof RemoteError) return error.retriable ? 'failure' : 'answered';
  return 'neutral';
}
