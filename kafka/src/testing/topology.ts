import type { Kafka } from 'kafkajs';
import { applyDeclaredTopology } from '../topology/apply';
import { topologySettingsFromEnv } from '../topology/spec';
import type { DomainTopology } from '../topology/topology';

/** Creates the declared topology on a test broker (idempotent), sized for its broker count, with the `KAFKA_*` topic settings of the environment. */
export async function testBrokerTopology(kafka: Kafka, domains: readonly DomainTopology[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await applyDeclaredTopology(admin, domains, topologySettingsFromEnv(process.env));
  } finally {
    await admin.disconnect();
  }
}
