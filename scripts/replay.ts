/**
 * `npm run replay -- <domain>`: rebuilds the domain's store from `<domain>-events` (see replayDomain). The
 * domain's service must be stopped: it holds the store, and it would keep writing to the old file.
 */
import { DOMAINS, domainManifest, isDomain } from '@puchi/domains';
import { consumerGroup, createBus, silentLogger } from '@puchi/kafka';
import { replayDomain, storePath } from '@puchi/subgraph-kit';

async function main(domain: string | undefined): Promise<void> {
  if (!domain || !isDomain(domain)) throw new Error(`usage: npm run replay -- <${DOMAINS.join('|')}>`);
  const bus = createBus({ clientId: 'replay', logger: silentLogger });
  const admin = await bus.admin();
  const group = await admin.groupStatus(consumerGroup(domain));
  await admin.disconnect();
  if (group.members.length > 0) throw new Error(`the ${domain} service is running (${group.members.length} member(s) in ${group.groupId}); stop it first`);
  const dbPath = storePath(domain);
  const started = Date.now();
  const { events } = await replayDomain(domainManifest(domain).service, bus, dbPath);
  console.log(`[replay] ${domain}: ${events} events applied into ${dbPath} in ${Date.now() - started} ms`);
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[replay] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
