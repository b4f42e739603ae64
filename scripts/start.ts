/**
 * `npm start`: the whole system in one command. Starts Kafka (the launcher, or uses KAFKA_BROKERS), creates
 * the declared topics, starts the eight domain services (each its own process, seeding its data once), then
 * the gateway on port 8000, and prints the URLs. Ctrl-C stops everything this command started.
 */
import path from 'node:path';
import { createLogger, createKafka, applyDeclaredTopology, silentLogger } from '@puchi/kafka';
import { DOMAINS, topologyDeclaration } from '@puchi/domains';
import { kafkaStatus, startKafka, stopKafka } from '@puchi/kafka/launcher';
import { loadConfig, SUBGRAPH_MODULES, startGateway } from '@puchi/gateway';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from './services';

const say = (line: string) => console.log(`[start] ${line}`);
const LOG_DIR = path.resolve(__dirname, '..', '.data', 'logs');

async function main(): Promise<void> {
  const started = Date.now();
  let ownsBroker = false;
  if (process.env.KAFKA_BROKERS) {
    say(`using Kafka at KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`);
  } else {
    ownsBroker = !kafkaStatus().running;
    const status = await startKafka({ onProgress: (l) => say(`kafka: ${l}`) });
    process.env.KAFKA_BROKERS = status.brokers.join(',');
  }

  const admin = createKafka({ clientId: 'puchi-start', logger: silentLogger }).admin();
  await admin.connect();
  const report = await applyDeclaredTopology(admin, topologyDeclaration());
  await admin.disconnect();
  say(`topics: ${report.created.length} created, ${report.unchanged.length} already there`);
  for (const d of report.drift) say(`WARNING drift on ${d.topic}: ${d.property} is ${d.actual}, declared ${d.declared} (npm run kafka:topics)`);

  const services: ServiceProcess[] = [];
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    await gateway?.close().catch(() => undefined);
    await Promise.all(services.map((s) => stopServiceProcess(s)));
    if (ownsBroker) await stopKafka();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  try {
    say(`starting ${DOMAINS.length} domain services (logs in ${LOG_DIR})`);
    services.push(...(await Promise.all(DOMAINS.map((domain) => startServiceProcess(domain, LOG_DIR, process.env)))));
    for (const s of services) {
      s.child.once('exit', (code) => {
        if (!stopping) say(`WARNING the ${s.domain} service exited (${code}); see ${s.logFile}`);
      });
    }
    const config = loadConfig();
    gateway = await startGateway({ modules: SUBGRAPH_MODULES, config, logger: createLogger({ service: 'gateway' }, { level: 'warn' }) });
    const base = `http://localhost:${gateway.port}`;
    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    say(`GraphQL:  ${base}/graphql   (Apollo Sandbox: open it in a browser)`);
    say(`health:   ${base}/api/health`);
    say(`services: ${base}/api/services/status`);
    say(`a token:  npm run token -- --user learner-ana   (then send "Authorization: Bearer <token>")`);
    say(`Kafka:    ${process.env.KAFKA_BROKERS}. Ctrl-C stops everything started here.`);
  } catch (error) {
    console.error(`[start] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

main().catch((err: unknown) => {
  const fix = (err as { fix?: string }).fix;
  console.error(`[start] ERROR: ${err instanceof Error ? err.message : String(err)}${fix ? `\n[start] FIX: ${fix}` : ''}`);
  process.exit(1);
});
