import { ConfigResourceTypes } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { createKafka } from '../client';
import { silentLogger } from '../log';
import { uniqueName } from '../testing';
import { applyTopology } from './apply';
import { topicSpecs } from './spec';
import type { DomainTopology } from './topology';

/** Two domains as their manifests would declare them. */
const DOMAINS: DomainTopology[] = [
  { domain: 'user', requestTopics: ['get-user-profile'] },
  { domain: 'analytics', requestTopics: ['get-analytics-totals'], eventRetention: 'window' },
];

const kafka = createKafka({ clientId: 'topology-test', logger: silentLogger });
const admin = kafka.admin();
beforeAll(() => admin.connect());
afterAll(() => admin.disconnect());

describe('applyTopology', () => {
  it('creates the declared topology, then changes nothing on a second run', async () => {
    const prefix = `${uniqueName('topo')}.`;
    const specs = topicSpecs(DOMAINS, {}, prefix);
    const first = await applyTopology(admin, specs);
    expect(first.created.sort()).toEqual(specs.map((s) => s.name).sort());
    expect(first.drift).toEqual([]);

    const second = await applyTopology(admin, specs);
    expect(second.created).toEqual([]);
    expect(second.unchanged.sort()).toEqual(specs.map((s) => s.name).sort());
    expect(second.drift).toEqual([]);

    const analytics = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: `${prefix}analytics-events`, configNames: ['retention.ms'] }],
    });
    expect(analytics.resources[0]!.configEntries[0]!.configValue).toBe(String(30 * 24 * 60 * 60 * 1000));
  });

  it('reports partitions and configs that differ, without touching them', async () => {
    const prefix = `${uniqueName('drift')}.`;
    const specs = topicSpecs(DOMAINS, {}, prefix);
    const target = `${prefix}user-events`;
    await createTopicsAndWait(admin, [
      { topic: target, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '1000' }] },
    ]);
    const report = await applyTopology(admin, specs);
    expect(report.drift).toEqual(
      expect.arrayContaining([
        { topic: target, property: 'partitions', declared: '3', actual: '1' },
        { topic: target, property: 'retention.ms', declared: '-1', actual: '1000' },
      ]),
    );
    const [meta] = (await admin.fetchTopicMetadata({ topics: [target] })).topics;
    expect(meta!.partitions).toHaveLength(1);
  });
});
