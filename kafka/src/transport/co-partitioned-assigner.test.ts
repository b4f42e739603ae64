import { AssignerProtocol, type Cluster, type GroupMember, type Logger } from 'kafkajs';
import { CO_PARTITIONED, coPartitionedAssigner } from './co-partitioned-assigner';

/** A cluster whose topics have the given partition ids (in the order the metadata lists them). */
function fakeCluster(partitions: Record<string, number[]>): Cluster {
  return { findTopicPartitionMetadata: (topic: string) => (partitions[topic] ?? []).map((partitionId) => ({ partitionId })) } as unknown as Cluster;
}

const logger = {} as Logger;

/** A member as the group coordinator hands it to the leader: the metadata its own assigner's `protocol()` made. */
function member(memberId: string, instance: string, topics: string[]): GroupMember {
  const { metadata } = coPartitionedAssigner(instance)({ cluster: fakeCluster({}), groupId: 'g', logger }).protocol({ topics });
  return { memberId, memberMetadata: metadata };
}

/** Runs the leader's assignment and decodes it: member id → topic → sorted partitions. */
async function assign(partitions: Record<string, number[]>, members: GroupMember[]): Promise<Map<string, Record<string, number[]>>> {
  const assigner = coPartitionedAssigner('leader')({ cluster: fakeCluster(partitions), groupId: 'g', logger });
  const result = await assigner.assign({ members, topics: Object.keys(partitions) });
  return new Map(
    result.map(({ memberId, memberAssignment }) => {
      const { assignment } = AssignerProtocol.MemberAssignment.decode(memberAssignment)!;
      return [memberId, Object.fromEntries(Object.entries(assignment).map(([topic, ps]) => [topic, [...ps].sort((a, b) => a - b)]))];
    }),
  );
}

/** Instance → topic → partitions, through the member ids of `members`. */
function byInstance(members: Record<string, string>, assignment: Map<string, Record<string, number[]>>): Record<string, Record<string, number[]>> {
  return Object.fromEntries(Object.entries(members).map(([memberId, instance]) => [instance, assignment.get(memberId)!]));
}

const TOPICS = { requests: [0, 1, 2], events: [0, 1, 2] };

describe('coPartitionedAssigner', () => {
  it('names its protocol and puts the instance in the user data', () => {
    const { name, metadata } = coPartitionedAssigner('instance-a')({ cluster: fakeCluster({}), groupId: 'g', logger }).protocol({ topics: ['t'] });
    expect(name).toBe(CO_PARTITIONED);
    const decoded = AssignerProtocol.MemberMetadata.decode(metadata)!;
    expect(decoded.topics).toEqual(['t']);
    expect(decoded.userData.toString('utf8')).toBe('instance-a');
  });

  it('gives partition p of every topic to the same member, and every topic-partition to exactly one member', async () => {
    const topics = Object.keys(TOPICS);
    // The metadata lists partitions in no particular order.
    const assignment = await assign({ requests: [2, 0, 1], events: [1, 2, 0] }, [member('m-1', 'instance-a', topics), member('m-2', 'instance-b', topics)]);
    expect(byInstance({ 'm-1': 'instance-a', 'm-2': 'instance-b' }, assignment)).toEqual({
      'instance-a': { requests: [0, 2], events: [0, 2] },
      'instance-b': { requests: [1], events: [1] },
    });
    for (const p of [0, 1, 2]) {
      const holders = [...assignment].filter(([, a]) => topics.some((t) => a[t]?.includes(p))).map(([m]) => m);
      expect(holders).toHaveLength(1);
      for (const t of topics) expect(assignment.get(holders[0]!)![t]).toContain(p);
    }
  });

  it('orders members by instance, not member id: two groups of the same instances get the same mapping', async () => {
    const topics = Object.keys(TOPICS);
    // Member ids sort b before a in the first group and a before b in the second.
    const first = { 'm-1': 'instance-b', 'm-2': 'instance-a' };
    const second = { 'x-1': 'instance-a', 'x-2': 'instance-b' };
    const mappingOf = async (members: Record<string, string>) =>
      byInstance(members, await assign(TOPICS, Object.entries(members).map(([id, instance]) => member(id, instance, topics))));
    const firstMapping = await mappingOf(first);
    expect(firstMapping).toEqual({
      'instance-a': { requests: [0, 2], events: [0, 2] },
      'instance-b': { requests: [1], events: [1] },
    });
    expect(await mappingOf(second)).toEqual(firstMapping);
    // Nor by the order the coordinator lists members in.
    expect(await mappingOf(Object.fromEntries(Object.entries(second).reverse()))).toEqual(firstMapping);
  });

  it('leaves the members beyond the partition count empty', async () => {
    const topics = Object.keys(TOPICS);
    const members = { 'm-4': 'instance-a', 'm-3': 'instance-b', 'm-2': 'instance-c', 'm-1': 'instance-d' };
    const assignment = await assign(TOPICS, Object.entries(members).map(([id, instance]) => member(id, instance, topics)));
    expect(assignment.size).toBe(4);
    expect(byInstance(members, assignment)).toEqual({
      'instance-a': { requests: [0], events: [0] },
      'instance-b': { requests: [1], events: [1] },
      'instance-c': { requests: [2], events: [2] },
      'instance-d': {},
    });
  });

  it('orders members without an instance (empty user data) by member id', async () => {
    const topics = Object.keys(TOPICS);
    const anonymous = (memberId: string): GroupMember => ({
      memberId,
      memberMetadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    });
    const expected = new Map([
      ['m-a', { requests: [0, 2], events: [0, 2] }],
      ['m-b', { requests: [1], events: [1] }],
    ]);
    expect(await assign(TOPICS, [anonymous('m-b'), anonymous('m-a')])).toEqual(expected);
    expect(await assign(TOPICS, [anonymous('m-a'), anonymous('m-b')])).toEqual(expected);
    // Among members that name an instance, its member id stands in for one.
    const mixed = await assign(TOPICS, [member('m-1', 'instance-c', topics), anonymous('instance-b'), member('m-2', 'instance-a', topics)]);
    expect(byInstance({ 'm-2': 'instance-a', 'instance-b': 'instance-b', 'm-1': 'instance-c' }, mixed)).toEqual({
      'instance-a': { requests: [0], events: [0] },
      'instance-b': { requests: [1], events: [1] },
      'instance-c': { requests: [2], events: [2] },
    });
  });
});
