import { uniqueName } from '../testing/names';
import { waitFor } from '../testing/wait';
import type { Assignment, BusConsumer, MessageBus } from './port';
import { createTestTopics, FAST_GROUP, testBus } from './testing';

// Co-partitioned assignment on a real broker: partition p of every subscribed topic goes to one member, and two
// groups whose members are the same instances share the partitions out the same way.

const INSTANCES = ['instance-a', 'instance-b'] as const;
type Instance = (typeof INSTANCES)[number];

const sorted = (partitions: number[] | undefined) => [...(partitions ?? [])].sort((a, b) => a - b);

describe('co-partitioned assignment', () => {
  let bus: MessageBus;
  let dropTopics: () => Promise<void>;
  const topics = [uniqueName('co-requests'), uniqueName('co-events')];
  const groups: string[] = [];
  const consumers: BusConsumer[] = [];

  beforeAll(async () => {
    bus = testBus();
    dropTopics = await createTestTopics(bus, topics.map((name) => ({ name, partitions: 3 })));
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    const admin = await bus.admin();
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
    await dropTopics();
  });

  /** Runs one member per instance in a new group; resolves with each instance's assignment once the group is settled. */
  async function runGroup(): Promise<Record<Instance, Assignment>> {
    const groupId = uniqueName('co-group');
    groups.push(groupId);
    const latest = {} as Record<Instance, Assignment>;
    for (const instance of INSTANCES) {
      const consumer = bus.consumer({ groupId, ...FAST_GROUP, assignment: { coPartitioned: instance }, commit: false });
      consumers.push(consumer);
      consumer.onAssignment((assignment) => (latest[instance] = assignment));
      await consumer.connect();
      await consumer.subscribe(topics, true);
      await consumer.run({ onBatch: async () => undefined });
    }
    // The second member's join rebalances the first: settled once each partition of each topic is held exactly once.
    await waitFor(
      'both members assigned every partition',
      () => topics.every((t) => sorted(INSTANCES.flatMap((i) => latest[i]?.[t] ?? [])).join() === '0,1,2'),
      20_000,
    );
    return latest;
  }

  function partitionsOf(assignment: Assignment): number[] {
    return sorted(topics.flatMap((t) => assignment[t] ?? []).filter((p, i, all) => all.indexOf(p) === i));
  }

  it('gives each member the same partitions of every topic, and the members all of them; a second group of the same instances the same', async () => {
    const first = await runGroup();
    for (const instance of INSTANCES) {
      const [requests, events] = topics.map((t) => sorted(first[instance][t]));
      expect(requests!.length).toBeGreaterThan(0);
      expect(events).toEqual(requests);
    }
    expect(sorted(INSTANCES.flatMap((i) => partitionsOf(first[i])))).toEqual([0, 1, 2]);
    // Members ordered by instance: the first instance by name holds partitions 0 and 2, whatever the member ids.
    expect(partitionsOf(first['instance-a'])).toEqual([0, 2]);

    const second = await runGroup();
    for (const instance of INSTANCES) {
      for (const t of topics) expect(sorted(second[instance][t])).toEqual(sorted(first[instance][t]));
    }
  });
});
