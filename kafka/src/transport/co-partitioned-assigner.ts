import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** Kafka's name for the protocol: every member of a group must offer it. */
export const CO_PARTITIONED = 'PuchiCoPartitioned';

/**
 * The members of a group in a stable order: by the instance each says it belongs to (its metadata's user data),
 * then by member id. Two groups whose members are the same instances list them in the same order.
 */
function orderedMembers(members: { memberId: string; memberMetadata: Buffer }[]): string[] {
  const keyed = members.map(({ memberId, memberMetadata }) => {
    const userData = AssignerProtocol.MemberMetadata.decode(memberMetadata)?.userData;
    return { memberId, instance: userData && userData.length > 0 ? userData.toString('utf8') : memberId };
  });
  keyed.sort((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : a.memberId < b.memberId ? -1 : 1));
  return keyed.map((k) => k.memberId);
}

/**
 * Co-partitioned assignment, as Kafka Streams gives its tasks: partition p of every subscribed topic goes to the same
 * member (the (p mod n)-th, members ordered by instance). A domain's request topics and its event topic have the same
 * partition count and are keyed by the same entity, so the one member holding partition p holds every request about
 * the entities of p, whatever the topic: one writer per key. A reaction group whose members are the same instances
 * (`instance`) gets the same mapping, so its writes happen on the owner too (between two rebalances).
 */
export function coPartitionedAssigner(instance: string): PartitionAssigner {
  return ({ cluster }) => ({
    name: CO_PARTITIONED,
    version: 0,
    async assign({ members, topics }) {
      const ordered = orderedMembers(members);
      const assignment = new Map<string, Record<string, number[]>>(ordered.map((m) => [m, {}]));
      for (const topic of topics) {
        for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
          const member = assignment.get(ordered[partitionId % ordered.length]!)!;
          (member[topic] ??= []).push(partitionId);
        }
      }
      return [...assignment].map(([memberId, topicPartitions]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: topicPartitions, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name: CO_PARTITIONED, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.from(instance, 'utf8') }) };
    },
  });
}
