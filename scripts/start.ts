/**
 * `npm start [-- --secure]`: the whole system in one command. Starts Kafka (the launcher, or uses KAFKA_BROKERS),
 * creates the declared topics, starts the eight domain services (each its own process, seeding its data once),
 * then the gateway on port 8000, and prints the URLs. Ctrl-C stops everything this command started. With
 * `--secure` the local broker requires SASL/SCRAM logins and enforces the registry's ACLs, and each process logs
 * in as its own principal.
 */
import path from 'node:path';
import { brokersFromEnv, createLogger, createKafka, applyDeclaredTopology, domainKeySetting, securityFromEnv, silentLogger, topologySettingsFromEnv } from '@puchi/kafka';
import { brokerPrincipals, DOMAINS, opsPort, topologyDeclaration, type Domain } from '@puchi/domains';
import { kafkaStatus, launcherConfigFromEnv, startKafka, stopKafka } from '@puchi/kafka/launcher';
import { loadConfig, SUBGRAPH_MODULES, startGateway, startGatewayTracing, tracedLogOptions } from '@puchi/gateway';
import { parseServiceConfig } from '@puchi/subgraph-kit';
import { parseCommandLine, UsageError } from './command-line';
import { aclSummary, adminClient, applyDeclaredAcls, gatewayEnv, secureBroker, serviceEnv, type SecureBroker } from './secure-broker';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from './services';

const say = (line: string) => console.log(`[start] ${line}`);
const LOG_DIR = path.resolve(__dirname, '..', '.data', 'logs');
const USAGE = 'usage: npm start [-- --secure] (settings come from the environment: README, "Using it", "Kafka" and "Secure broker")';

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseCommandLine({ args: argv, options: { secure: { type: 'boolean', default: false } } }, USAGE);
  const started = Date.now();
  // Every setting is parsed before anything starts, so a bad one stops `npm start` at once, naming it. Each
  // service process parses its own again (`runDomainService`); checking them here saves starting Kafka first.
  const external = env.KAFKA_BROKERS?.trim() ? brokersFromEnv(env) : undefined;
  securityFromEnv(env);
  const launcher = external ? {} : { ...launcherConfigFromEnv(env), ...(values.secure ? { secure: true, users: brokerPrincipals() } : {}) };
  const topology = topologySettingsFromEnv(env);
  const config = loadConfig(env);
  // Each service gets its own domain's identity key, derived from the gateway's secret (docs/trust.md).
  const identity = (domain: Domain) => ({ IDENTITY_VERIFY_KEYS: domainKeySetting(config.identity.secret!, domain) });
  for (const domain of DOMAINS) parseServiceConfig(domain, { ...env, ...identity(domain) });
  const opsOff = env.OPS_PORT?.trim() === '0';

  let ownsBroker = false;
  let secure: SecureBroker | undefined;
  if (external) {
    // Someone else's cluster: its credentials, if it needs any, are KAFKA_SASL_* as set, for every process alike.
    say(`using Kafka at KAFKA_BROKERS=${external.join(',')}${values.secure ? ' (--secure starts no broker: every process logs in with KAFKA_SASL_* as set)' : ''}`);
  } else {
    ownsBroker = !kafkaStatus(launcher).running;
    const status = await startKafka({ ...launcher, onProgress: (l) => say(`kafka: ${l}`) });
    // The services (child processes) and this process's clients find the broker here (`createKafka`'s default).
    env.KAFKA_BROKERS = status.brokers.join(',');
    if (status.secure) secure = secureBroker(status.brokers, status.dataDir);
  }

  // On the secure broker only its admin may create topics and ACLs; nobody else ever gets its password.
  const admin = secure ? adminClient(secure, 'puchi-start') : createKafka({ clientId: 'puchi-start', logger: silentLogger }).admin();
  await admin.connect();
  const report = await applyDeclaredTopology(admin, topologyDeclaration(), topology);
  const acls = secure ? await applyDeclaredAcls(admin) : undefined;
  await admin.disconnect();
  say(`topics: ${report.created.length} created, ${report.unchanged.length} already there`);
  for (const d of report.drift) say(`WARNING drift on ${d.topic}: ${d.property} is ${d.actual}, declared ${d.declared} (npm run kafka:topics)`);
  if (acls) say(`${aclSummary(acls)}; each process logs in as its own principal (${secure!.credentialsFile})`);

  const services: ServiceProcess[] = [];
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  let tracing: Awaited<ReturnType<typeof startGatewayTracing>>;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    await gateway?.close().catch(() => undefined);
    await tracing?.shutdown().catch(() => undefined);
    await Promise.all(services.map((s) => stopServiceProcess(s)));
    if (ownsBroker) await stopKafka(launcher);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  try {
    say(`starting ${DOMAINS.length} domain services (logs in ${LOG_DIR})`);
    // Every start settles before a failure is reported, so the services that did start are tracked and stopped.
    // One OPS_PORT for eight processes would collide: each gets its domain's (8001…8008); OPS_PORT=0 turns them off.
    const ops = (domain: Domain) => ({ OPS_PORT: opsOff ? '0' : String(opsPort(domain)) });
    const starts = await Promise.allSettled(DOMAINS.map((domain) => startServiceProcess(domain, LOG_DIR, { ...env, ...(secure ? serviceEnv(secure, domain) : {}), ...ops(domain), ...identity(domain) })));
    for (const s of starts) if (s.status === 'fulfilled') services.push(s.value);
    const failed = starts.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const s of services) {
      s.child.once('exit', (code) => {
        if (!stopping) say(`WARNING the ${s.domain} service exited (${code}); see ${s.logFile}`);
      });
    }
    // The gateway runs in this process: its clients read their credentials from the environment (`createKafka`).
    if (secure) Object.assign(env, gatewayEnv(secure));
    // OTEL_EXPORTER_OTLP_ENDPOINT traces the gateway here and, through the environment, every service process.
    tracing = await startGatewayTracing(config);
    const logger = createLogger({ service: 'gateway' }, { level: 'warn', ...tracedLogOptions(config) });
    gateway = await startGateway({ modules: SUBGRAPH_MODULES, config, logger, ...(tracing ? { tracer: tracing.tracer } : {}) });
    const base = `http://localhost:${gateway.port}`;
    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    say(`GraphQL:  ${base}/graphql   (Apollo Sandbox: open it in a browser)`);
    say(`health:   ${base}/api/health`);
    say(`services: ${base}/api/services/status`);
    say(`console:  ${base}/console   (an analyst or admin token: npm run token -- --user admin-max --role admin)`);
    say(`metrics:  ${base}/metrics${opsOff ? '' : `; each service's /metrics, /health/live, /health/ready on ${DOMAINS.map((d) => `${d} :${opsPort(d)}`).join(', ')}`}`);
    say(`a token:  npm run token -- --user learner-ana   (then send "Authorization: Bearer <token>")`);
    say(`Kafka:    ${env.KAFKA_BROKERS}. Ctrl-C stops everything started here.`);
  } catch (error) {
    console.error(`[start] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

main(process.argv.slice(2), process.env).catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`[start] ${err.message}`);
    process.exit(2);
  }
  const fix = (err as { fix?: string }).fix;
  console.error(`[start] ERROR: ${err instanceof Error ? err.message : String(err)}${fix ? `\n[start] FIX: ${fix}` : ''}`);
  process.exit(1);
});
