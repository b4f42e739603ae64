import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { topicSpecs, type TopicSpec, type TopologySettings } from './spec';
import type { DomainTopology } from './topology';

/** A difference between the declaration and the cluster that `applyTopology` will not fix by itself. */
export interface Drift {
  topic: string;
  /** `partitions`, `replication-factor`, or the config key that differs. */
  property: string;
  declared: string;
  actual: string;
}

export interface TopologyReport {
  created: string[];
  unchanged: string[];
  drift: Drift[];
}

export interface ActualTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/** Reads what the cluster has for `names` (only those that exist), with their non-default configs plus `retention.ms` and friends. */
export async function describeTopics(admin: Admin, names: string[]): Promise<ActualTopic[]> {
  if (names.length === 0) return [];
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const configsByTopic = new Map(
    described.resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue]))]),
  );
  return topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.length,
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    configs: configsByTopic.get(t.name) ?? {},
  }));
}

export function findDrift(spec: TopicSpec, actual: ActualTopic): Drift[] {
  const drift: Drift[] = [];
  // Partitions are never changed for the user: adding some moves keys to other partitions and breaks per-key order.
  if (actual.partitions !== spec.partitions) {
    drift.push({ topic: spec.name, property: 'partitions', declared: String(spec.partitions), actual: String(actual.partitions) });
  }
  if (actual.replicationFactor !== spec.replicationFactor) {
    drift.push({ topic: spec.name, property: 'replication-factor', declared: String(spec.replicationFactor), actual: String(actual.replicationFactor) });
  }
  for (const [key, value] of Object.entries(spec.configs)) {
    if (actual.configs[key] !== value) drift.push({ topic: spec.name, property: key, declared: value, actual: actual.configs[key] ?? '(unset)' });
  }
  return drift;
}

/**
 * Creates the declared topics that are missing and reports every other difference. It changes nothing that
 * exists: a wrong partition count or config on a live topic is a decision for a person (see the drift list).
 */
export async function applyTopology(admin: Admin, specs: TopicSpec[]): Promise<TopologyReport> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  const present = specs.filter((s) => existing.has(s.name));

  if (missing.length > 0) {
    await createTopicsAndWait(
      admin,
      missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: s.replicationFactor,
        configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
      })),
    );
  }

  const actual = new Map((await describeTopics(admin, present.map((s) => s.name))).map((t) => [t.name, t]));
  const drift: Drift[] = [];
  const unchanged: string[] = [];
  for (const spec of present) {
    const found = actual.get(spec.name);
    const diffs = found ? findDrift(spec, found) : [];
    if (diffs.length === 0) unchanged.push(spec.name);
    drift.push(...diffs);
  }
  return { created: missing.map((s) => s.name), unchanged, drift };
}

/** Replication factor to declare for a cluster of `brokerCount` brokers. */
export function replicationFactorFor(brokerCount: number): number {
  return brokerCount >= 3 ? 3 : 1;
}

/**
 * The declared topology (the domains' shares, from the registry) applied to the cluster `admin` is connected to,
 * sized for its broker count, with `settings` over the defaults: what `npm run kafka:topics`, `npm start`, the
 * benchmarks and the tests all do, each passing `topologySettingsFromEnv(process.env)` from its entry.
 * `settings.replicationFactor` defaults to `replicationFactorFor` the cluster's broker count.
 */
export async function applyDeclaredTopology(admin: Admin, domains: readonly DomainTopology[], settings: Partial<TopologySettings> = {}): Promise<TopologyReport> {
  const { brokers } = await admin.describeCluster();
  return applyTopology(admin, topicSpecs(domains, { replicationFactor: replicationFactorFor(brokers.length), ...settings }));
}
