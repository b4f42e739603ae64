import { MultipleErrors, NetworkError, ProtocolError, type ClusterMetadata, type ExtendedGroupProtocolSubscription } from '@platformatic/kafka';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { AuthorizationError, BrokerUnavailableError, ConfigError, PuchiKafkaError, UnknownTopicError } from '../errors';
import { kafkaClientFromEnv } from './bus';
import { coPartitionedAssignment } from './platformatic-assigner';
import { fromPlatformatic, offsetOutOfRange, unknownTopic } from './platformatic-errors';
import { javaPartition } from './platformatic-producer';

describe('kafkaClientFromEnv', () => {
  it('defaults to kafkajs, takes platformatic, and refuses anything else by name', () => {
    expect(kafkaClientFromEnv({})).toBe('kafkajs');
    expect(kafkaClientFromEnv({ KAFKA_CLIENT: ' ' })).toBe('kafkajs');
    expect(kafkaClientFromEnv({ KAFKA_CLIENT: 'platformatic' })).toBe('platformatic');
    expect(() => kafkaClientFromEnv({ KAFKA_CLIENT: 'rdkafka' })).toThrow(ConfigError);
    expect(() => kafkaClientFromEnv({ KAFKA_CLIENT: 'rdkafka' })).toThrow(/KAFKA_CLIENT/);
  });
});

describe('javaPartition', () => {
  it('puts every key where kafkajs (and the Java client) put it', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    for (const count of [1, 3, 7, 12]) {
      const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0 })) as PartitionMetadata[];
      for (let i = 0; i < 500; i++) {
        const key = i % 3 === 0 ? `user-${i}` : `ключ-${i}-é`;
        expect(javaPartition(key, count)).toBe(kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } }));
      }
    }
  });
});

/** Cluster metadata with the given partition counts. */
function metadata(counts: Record<string, number>): ClusterMetadata {
  return { topics: new Map(Object.entries(counts).map(([t, partitionsCount]) => [t, { partitionsCount }])) } as unknown as ClusterMetadata;
}

function members(entries: [memberId: string, instance: string | undefined][]): Map<string, ExtendedGroupProtocolSubscription> {
  return new Map(entries.map(([memberId, instance]) => [memberId, { memberId, version: 0, topics: [], metadata: instance === undefined ? undefined : Buffer.from(instance) }]));
}

const byMember = (result: ReturnType<typeof coPartitionedAssignment>) =>
  Object.fromEntries(result.map((m) => [m.memberId, Object.fromEntries([...m.assignments].map(([t, a]) => [t, a.partitions]))]));

describe('coPartitionedAssignment', () => {
  it('gives partition p of every topic to the (p mod n)-th member ordered by instance, whatever the member ids', () => {
    const result = coPartitionedAssignment('m-z', members([['m-z', 'instance-a'], ['m-a', 'instance-b']]), new Set(['requests', 'events']), metadata({ requests: 3, events: 3 }));
    expect(byMember(result)).toEqual({
      'm-z': { events: [0, 2], requests: [0, 2] },
      'm-a': { events: [1], requests: [1] },
    });
  });

  it('orders members without an instance by member id, and gives a member with nothing an empty assignment', () => {
    const result = coPartitionedAssignment('b', members([['b', undefined], ['a', undefined], ['c', undefined]]), new Set(['t']), metadata({ t: 2 }));
    expect(byMember(result)).toEqual({ a: { t: [0] }, b: { t: [1] }, c: {} });
  });
});

describe('fromPlatformatic', () => {
  it('maps a missing topic, a moved leader, a network failure and an ACL refusal to ours', () => {
    expect(fromPlatformatic(new ProtocolError('UNKNOWN_TOPIC_OR_PARTITION'), 'produce', 't')).toBeInstanceOf(UnknownTopicError);
    expect(fromPlatformatic(new MultipleErrors('retries', [new ProtocolError('NOT_LEADER_OR_FOLLOWER')]), 'produce', 't')).toBeInstanceOf(BrokerUnavailableError);
    expect(fromPlatformatic(new NetworkError('connection refused'), 'produce')).toBeInstanceOf(BrokerUnavailableError);
    expect(fromPlatformatic(new ProtocolError('TOPIC_AUTHORIZATION_FAILED'), 'produce', 't')).toBeInstanceOf(AuthorizationError);
  });

  it('passes programming errors through and makes anything else a non-retriable failure', () => {
    const bug = new TypeError('x is undefined');
    expect(fromPlatformatic(bug, 'produce')).toBe(bug);
    const other = fromPlatformatic(new ProtocolError('INVALID_RECORD'), 'produce');
    expect(other).toBeInstanceOf(PuchiKafkaError);
    expect((other as PuchiKafkaError).retriable).toBe(false);
  });

  it('finds the protocol error inside the library wrappers', () => {
    expect(unknownTopic(new MultipleErrors('x', [new Error('a'), new ProtocolError('UNKNOWN_TOPIC_OR_PARTITION')]))).toBe(true);
    expect(offsetOutOfRange(new MultipleErrors('x', [new ProtocolError('OFFSET_OUT_OF_RANGE')]))).toBe(true);
    expect(offsetOutOfRange(new ProtocolError('NOT_LEADER_OR_FOLLOWER'))).toBe(false);
  });
});
