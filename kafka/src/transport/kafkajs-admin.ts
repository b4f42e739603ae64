import { AssignerProtocol, type Kafka } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { GroupActiveError, RetriesExhaustedError } from '../errors';
import { retry } from '../retry';
import { fromKafkaJs } from './kafkajs-errors';
import type { BusAdmin, PartitionOffset } from './port';

const INACTIVE_GROUP_STATES = new Set(['Empty', 'Dead']);

/** Our `BusAdmin` over a kafkajs admin client; reads retry a moving leader. */
export async function adminPort(kafka: Kafka): Promise<BusAdmin> {
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (e) {
    throw fromKafkaJs(e, 'admin connect');
  }
  const call = async <T>(operation: string, topic: string | undefined, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw fromKafkaJs(e, operation, topic);
    }
  };
  // Reads are safe to repeat. Right after a topic is created (or a leader moves) a broker briefly answers
  // NOT_LEADER_OR_FOLLOWER to ListOffsets, and kafkajs's admin passes that straight through. Any retriable
  // failure is tried again (6 attempts in all); when they run out the last failure is thrown as it is, so callers
  // see the `BrokerUnavailableError` (retriable: worth trying later) the port promises, not the loop's wrapper.
  const read = async <T>(operation: string, topic: string | undefined, fn: () => Promise<T>): Promise<T> => {
    try {
      return await retry(() => call(operation, topic, fn), { retries: 5, backoff: (n) => 50 * 2 ** n });
    } catch (error) {
      throw error instanceof RetriesExhaustedError ? error.cause : error;
    }
  };
  const port: BusAdmin = {
    partitions: (topic) =>
      read('fetch topic metadata', topic, async () => {
        // listTopics first: metadata for a missing topic would make kafkajs retry for seconds before failing.
        if (!(await admin.listTopics()).includes(topic)) return undefined;
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics[0]?.partitions.map((p) => p.partitionId).sort((a, b) => a - b);
      }),
    listTopics: () => call('list topics', undefined, () => admin.listTopics()),
    createTopic: (topic, numPartitions, configs = {}) =>
      call('create topic', topic, async () => {
        await createTopicsAndWait(admin, [
          { topic, numPartitions, replicationFactor: -1, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) },
        ]);
      }),
    deleteTopics: (topics) => call('delete topics', undefined, async () => (topics.length ? admin.deleteTopics({ topics }) : undefined)),
    hasSubscribedMember: (topic) =>
      call('describe groups', topic, async () => {
        const { groups } = await admin.listGroups();
        const ids = groups.filter((g) => g.protocolType === 'consumer').map((g) => g.groupId);
        if (ids.length === 0) return false;
        const described = await admin.describeGroups(ids);
        for (const group of described.groups) {
          for (const member of group.members) {
            try {
              const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
              if (!metadata || metadata.topics.includes(topic)) return true;
            } catch {
              return true; // An assignor we cannot read: assume it may be a responder rather than fail fast wrongly.
            }
          }
        }
        return false;
      }),
    offsetsForTimestamp: (topic, timestamp) =>
      read('fetch offsets by timestamp', topic, async () =>
        (await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map((p) => ({ partition: p.partition, offset: p.offset })),
      ),
    boundaryOffsets: (topic, which) =>
      read('fetch topic offsets', topic, async () =>
        (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: which === 'low' ? p.low : p.high })),
      ),
    setGroupOffsets: (groupId, topic, offsets: PartitionOffset[]) =>
      call('set group offsets', topic, async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const state = groups[0]?.state;
        if (state && !INACTIVE_GROUP_STATES.has(state)) throw new GroupActiveError(groupId);
        await admin.setOffsets({ groupId, topic, partitions: offsets });
      }),
    inactiveGroups: (groupIds) =>
      call('describe groups', undefined, async () => {
        if (groupIds.length === 0) return [];
        const { groups } = await admin.describeGroups(groupIds);
        return groups.filter((g) => INACTIVE_GROUP_STATES.has(g.state)).map((g) => g.groupId);
      }),
    deleteGroups: (groupIds) =>
      call('delete groups', undefined, async () => {
        if (groupIds.length) await admin.deleteGroups(groupIds);
      }),
    groupStatus: (groupId) =>
      read('describe group', undefined, async () => {
        const [{ groups }, committed] = await Promise.all([admin.describeGroups([groupId]), admin.fetchOffsets({ groupId })]);
        const group = groups[0];
        let lag = 0;
        for (const { topic, partitions } of committed) {
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
          for (const p of partitions) {
            const end = ends.get(p.partition);
            if (end !== undefined && p.offset !== '-1') lag += Number(end > BigInt(p.offset) ? end - BigInt(p.offset) : 0n);
          }
        }
        return {
          groupId,
          state: group?.state ?? 'Dead',
          members: (group?.members ?? []).map((m) => ({ clientId: m.clientId, host: m.clientHost })),
          lag,
        };
      }),
    disconnect: () => admin.disconnect(),
  };
  return port;
}

