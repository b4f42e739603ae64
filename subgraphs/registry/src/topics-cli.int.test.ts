import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigResourceTypes } from 'kafkajs';
import { createKafka, silentLogger, topicSpecs } from '@puchi/kafka';
import { topologyDeclaration } from './index';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const kafka = createKafka({ clientId: 'topics-cli-test', logger: silentLogger });
const admin = kafka.admin();
beforeAll(() => admin.connect());
afterAll(() => admin.disconnect());

describe('npm run kafka:topics', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO_ROOT, 'scripts/topics.ts'), ...args], {
      encoding: 'utf8',
      env: process.env,
    });

  it('is idempotent, lists topics, and exits non-zero on drift', async () => {
    const first = cli();
    expect(first.status).toBe(0);
    const again = cli();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`0 created, ${topicSpecs(topologyDeclaration()).length} unchanged, 0 drifted`);

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
