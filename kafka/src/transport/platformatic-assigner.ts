import type { ExtendedGroupProtocolSubscription, GroupAssignment, GroupPartitionsAssigner, GroupPartitionsAssignments } from '@platformatic/kafka';

/** Kafka's name for the protocol, the kafkajs assigner's (`co-partitioned-assigner.ts`): every member of a group must offer it. */
export const CO_PARTITIONED = 'PuchiCoPartitioned';

/** The instance a member says it belongs to (its subscription's user data), else its member id. */
function instanceOf(member: ExtendedGroupProtocolSubscription): string {
  const userData = member.metadata;
  if (typeof userData === 'string' && userData.length > 0) return userData;
  if (Buffer.isBuffer(userData) && userData.length > 0) return userData.toString('utf8');
  return member.memberId;
}

/**
 * Co-partitioned assignment on @platformatic/kafka's classic-protocol assigner hook, the same mapping as the kafkajs
 * `coPartitionedAssigner`: partition p of every subscribed topic goes to the (p mod n)-th member, members ordered by
 * instance then member id. The instance travels as the subscription's user data (the protocol's `metadata`), in
 * the standard ConsumerProtocolSubscription v0 encoding kafkajs also writes.
 */
export const coPartitionedAssignment: GroupPartitionsAssigner = (_current, members, topics, metadata) => {
  const ordered = [...members.values()]
    .map((m) => ({ memberId: m.memberId, instance: instanceOf(m) }))
    .sort((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : a.memberId < b.memberId ? -1 : 1));
  const result: GroupPartitionsAssignments[] = ordered.map(({ memberId }) => ({ memberId, assignments: new Map<string, GroupAssignment>() }));
  if (result.length === 0) return result;
  for (const topic of [...topics].sort()) {
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    for (let partition = 0; partition < count; partition++) {
      const { assignments } = result[partition % result.length]!;
      const entry = assignments.get(topic) ?? { topic, partitions: [] };
      entry.partitions.push(partition);
      assignments.set(topic, entry);
    }
  }
  return result;
};
