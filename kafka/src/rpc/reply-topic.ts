import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import { replyTopicOf } from '../topology/topology';
import type { BusAdmin, PartitionOffset } from '../transport/port';

/** The reply topic prefix of an `RpcClient` given none, and so the one a `Responder` allows by default. */
export const DEFAULT_REPLY_TOPIC_PREFIX = 'puchi';

/**
 * Each client instance owns a one-partition reply topic for its lifetime, consumed by a group of its own
 * (same name as the topic). No other instance reads it, so no rebalance can move a reply elsewhere: the
 * failure NestJS's shared `<topic>.reply` groups have (nestjs/nest issues 2984, 6197, 12355).
 */
export function newInstanceId(now: number = Date.now()): string {
  // The creation time leads the id so a sweeper can tell an abandoned topic from one still starting up.
  return `${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function replyTopicName(prefix: string, instanceId: string): string {
  return `${prefix}.replies.${instanceId}`;
}

/** Creation time (epoch ms) read back from a reply topic name, or undefined when it is not one of ours. */
export function replyTopicCreatedAt(prefix: string, topic: string): number | undefined {
  const head = `${prefix}.replies.`;
  if (!topic.startsWith(head)) return undefined;
  const match = /^([0-9a-z]+)-[0-9a-f]{8}$/.exec(topic.slice(head.length));
  if (!match?.[1]) return undefined;
  const createdAt = parseInt(match[1], 36);
  return Number.isFinite(createdAt) ? createdAt : undefined;
}

/**
 * Whether a responder may write the reply to a request read from `requestTopic` into the `replyTopic` it names:
 * only the request topic's own `<topic>.reply` (what NestJS's `ClientKafka` names) or the reply topic of an
 * `RpcClient` whose prefix is one of `prefixes` (`<prefix>.replies.<instanceId>`). Anything else, an empty name
 * included, is refused: otherwise whoever can produce one request can make a service write into any topic it
 * can reach (another domain's events, another call's replies).
 */
export function isAllowedReplyTopic(requestTopic: string, replyTopic: string, prefixes: readonly string[]): boolean {
  if (replyTopic === replyTopicOf(requestTopic)) return true;
  return prefixes.some((prefix) => replyTopicCreatedAt(prefix, replyTopic) !== undefined);
}

/** Header of the lease records an `RpcClient` writes to its own reply topic (value: epoch ms). Replies carry a correlation id, leases do not. */
export const REPLY_LEASE_HEADER = 'x-reply-lease';

/**
 * Whether some partition holds a record at or after a cut-off: `since` is `offsetsForTimestamp(topic, cutoff)`
 * (the end offset where none), `high` the end offsets read *after* it, so a record landing in between counts.
 */
export function hasRecordSince(since: readonly PartitionOffset[], high: readonly PartitionOffset[]): boolean {
  return since.some((s) => {
    const end = high.find((h) => h.partition === s.partition);
    return end !== undefined && BigInt(s.offset) >= 0n && BigInt(s.offset) < BigInt(end.offset);
  });
}

/**
 * Deletes reply topics (and their groups) left by instances that crashed instead of closing: older than
 * `graceMs` by the time in their name, with no live group member, *and* no record (lease or reply) written
 * within `graceMs`. Group membership alone is not a sign of death: a paused process (SIGSTOP, a long GC, a
 * frozen VM) loses its membership after the 6 s session timeout but resumes later and still needs its topic;
 * its owner renews the lease every `RpcClientOptions.leaseIntervalMs`, so only an owner silent for the whole
 * grace loses its topic (and recreates it when it comes back). Every client runs this at start; ops can run it
 * on a schedule. `now` is for tests. Returns the deleted topics.
 */
export async function sweepStaleReplyTopics(admin: BusAdmin, prefix: string, graceMs: number, logger?: Logger, now: number = Date.now()): Promise<string[]> {
  const candidates = (await admin.listTopics()).filter((t) => {
    const createdAt = replyTopicCreatedAt(prefix, t);
    return createdAt !== undefined && now - createdAt > graceMs;
  });
  if (candidates.length === 0) return [];
  const stale: string[] = [];
  for (const topic of await admin.inactiveGroups(candidates)) {
    try {
      // In this order: a record written between the two reads counts as a sign of life, never the reverse.
      const since = await admin.offsetsForTimestamp(topic, now - graceMs);
      const high = await admin.boundaryOffsets(topic, 'high');
      if (!hasRecordSince(since, high)) stale.push(topic);
    } catch (error) {
      logger?.debug('could not read a reply topic lease; keeping the topic', { topic, error });
    }
  }
  if (stale.length === 0) return [];
  await admin.deleteTopics(stale);
  await admin.deleteGroups(stale).catch((error: unknown) => logger?.warn('could not delete stale reply groups', { error }));
  logger?.info('deleted stale reply topics', { topics: stale });
  return stale;
}
