import fs from 'node:fs';
import path from 'node:path';
import { createKafka, silentLogger } from '@puchi/kafka';
import { topologyDeclaration } from '@puchi/domains';
import { testBrokerTopology, acquireTestBroker } from '@puchi/kafka/testing';

/** Where setup tells teardown what it started (jest runs them in the same process, but a file also survives a crash for inspection). */
export const BROKER_STATE_FILE = path.join(__dirname, '..', '.kafka', 'test-broker.json');

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const broker = await acquireTestBroker((line) => process.stderr.write(`${line}\n`));
  process.env.KAFKA_BROKERS = broker.brokers;
  fs.mkdirSync(path.dirname(BROKER_STATE_FILE), { recursive: true });
  fs.writeFileSync(BROKER_STATE_FILE, JSON.stringify(broker));
  // Domain services and the gateway use the declared topic names: create them once for the whole run.
  await testBrokerTopology(createKafka({ clientId: 'test-setup', logger: silentLogger }), topologyDeclaration());
  process.stderr.write(`\ntest broker: ${broker.kind} at ${broker.brokers} (${Date.now() - started} ms)\n`);
}
