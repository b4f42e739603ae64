import { AssignerProtocol, type Admin, type Kafka } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { describeTopics } from '../topology/apply';
import { ClosedError, GroupActiveError, isRetriable, RetriesExhaustedError, UnknownTopicError } from '../errors';
import { retry } from '../retry';
import { fromKafkaJs, leaderMoved, unknownTopic } from './kafkajs-errors';
import { endOffsetsReader } from './kafkajs-end-offsets';
import type { BusAdmin, PartitionLag, PartitionOffset } from './port';

const INACTIVE_GROUP_STATES = new Set(['Empty', 'Dead']);

/** Our `BusAdmin` over a kafkajs admin client; reads retry a moving leader. */
export async function adminPort(kafka: Kafka): Promise<BusAdmin> {
  let admin = kafka.admin();
  try {
    await admin.connect();
  } catch (e) {
    throw fromKafkaJs(e, 'admin connect');
  }
  /** Admin clients replaced by `freshen`, kept until `disconnect` so a call still running on one is not cut off. */
  const retired: Admin[] = [];
  let closed = false;
  /**
   * kafkajs's admin refreshes its metadata only when it is five minutes old (or lacks the topic), so once a
   * partition's leader has moved every retry asks the old leader again and gets NOT_LEADER_OR_FOLLOWER until the
   * retries run out (seen starting a service right after a fresh cluster created its topics). A new admin client
   * starts from fresh metadata.
   */
  const freshen = async (error: unknown): Promise<void> => {
    if (closed || !leaderMoved(error)) return;
    const fresh = kafka.admin();
    await fresh.connect();
    // Disconnected meanwhile: an admin connected now would hold the process open.
    if (closed) return void (await fresh.disconnect());
    retired.push(admin);
    admin = fresh;
    // Calls on the oldest have long finished when three more replaced it.
    if (retired.length > 3) await retired.shift()!.disconnect();
  };
  const call = async <T>(operation: string, topic: string | undefined, fn: () => Promise<T>): Promise<T> => {
    // kafkajs reconnects a disconnected admin on its next call: a loop still running when its owner closed (the
    // console's one-topic-at-a-time listing, say) would open connections nobody closes, and keep the process alive.
    if (closed) throw new ClosedError('the Kafka admin connection');
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
      return await retry(() => call(operation, topic, fn), {
        retries: 5,
        backoff: (n) => 50 * 2 ** n,
        isRetriable: (error) => !closed && isRetriable(error),
        onRetry: (error) => void freshen(error).catch(() => undefined),
      });
    } catch (error) {
      throw error instanceof RetriesExhaustedError ? error.cause : error;
    }
  };
  /** kafkajs's offsets of a topic, a topic gone or going as `UnknownTopicError`. */
  const topicOffsets = async (topic: string) => {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      // kafkajs 2.2.4 (admin/index.js, fetchTopicOffsets) destructures `high.pop()`/`low.pop()`, undefined when the
      // metadata lists the topic with no partitions: a topic being deleted. A TypeError would read as our bug.
      if (unknownTopic(error) || (error instanceof TypeError && /\b(low|high)\.pop\b/.test(error.message))) throw new UnknownTopicError(topic);
      throw error;
    }
  };
  /** The offsets of a topic a group committed to, none when the topic was deleted since: nothing to lag behind. */
  const committedTopicOffsets = (topic: string) => topicOffsets(topic).catch((e: unknown) => (e instanceof UnknownTopicError ? [] : Promise.reject(e)));
  const ends = endOffsetsReader(kafka);
  const port: BusAdmin = {
    endOffsets: (topic) => (ends ? ends.read(topic) : port.boundaryOffsets(topic, 'high')),
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
      read('fetch topic offsets', topic, async () => (await topicOffsets(topic)).map((p) => ({ partition: p.partition, offset: which === 'low' ? p.low : p.high }))),
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
          const ends = new Map((await committedTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
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
    groupIds: (prefix) =>
      read('list groups', undefined, async () =>
        (await admin.listGroups()).groups
          .filter((g) => g.protocolType === 'consumer' && g.groupId.startsWith(prefix))
          .map((g) => g.groupId)
          .sort(),
      ),
    groupOffsets: (groupId) =>
      read('fetch group offsets', undefined, async () => {
        const lags: PartitionLag[] = [];
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
          const ends = new Map((await committedTopicOffsets(topic)).map((p) => [p.partition, p.high]));
          for (const p of partitions) {
            const end = ends.get(p.partition);
            if (end === undefined || p.offset === '-1') continue;
            lags.push({ topic, partition: p.partition, committed: p.offset, end, lag: Math.max(0, Number(BigInt(end) - BigInt(p.offset))) });
          }
        }
        return lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      }),
    describeTopics: (topics) =>
      read('describe topics', undefined, async () => {
        const present = new Set(await admin.listTopics());
        return describeTopics(admin, topics.filter((t) => present.has(t)));
      }),
    disconnect: async () => {
      closed = true;
      await Promise.all([...[admin, ...retired.splice(0)].map((a) => a.disconnect()), ends?.close()]);
    },
  };
  return port;
}

