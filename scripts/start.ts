/**
 * `npm start`: the whole system in one command. Today that is the broker and the declared topology;
 * each domain's service and the gateway join here as they land. Ctrl-C stops what this command started.
 */
import { createKafka } from '../kafka/src/client';
import { replicationFactorFor, applyTopology } from '../kafka/src/topology/apply';
import { topicSpecs, topologySettingsFromEnv } from '../kafka/src/topology/spec';
import { kafkaStatus, startKafka, stopKafka } from '../kafka/src/launcher';
import { silentLogger } from '../kafka/src/log';

const say = (line: string) => console.log(`[start] ${line}`);

async function main(): Promise<void> {
  const started = Date.now();
  const external = process.env.KAFKA_BROKERS;
  let ownsBroker = false;
  if (external) {
    say(`using Kafka at KAFKA_BROKERS=${external}`);
  } else {
    ownsBroker = !kafkaStatus().running;
    const status = await startKafka({ onProgress: (l) => say(`kafka: ${l}`) });
    process.env.KAFKA_BROKERS = status.brokers.join(',');
  }

  const admin = createKafka({ clientId: 'puchi-start', logger: silentLogger }).admin();
  await admin.connect();
  const { brokers } = await admin.describeCluster();
  const report = await applyTopology(admin, topicSpecs({ replicationFactor: replicationFactorFor(brokers.length), ...topologySettingsFromEnv() }));
  await admin.disconnect();
  say(`topics: ${report.created.length} created, ${report.unchanged.length} already there`);
  for (const d of report.drift) say(`WARNING drift on ${d.topic}: ${d.property} is ${d.actual}, declared ${d.declared} (npm run kafka:topics)`);

  say(`ready in ${Date.now() - started} ms: Kafka on ${process.env.KAFKA_BROKERS}. Ctrl-C stops ${ownsBroker ? 'it' : 'this command (the broker was already running and keeps running)'}.`);

  const stop = async () => {
    if (ownsBroker) {
      say('stopping Kafka');
      await stopKafka();
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  // Stay in the foreground like a server does, so Ctrl-C means "stop the system".
  setInterval(() => {}, 1 << 30);
}

main().catch((err: unknown) => {
  const fix = (err as { fix?: string }).fix;
  console.error(`[start] ERROR: ${err instanceof Error ? err.message : String(err)}${fix ? `\n[start] FIX: ${fix}` : ''}`);
  process.exit(1);
});
