/**
 * `npm run replay -- <domain>`: rebuilds the domain's store from `<domain>-events` (see replayDomain). The
 * domain's service must be stopped: it holds the store, and it would keep writing to the old file. The store and
 * the brokers are the service's (`parseServiceConfig`: `<DOMAIN>_DB_PATH`, `DATA_DIR`, `KAFKA_BROKERS`).
 */
import { DOMAINS, domainManifest, isDomain } from '@puchi/domains';
import { consumerGroup, createBus, silentLogger } from '@puchi/kafka';
import { parseServiceConfig, replayDomain } from '@puchi/subgraph-kit';
import { parseCommandLine, UsageError } from './command-line';

const USAGE = `usage: npm run replay -- <${DOMAINS.join('|')}>`;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { positionals } = parseCommandLine({ args: argv, allowPositionals: true, options: {} }, USAGE);
  const [domain, ...extra] = positionals;
  if (!domain) throw new UsageError('which domain?', USAGE);
  if (!isDomain(domain)) throw new UsageError(`"${domain}" is not a domain`, USAGE);
  if (extra.length > 0) throw new UsageError(`one domain at a time, got ${positionals.join(' ')}`, USAGE);
  const config = parseServiceConfig(domain, env);
  const bus = createBus({ clientId: 'replay', brokers: config.brokers, logger: silentLogger });
  const admin = await bus.admin();
  const group = await admin.groupStatus(consumerGroup(domain));
  await admin.disconnect();
  if (group.members.length > 0) throw new Error(`the ${domain} service is running (${group.members.length} member(s) in ${group.groupId}); stop it first`);
  const started = Date.now();
  const { events } = await replayDomain(domainManifest(domain).service, bus, config.dbPath);
  console.log(`[replay] ${domain}: ${events} events applied into ${config.dbPath} in ${Date.now() - started} ms`);
}

main(process.argv.slice(2), process.env).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`[replay] ${error.message}`);
      process.exit(2);
    }
    console.error(`[replay] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
