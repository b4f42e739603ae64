/**
 * `npm run replay -- <domain>`: rebuilds the domain's store from `<domain>-events` (see replayDomain). The
 * domain's service must be stopped: it holds the store, and it would keep writing to the old file.
 */
import { CONSUMER_GROUPS, createBus, DOMAINS, silentLogger, type Domain } from '@puchi/kafka';
import { replayDomain, storePath } from '@puchi/subgraph-kit';
import { SERVICES } from './service-definitions';

async function main(domain: string | undefined): Promise<void> {
  if (!domain || !(DOMAINS as readonly string[]).includes(domain)) throw new Error(`usage: npm run replay -- <${DOMAINS.join('|')}>`);
  const bus = createBus({ clientId: 'replay', logger: silentLogger });
  const admin = await bus.admin();
  const group = await admin.groupStatus(CONSUMER_GROUPS[domain as Domain]);
  await admin.disconnect();
  if (group.members.length > 0) throw new Error(`the ${domain} service is running (${group.members.length} member(s) in ${group.groupId}); stop it first`);
  const dbPath = storePath(domain as Domain);
  const started = Date.now();
  const { events } = await replayDomain(SERVICES[domain as Domain], bus, dbPath);
  console.log(`[replay] ${domain}: ${events} events applied into ${dbPath} in ${Date.now() - started} ms`);
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[replay] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
