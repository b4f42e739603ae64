import { DecodeError, type EventHandler } from '@puchi/kafka';
import { ZodError } from 'zod';
import { InvalidEventError, zodProblems } from './errors';

/**
 * An event handler whose invalid payloads (zod failures, `InvalidEventError`) go to the DLT as undecodable.
 * The subscriber already dead-letters any non-retriable failure after one attempt (`InvalidEventError`, a
 * `DomainError`) and retries the rest; this only names a bad payload's failure `undecodable` rather than
 * `handler-failed`, and a zod error, which says nothing about retrying, would otherwise be retried.
 * Used by reactions and by the store's projection alike.
 */
export function deadLetteringInvalidPayloads<T>(handle: EventHandler<T>): EventHandler<T> {
  return async (event, context) => {
    try {
      await handle(event, context);
    } catch (error) {
      if (error instanceof ZodError || error instanceof InvalidEventError) {
        const problem = error instanceof ZodError ? zodProblems(error) : error.problem;
        throw new DecodeError(context.topic, context.partition, context.offset, problem, error);
      }
      throw error;
    }
  };
}
