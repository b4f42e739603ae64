import { uniqueName } from '../testing/names';
import { createTestTopics, testBus } from './testing';

/**
 * kafkajs asks for every topic a client ever produced to in each metadata refresh, and one deleted topic among them
 * failed them all: a producer that had written to a topic since deleted could not load any new one (see
 * kafkajs-metadata-patch.ts). A responder's reply producer is such a client: callers come and go.
 */
const bus = testBus();

it('produces to a new topic after a topic it produced to was deleted', async () => {
  const gone = uniqueName('meta-gone');
  const fresh = uniqueName('meta-fresh');
  const dropGone = await createTestTopics(bus, [{ name: gone, partitions: 1 }]);
  const producer = bus.producer();
  await producer.connect();
  const admin = await bus.admin();
  try {
    await producer.send([{ topic: gone, partition: 0, key: null, value: 'before' }]);
    await dropGone();
    // Until the broker no longer knows it, a refresh naming it would still succeed and prove nothing.
    while ((await admin.listTopics()).includes(gone)) await new Promise((resolve) => setTimeout(resolve, 100));
    const dropFresh = await createTestTopics(bus, [{ name: fresh, partitions: 1 }]);
    try {
      await producer.send([{ topic: fresh, partition: 0, key: null, value: 'after' }]);
    } finally {
      await dropFresh();
    }
  } finally {
    await admin.disconnect();
    await producer.disconnect();
  }
});
