import { DOMAIN_MANIFESTS } from '@puchi/domains';
import {
  AlreadyRedrivenError,
  consumerGroup,
  DeadLetterNotFoundError,
  eventTopic,
  fanoutGroupPrefix,
  InvalidOptionError,
  reactionGroup,
  UnknownTopicError,
  unlessVanished,
  type DeadLetters,
  type PartitionLag,
} from '@puchi/kafka';
import { reactionSources } from '@puchi/subgraph-kit';
import { GATEWAY_CODES } from '../errors';
import { HttpError } from '../http/body';
import type { SharedAdmin } from '../shared-admin';

/** A consumer group of the system, as the console shows it. */
export interface ConsoleGroup {
  groupId: string;
  domain: string;
  /**
   * `requests`: the domain service's group; `reaction`: its reaction to another domain's events (`from`);
   * `projection`: one instance's store tailing the domain's own events.
   */
  kind: 'requests' | 'reaction' | 'projection';
  from?: string;
  state: string;
  members: number;
  lag: number;
  partitions: PartitionLag[];
}

export interface ConsoleTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** `retention.ms` as configured (`-1`: forever); null when the broker did not say. */
  retentionMs: string | null;
  cleanupPolicy: string | null;
  /** Per partition, the offset the next record gets. */
  endOffsets: { partition: number; offset: string }[];
}

/** Every group the domains declare: each service's request group and one per reaction (notification ← progress…). */
export function declaredGroups(): Omit<ConsoleGroup, 'state' | 'members' | 'lag' | 'partitions'>[] {
  return DOMAIN_MANIFESTS.flatMap((m) => [
    { groupId: consumerGroup(m.name), domain: m.name, kind: 'requests' as const },
    ...reactionSources(m.service).map((from) => ({ groupId: reactionGroup(m.name, from), domain: m.name, kind: 'reaction' as const, from })),
  ]);
}

/**
 * The groups with their state, members and lag per partition, through the gateway's one admin connection: the
 * declared ones, then each service instance's store projection (a fan-out group per instance on its own event topic,
 * `<domain>-events.fanout.*`), whose lag says how far its store is behind: a restoring store is one with lag.
 * Projection groups without members are left out: leftovers of instances that died before deleting theirs.
 */
export async function consoleGroups(admin: SharedAdmin): Promise<ConsoleGroup[]> {
  return admin.use(async (a) => {
    const projections = await Promise.all(
      DOMAIN_MANIFESTS.map(async (m) => (await a.groupIds(fanoutGroupPrefix(eventTopic(m.name)))).map((groupId) => ({ groupId, domain: m.name, kind: 'projection' as const }))),
    );
    const groups = await Promise.all(
      [...declaredGroups(), ...projections.flat()].map(async (group) => {
        const [status, partitions] = await Promise.all([a.groupStatus(group.groupId), a.groupOffsets(group.groupId)]);
        return { ...group, state: status.state, members: status.members.length, lag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
      }),
    );
    return groups.filter((g) => g.kind !== 'projection' || g.members > 0);
  });
}

/** Every topic but Kafka's own (`__consumer_offsets`…), with partitions, retention and end offsets. */
export async function consoleTopics(admin: SharedAdmin): Promise<ConsoleTopic[]> {
  return admin.use(async (a) => {
    const names = (await a.listTopics()).filter((t) => !t.startsWith('__')).sort();
    const described = await a.describeTopics(names);
    const topics: ConsoleTopic[] = [];
    // One topic at a time: kafkajs's admin shares one metadata cache, which calls on many topics at once keep
    // refreshing for each other's topic sets (KafkaJSTopicMetadataNotLoaded).
    for (const t of described.sort((x, y) => x.name.localeCompare(y.name))) {
      const ends = await unlessVanished(a.boundaryOffsets(t.name, 'high'));
      if (!ends) continue;
      topics.push({
        name: t.name,
        partitions: t.partitions,
        replicationFactor: t.replicationFactor,
        retentionMs: t.configs['retention.ms'] ?? null,
        cleanupPolicy: t.configs['cleanup.policy'] ?? null,
        endOffsets: ends.sort((x, y) => x.partition - y.partition),
      });
    }
    return topics;
  });
}

/** What a re-drive request names: a dead letter by its `.DLT` topic, partition and offset. */
export function parseRedrive(body: unknown): { topic: string; partition: number; offset: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.topic !== 'string' || !b.topic.endsWith('.DLT')) throw new HttpError(400, GATEWAY_CODES.badUserInput, 'topic: the name of a .DLT topic');
  if (typeof b.partition !== 'number' || !Number.isInteger(b.partition) || b.partition < 0) throw new HttpError(400, GATEWAY_CODES.badUserInput, 'partition: a partition number');
  if (typeof b.offset !== 'string' || !/^\d+$/.test(b.offset)) throw new HttpError(400, GATEWAY_CODES.badUserInput, 'offset: the offset as a decimal string');
  return { topic: b.topic, partition: b.partition, offset: b.offset };
}

/** The dead-letter tool's refusals as HTTP answers; anything else is the handler's 500. */
export async function deadLetterCall<T>(call: (dlt: DeadLetters) => Promise<T>, deadLetters: DeadLetters): Promise<T> {
  try {
    return await call(deadLetters);
  } catch (error) {
    if (error instanceof DeadLetterNotFoundError || error instanceof UnknownTopicError) throw new HttpError(404, GATEWAY_CODES.notFound, error.message);
    if (error instanceof AlreadyRedrivenError) throw new HttpError(409, GATEWAY_CODES.alreadyRedriven, error.message);
    if (error instanceof InvalidOptionError) throw new HttpError(400, GATEWAY_CODES.badUserInput, error.message);
    throw error;
  }
}
