import type { Kafka } from 'kafkajs';
import { applyDeclaredTopology } from '../topology/apply';
import type { DomainTopology } from '../topology/topology';

/** Creates the declared topology on a test broker (idempotent), sized for its broker count. */
export async function testBrokerTopology(kafka: Kafka, domains: readonly DomainTopology[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await applyDeclaredTopology(admin, domains);
  } finally {
    await admin.disconnect();
  }
}
