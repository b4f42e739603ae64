import { createKafka, silentLogger, applyDeclaredTopology, topologySettingsFromEnv } from '@puchi/kafka';
import { kafkaStatus, launcherConfigFromEnv, startKafka, stopKafka } from '@puchi/kafka/launcher';
import { topologyDeclaration } from '@puchi/domains';
import { pidListeningOn, type Proc } from './processes';

export interface BenchBroker {
  /** `KAFKA_BROKERS` for the processes. */
  brokers: string;
  /** Where it came from, for the report. */
  source: string;
  /** The broker process when it is local (for CPU figures). */
  proc?: Proc;
  /** Stops the broker if this run started it. */
  stop(): Promise<void>;
}

/**
 * `KAFKA_BROKERS`, else the launcher's broker (started if needed, as `npm start` does), with the declared
 * topology applied. Sets `process.env.KAFKA_BROKERS` for what the benchmark itself connects.
 */
export async function useBroker(say: (line: string) => void): Promise<BenchBroker> {
  let owns = false;
  let source = 'KAFKA_BROKERS';
  const launcher = launcherConfigFromEnv(process.env);
  if (!process.env.KAFKA_BROKERS) {
    owns = !kafkaStatus(launcher).running;
    const status = await startKafka({ ...launcher, onProgress: (l) => say(`kafka: ${l}`) });
    process.env.KAFKA_BROKERS = status.brokers.join(',');
    source = owns ? 'launcher, started for this run' : 'launcher, already running';
  }
  const brokers = process.env.KAFKA_BROKERS!;
  const admin = createKafka({ clientId: 'puchi-bench', logger: silentLogger }).admin();
  await admin.connect();
  await applyDeclaredTopology(admin, topologyDeclaration(), topologySettingsFromEnv(process.env));
  await admin.disconnect();
  const pid = source.startsWith('launcher') ? kafkaStatus(launcher).nodes[0]?.pid : pidListeningOn(brokerPort(brokers));
  return { brokers, source, ...(pid ? { proc: { name: 'broker', pid } } : {}), stop: async () => void (owns && (await stopKafka(launcher))) };
}

/** The port of the first broker in a `KAFKA_BROKERS` list. */
export function brokerPort(brokers: string): number {
  return Number(brokers.split(',')[0]!.split(':').pop());
}
