import { uniqueName } from '../testing/names';
import { createTestTopics, testBus } from './testing';
import type { BusAdmin } from './port';

/** `endOffsets` (one ListOffsets round trip) against `boundaryOffsets(…, 'high')`, on the broker. */
const bus = testBus();
const topic = uniqueName('end-offsets');
let admin: BusAdmin;
let dropTopics: () => Promise<void>;

beforeAll(async () => {
  dropTopics = await createTestTopics(bus, [{ name: topic, partitions: 3 }]);
  admin = await bus.admin();
});
afterAll(async () => {
  await admin.disconnect();
  await dropTopics();
});

it('gives the same end offsets as the admin, as records are written', async () => {
  expect(admin.endOffsets).toBeDefined();
  const producer = bus.producer();
  await producer.connect();
  try {
    for (let round = 0; round < 3; round++) {
      await producer.send(Array.from({ length: 5 + round }, (_, i) => ({ topic, key: `k${round}-${i}`, value: 'x' })));
      const [fast, slow] = await Promise.all([admin.endOffsets!(topic), admin.boundaryOffsets(topic, 'high')]);
      const byPartition = (offsets: { partition: number; offset: string }[]) => [...offsets].sort((a, b) => a.partition - b.partition);
      expect(byPartition(fast)).toEqual(byPartition(slow));
    }
    const total = (await admin.endOffsets!(topic)).reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total).toBe(5 + 6 + 7);
  } finally {
    await producer.disconnect();
  }
});

it('fails for a topic that does not exist', async () => {
  await expect(admin.endOffsets!(uniqueName('missing'))).rejects.toThrow();
});
