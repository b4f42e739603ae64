import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigResourceTypes } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { createKafka } from '../client';
import { REPO_ROOT } from '../launcher';
import { silentLogger } from '../log';
import { uniqueName } from '../testing';
import { applyTopology } from './apply';
import { topicSpecs } from './spec';

const kafka = createKafka({ clientId: 'topology-test', logger: silentLogger });
const admin = kafka.admin();
beforeAll(() => admin.connect());
afterAll(() => admin.disconnect());

describe('applyTopology', () => {
  it('creates the declared topology, then changes nothing on a second run', async () => {
    const prefix = `${uniqueName('topo')}.`;
    const specs = topicSpecs({}, prefix);
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
    const specs = topicSpecs({}, prefix);
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

describe('npm run kafka:topics', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO_ROOT, 'kafka/src/topology/cli.ts'), ...args], {
      encoding: 'utf8',
      env: process.env,
    });

  it('is idempotent, lists topics, and exits non-zero on drift', async () => {
    const first = cli();
    expect(first.status).toBe(0);
    const again = cli();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`0 created, ${topicSpecs().length} unchanged, 0 drifted`);

    const list = cli('--list');
    expect(list.stdout).toMatch(/^analytics-events\s+partitions=3 rf=1 .*retention\.ms=2592000000/m);

    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'quiz-events', configEntries: [{ name: 'retention.ms', value: '5000' }] }],
    });
    try {
      const drifted = cli();
      expect(drifted.status).toBe(1);
      expect(drifted.stdout).toMatch(/DRIFT quiz-events: retention\.ms is 5000, declared -1/);
    } finally {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'quiz-events', configEntries: [{ name: 'retention.ms', value: '-1' }] }],
      });
    }
  });
});
