import type { Kafka } from 'kafkajs';
import { applyTopology, replicationFactorFor } from '../topology/apply';
import { topicSpecs } from '../topology/spec';

/** Creates the declared topology on a test broker (idempotent), sized for its broker count. */
export async function testBrokerTopology(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    await applyTopology(admin, topicSpecs({ replicationFactor: replicationFactorFor(brokers.length) }));
  } finally {
    await admin.disconnect();
  }
}
