/**
 * `npm run kafka:topics`            create the declared topics that are missing; exit 1 on drift.
 * `npm run kafka:topics -- --list`  print every topic with its partitions and configs.
 * `npm run kafka:topics -- --acls`  also make the cluster's ACLs the registry's (log in as an admin: KAFKA_SASL_*).
 * `npm run kafka:topics -- --secure` the same on the local secure broker, as its admin (from its credentials.json).
 */
import { topologyDeclaration } from '@puchi/domains';
import { applyDeclaredTopology, brokersFromEnv, ConfigError, createKafka, describeTopics, securityFromEnv, silentLogger, topologySettingsFromEnv } from '@puchi/kafka';
import { bootstrapServers, defaultConfig, launcherConfigFromEnv } from '@puchi/kafka/launcher';
import { parseCommandLine, UsageError } from './command-line';
import { aclSummary, adminClient, applyDeclaredAcls, secureBroker } from './secure-broker';

const USAGE = 'usage: npm run kafka:topics [-- --list] [--acls | --secure]';

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandLine(
    { args: argv, options: { list: { type: 'boolean', default: false }, acls: { type: 'boolean', default: false }, secure: { type: 'boolean', default: false } } },
    USAGE,
  );
  // Parsed before connecting: a bad KAFKA_TOPIC_* or retention setting fails here, naming the variable.
  const settings = topologySettingsFromEnv(env);
  brokersFromEnv(env);
  securityFromEnv(env);
  if (values.secure && env.KAFKA_BROKERS?.trim()) {
    throw new UsageError('--secure is the local secure broker; for KAFKA_BROKERS, log in as an admin with KAFKA_SASL_* and use --acls', USAGE);
  }
  let admin;
  if (values.secure) {
    const local = defaultConfig({ ...launcherConfigFromEnv(env), secure: true });
    admin = adminClient(secureBroker(bootstrapServers(local), local.dataDir), 'puchi-topology');
  } else {
    admin = createKafka({ clientId: 'puchi-topology', logger: silentLogger }).admin();
  }
  await admin.connect();
  try {
    if (values.list) {
      const names = (await admin.listTopics()).filter((n) => !n.startsWith('__')).sort();
      for (const t of (await describeTopics(admin, names)).sort((a, b) => a.name.localeCompare(b.name))) {
        const configs = Object.entries(t.configs)
          .filter(([k]) => ['retention.ms', 'cleanup.policy', 'min.insync.replicas'].includes(k))
          .map(([k, v]) => `${k}=${v}`)
          .join(' ');
        console.log(`${t.name.padEnd(32)} partitions=${t.partitions} rf=${t.replicationFactor} ${configs}`);
      }
      return 0;
    }
    const report = await applyDeclaredTopology(admin, topologyDeclaration(), settings);
    const acls = values.acls || values.secure ? await applyDeclaredAcls(admin) : undefined;
    console.log(`topics: ${report.created.length} created, ${report.unchanged.length} unchanged, ${report.drift.length} drifted`);
    for (const name of report.created) console.log(`  created ${name}`);
    for (const d of report.drift) console.log(`  DRIFT ${d.topic}: ${d.property} is ${d.actual}, declared ${d.declared}`);
    if (acls) console.log(aclSummary(acls));
    if (report.drift.length > 0) {
      console.log('Drift is not changed automatically: alter or recreate those topics, or change the declaration (subgraphs/<domain>/src/manifest.ts).');
      return 1;
    }
    return 0;
  } finally {
    await admin.disconnect();
  }
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(`kafka:topics failed: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof ConfigError)) console.error('Is the broker running? `npm run kafka:start`, or set KAFKA_BROKERS.');
    process.exit(1);
  },
);
