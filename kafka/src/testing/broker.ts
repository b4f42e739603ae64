import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, launcherConfigFromEnv, startKafka, stopKafka, type LauncherConfig } from '../launcher';

/** How the test run got its broker; teardown stops only what `acquireTestBroker` started. */
export type TestBroker =
  | { kind: 'external'; brokers: string }
  | { kind: 'docker'; brokers: string; containerId: string }
  | { kind: 'launcher'; brokers: string; config: Partial<LauncherConfig> };

/**
 * A port of its own so the test broker never meets a developer's `npm start` broker on 9092. Every fixed test
 * port (29092 to 29897) sits below Linux's ephemeral range (32768 to 60999): inside it, any outgoing connection
 * may hold the port as its local end, and a broker then cannot bind it (a CI run lost a cluster test that way).
 */
export const TEST_BROKER_PORT = Number(process.env.KAFKA_TEST_PORT ?? 29092);

/**
 * The launcher settings of a suite's own broker: `config` over those of the environment (`JAVA_HOME`, `MVN`,
 * `KAFKA_JARS_DIR`, `KAFKA_HEAP_MB`…), as `npm run kafka:start` would use them. The launcher itself reads no
 * environment; the test harness does, here.
 */
export function ownBrokerConfig(config: Partial<LauncherConfig>): Partial<LauncherConfig> {
  return { ...launcherConfigFromEnv(process.env), ...config };
}

function dockerSocketPresent(): boolean {
  return Boolean(process.env.DOCKER_HOST) || fs.existsSync('/var/run/docker.sock');
}

async function startDockerKafka(): Promise<TestBroker | undefined> {
  // Loaded lazily: most runs here have no Docker engine and never need testcontainers.
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined; // A socket but no engine answering.
  }
  const port = TEST_BROKER_PORT;
  const container = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: port, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      // As the launcher's brokers: the services' groups use a 3 s session (Kafka's floor is 6 s).
      KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: '1000',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage('Kafka Server started'))
    .start();
  return { kind: 'docker', brokers: `127.0.0.1:${port}`, containerId: container.getId() };
}

/** A broker for integration tests, in this order: `KAFKA_BROKERS`, a Docker engine that answers, the local launcher. */
export async function acquireTestBroker(log: (line: string) => void = () => {}): Promise<TestBroker> {
  if (process.env.KAFKA_BROKERS) return { kind: 'external', brokers: process.env.KAFKA_BROKERS };
  if (dockerSocketPresent() && process.env.KAFKA_TEST_DOCKER !== '0') {
    const docker = await startDockerKafka().catch((err: unknown) => {
      log(`docker engine did not start Kafka (${err instanceof Error ? err.message : String(err)}); using the launcher`);
      return undefined;
    });
    if (docker) return docker;
  }
  const config = ownBrokerConfig({ port: TEST_BROKER_PORT, dataDir: path.join(REPO_ROOT, '.kafka', 'test') });
  const status = await startKafka({ ...config, fresh: true, onProgress: (l) => log(`[kafka] ${l}`) });
  return { kind: 'launcher', brokers: status.brokers.join(','), config };
}

export async function releaseTestBroker(broker: TestBroker): Promise<void> {
  if (broker.kind === 'launcher') await stopKafka(broker.config);
  if (broker.kind === 'docker') {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    await client.container.stop(client.container.getById(broker.containerId));
  }
}
