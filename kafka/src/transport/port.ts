/**
 * The small Kafka interface request/reply and events are written against. kafkajs is barely maintained
 * (kafkajs issue 1603), so it lives behind this port (see `./kafkajs.ts`) and can be swapped on measured
 * grounds without touching rpc/ or events/.
 */

/** Header values are text on our wire (NestJS decodes them as UTF-8 too). */
export type RecordHeaders = Record<string, string>;

export interface OutgoingRecord {
  topic: string;
  /** Omitted: the partitioner picks (murmur2 of the key, Java-compatible; round-robin without a key). */
  partition?: number;
  key?: string | null;
  value: string | Buffer | null;
  headers?: RecordHeaders;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal string kafkajs gives. */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: RecordHeaders;
  /** Epoch ms. */
  timestamp: number;
}

export interface IncomingBatch {
  topic: string;
  partition: number;
  records: IncomingRecord[];
  /**
   * The partition was revoked, seeked or paused since the batch was fetched: stop. What was not marked is fetched
   * again, by the partition's next owner or on `resume`.
   */
  isStale(): boolean;
  /** Marks a record done; what was marked is committed when the batch handler returns (if the consumer commits). */
  markProcessed(offset: string): void;
  heartbeat(): Promise<void>;
}

export interface ProducerSettings {
  /** Idempotent producer (implies acks=all). Default false. */
  idempotent?: boolean;
  /** -1 (all in-sync replicas), 1 (leader) or 0. Default -1. */
  acks?: -1 | 0 | 1;
  /**
   * About how long a send waits in all between retries of a retriable failure (a moved leader, a topic missing
   * from metadata, a dead broker) before it fails; the tries are at most 500 ms apart (retry-schedule.ts). Default
   * 10 s. A producer whose records may be dropped when they cannot go out soon (replies nobody may be waiting for)
   * bounds it.
   */
  retryBudgetMs?: number;
}

export interface BusProducer {
  connect(): Promise<void>;
  /** One produce round trip for all records (grouped per topic). Fails with `BrokerUnavailableError` or `NoResponderError('topic-missing')`. */
  send(records: OutgoingRecord[]): Promise<void>;
  /** The partition a record keyed `key` goes to (the partitioner's choice on the topic's current metadata). */
  partitionOf(topic: string, key: string): Promise<number>;
  /** How many partitions `topic` has (from the producer's metadata). */
  partitionCount(topic: string): Promise<number>;
  disconnect(): Promise<void>;
}

export interface ConsumerSettings {
  groupId: string;
  /** Default 6000 (the broker's `group.min.session.timeout.ms`): a crashed member's partitions move within seconds. */
  sessionTimeoutMs?: number;
  /** Default 1000. Must be below the session timeout. */
  heartbeatIntervalMs?: number;
  /** How long the coordinator waits for members to rejoin. Default 10000. */
  rebalanceTimeoutMs?: number;
  /**
   * Longest a fetch waits for data. Default 500 ms. The broker answers a fetch as soon as one record arrives
   * (`minBytes` 1), so a long wait costs no latency when there is work; a short one only makes idle consumers
   * poll: with 20 ms, the 8 services' idle fetch loops took most of a core and doubled the gateway's latency at
   * 50 q/s (bench/README.md). Measured: `npm run bench:rpc` is the same at 20 and 500 ms.
   */
  maxWaitTimeMs?: number;
  /**
   * How the group's partitions are shared among its members.
   * - `spread` (default): round-robin over all topic-partitions.
   * - `{ coPartitioned: instance }`: partition p of every topic goes to the same member, members ordered by the
   *   `instance` each names (Kafka Streams' co-partitioning): for a responder whose request topics are keyed by
   *   entity, one member owns all requests about an entity; two groups whose members are the same instances get
   *   the same mapping. Every member of a group must use the same setting.
   */
  assignment?: 'spread' | { coPartitioned: string };
  /** Commit what `markProcessed` marked. Default true. */
  commit?: boolean;
  /**
   * Commit at most this often instead of after every batch. A commit blocks the member's next fetch for a
   * coordinator write (about 6 ms on Kafka 4.x, whose group coordinator lingers 5 ms before appending),
   * so latency-sensitive consumers commit on an interval; whatever is marked is also committed on disconnect.
   * Default: after every batch.
   */
  commitIntervalMs?: number;
}

export interface ConsumerRun {
  /** How many partitions are handled at once. Default 1. */
  partitionsConcurrently?: number;
  /** Called per fetched batch of one partition. Throwing makes the consumer retry the batch after a restart. */
  onBatch(batch: IncomingBatch): Promise<void>;
}

/** Partitions assigned to this member, per topic. */
export type Assignment = Record<string, number[]>;

export interface BusConsumer {
  connect(): Promise<void>;
  /** Where to start when the group has no committed offset: earliest (`true`) or latest. */
  subscribe(topics: string[], fromBeginning: boolean): Promise<void>;
  /** Starts fetching; resolves once this member has joined its group and received its assignment. */
  run(options: ConsumerRun): Promise<Assignment>;
  /**
   * Called on every (re)join with the new assignment, synchronously before the first fetch of that
   * generation: a `seek` made inside the listener is where fetching starts.
   */
  onAssignment(listener: (assignment: Assignment) => void): void;
  /** Moves this member's position on an assigned partition (only valid once `run` was called). */
  seek(topic: string, partition: number, offset: string): void;
  /**
   * Stops fetching `topic` (all its partitions, those assigned later too) until `resume`; the batch in flight
   * turns stale. The member stays in its group and keeps heartbeating, so nothing is rebalanced: for a reader
   * that must slow its source down rather than buffer what it cannot hand on yet.
   */
  pause(topic: string): void;
  /** Fetches `topic` again, from the first record not marked. */
  resume(topic: string): void;
  /** Called when the consumer crashed and will not restart by itself. */
  onCrash(listener: (error: unknown) => void): void;
  /** Leaves the group after the batches in flight finish. */
  disconnect(): Promise<void>;
}

export interface PartitionOffset {
  partition: number;
  offset: string;
}

export interface BusAdmin {
  /** Partition ids of `topic`, or undefined when it does not exist. */
  partitions(topic: string): Promise<number[] | undefined>;
  listTopics(): Promise<string[]>;
  createTopic(topic: string, partitions: number, configs?: Record<string, string>): Promise<void>;
  deleteTopics(topics: string[]): Promise<void>;
  /** True when some member of some consumer group subscribes to `topic` (conservatively true when a member cannot be decoded). */
  hasSubscribedMember(topic: string): Promise<boolean>;
  /** Per partition, the offset of the first record at or after `timestamp` (the end offset when none). */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]>;
  /** Per partition, the earliest (`low`) or next-to-be-written (`high`) offset. */
  boundaryOffsets(topic: string, which: 'low' | 'high'): Promise<PartitionOffset[]>;
  /**
   * The `high` boundary offsets in as few round trips as the client allows, for hot paths (the gateway's entity
   * cache checks them before serving a learner's cached data). Absent: use `boundaryOffsets(topic, 'high')`.
   */
  endOffsets?(topic: string): Promise<PartitionOffset[]>;
  /** Commits positions for a group; Kafka refuses while the group has members (`GroupActiveError`). */
  setGroupOffsets(groupId: string, topic: string, offsets: PartitionOffset[]): Promise<void>;
  /** Group ids whose state is Empty or Dead (no members), among `groupIds`. */
  inactiveGroups(groupIds: string[]): Promise<string[]>;
  deleteGroups(groupIds: string[]): Promise<void>;
  /** State, live members and lag (records not yet consumed, summed over the group's committed partitions) of a consumer group. */
  groupStatus(groupId: string): Promise<GroupStatus>;
  /** Ids of the consumer groups whose id starts with `prefix` (fan-out groups are named by a prefix and a random part). */
  groupIds(prefix: string): Promise<string[]>;
  /** Per partition the group committed an offset for: that offset, the partition's end offset and the lag between them. */
  groupOffsets(groupId: string): Promise<PartitionLag[]>;
  /** Partitions, replication and configs (`retention.ms`, `cleanup.policy`…) of those of `topics` that exist. */
  describeTopics(topics: string[]): Promise<TopicDescription[]>;
  disconnect(): Promise<void>;
}

export interface GroupStatus {
  groupId: string;
  /** Kafka's group state: `Stable`, `PreparingRebalance`, `CompletingRebalance`, `Empty` or `Dead`. */
  state: string;
  members: { clientId: string; host: string }[];
  /** Sum over the partitions the group has committed offsets for of (end offset − committed offset). */
  lag: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: string;
  end: string;
  /** Records not yet consumed: end − committed, never negative. */
  lag: number;
}

export interface TopicDescription {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/** A connection to one cluster: makes producers, consumers and admin clients. */
export interface MessageBus {
  producer(settings?: ProducerSettings): BusProducer;
  consumer(settings: ConsumerSettings): BusConsumer;
  /** A connected admin client. Disconnect it when done. */
  admin(): Promise<BusAdmin>;
}
