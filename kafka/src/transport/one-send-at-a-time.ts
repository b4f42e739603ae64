import type { OutgoingRecord } from './port';

/**
 * Sends of an idempotent producer, one at a time: neither client keeps its sequence numbers right across
 * concurrent sends when one of them fails. kafkajs (kafkajs#1005) gives a failed request's numbers back although
 * another send took the next ones, and the broker then drops a later batch as a "duplicate" while acknowledging
 * it; @platformatic/kafka resets its producer id after a failed send, and a send under way with the old id's
 * sequences is refused as out of order. A failed send does not stop the ones queued behind it.
 */
export function oneSendAtATime(send: (records: OutgoingRecord[]) => Promise<void>): (records: OutgoingRecord[]) => Promise<void> {
  let previous: Promise<unknown> = Promise.resolve();
  return (records) => {
    const run = previous.then(() => send(records));
    previous = run.catch(() => undefined);
    return run;
  };
}
