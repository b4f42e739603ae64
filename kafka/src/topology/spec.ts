import { intFromEnv } from '../env';
import { SYSTEM_TOPICS, eventDeadLetterTopic, eventTopic, requestTopic, type DomainTopology } from './topology';

/** What a topic must look like on the cluster. `configs` lists only the settings we own; others are left alone. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

export interface TopologySettings {
  /** Partitions of every declared topic. Default 3: enough for a few instances per group to share work. */
  partitions: number;
  /** 1 on a single broker, 3 on a cluster; `min.insync.replicas` follows (1, or 2 when RF is 3). */
  replicationFactor: number;
  /** Retention of domain event topics, ms; -1 (forever, the default) keeps the history replay rebuilds stores from. */
  eventRetentionMs: number;
  /** Retention of event topics a domain declares as a window (`analytics-events`), ms. Default 30 days. */
  windowedEventRetentionMs: number;
  /** Retention of request and reply topics, ms. A request is worthless after its deadline; default 1 hour. */
  requestRetentionMs: number;
  /** Retention of dead-letter topics, ms; default 14 days, time enough for someone to look. */
  deadLetterRetentionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_TOPOLOGY_SETTINGS: TopologySettings = {
  partitions: 3,
  replicationFactor: 1,
  eventRetentionMs: -1,
  windowedEventRetentionMs: 30 * DAY_MS,
  requestRetentionMs: 60 * 60 * 1000,
  deadLetterRetentionMs: 14 * DAY_MS,
};

const COUNT = 'an integer, at least 1';
const RETENTION = 'an integer number of milliseconds, or -1 for forever';

/**
 * Parses `KAFKA_TOPIC_PARTITIONS`, `KAFKA_REPLICATION_FACTOR`, `KAFKA_EVENT_RETENTION_MS`,
 * `KAFKA_ANALYTICS_RETENTION_MS`, `KAFKA_REQUEST_RETENTION_MS` and `KAFKA_DLT_RETENTION_MS`: only those set.
 * Throws `ConfigError` naming the variable. Entry points pass the result to `applyDeclaredTopology`.
 */
export function topologySettingsFromEnv(env: NodeJS.ProcessEnv): Partial<TopologySettings> {
  const entries: [keyof TopologySettings, number | undefined][] = [
    ['partitions', intFromEnv(env, 'KAFKA_TOPIC_PARTITIONS', { min: 1, allowed: COUNT })],
    ['replicationFactor', intFromEnv(env, 'KAFKA_REPLICATION_FACTOR', { min: 1, allowed: COUNT })],
    ['eventRetentionMs', intFromEnv(env, 'KAFKA_EVENT_RETENTION_MS', { min: -1, allowed: RETENTION })],
    ['windowedEventRetentionMs', intFromEnv(env, 'KAFKA_ANALYTICS_RETENTION_MS', { min: -1, allowed: RETENTION })],
    ['requestRetentionMs', intFromEnv(env, 'KAFKA_REQUEST_RETENTION_MS', { min: -1, allowed: RETENTION })],
    ['deadLetterRetentionMs', intFromEnv(env, 'KAFKA_DLT_RETENTION_MS', { min: -1, allowed: RETENTION })],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/**
 * The declared topology (each domain's share, from the registry of domains) as concrete topic specs. `prefix`
 * namespaces every name (tests use it to never collide).
 */
export function topicSpecs(domains: readonly DomainTopology[], settings: Partial<TopologySettings> = {}, prefix = ''): TopicSpec[] {
  const s = { ...DEFAULT_TOPOLOGY_SETTINGS, ...settings };
  if (s.partitions < 1) throw new Error(`partitions must be at least 1, got ${s.partitions}`);
  if (s.replicationFactor < 1) throw new Error(`replicationFactor must be at least 1, got ${s.replicationFactor}`);
  const minIsr = s.replicationFactor >= 3 ? 2 : 1;
  const spec = (name: string, retentionMs: number): TopicSpec => ({
    name: prefix + name,
    partitions: s.partitions,
    replicationFactor: s.replicationFactor,
    configs: { 'cleanup.policy': 'delete', 'retention.ms': String(retentionMs), 'min.insync.replicas': String(minIsr) },
  });

  const specs: TopicSpec[] = [];
  for (const { domain, requestTopics, eventRetention } of domains) {
    for (const topic of requestTopics.map((name) => requestTopic(name, domain))) {
      specs.push(spec(topic.name, s.requestRetentionMs), spec(topic.reply, s.requestRetentionMs), spec(topic.deadLetter, s.deadLetterRetentionMs));
    }
    specs.push(spec(eventTopic(domain), eventRetention === 'window' ? s.windowedEventRetentionMs : s.eventRetentionMs));
    specs.push(spec(eventDeadLetterTopic(domain), s.deadLetterRetentionMs));
  }
  // Heartbeats matter for a minute; an hour is plenty for anyone reading them.
  specs.push(spec(SYSTEM_TOPICS.heartbeats, s.requestRetentionMs));
  return specs;
}
