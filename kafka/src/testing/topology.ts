import type { Kafka } from 'kafkajs';
import { applyDeclaredTopology } from '../topology/apply';

/** Creates the declared topology on a test broker (idempotent), sized for its broker count. */
export async function testBrokerTopology(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await applyDeclaredTopology(admin);
  } finally {
    await admin.disconnect();
  }
}
