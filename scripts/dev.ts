/**
 * `npm run dev -- <domain>`: one domain's Kafka consumer service in the foreground, stopped cleanly by
 * SIGINT/SIGTERM. The domain comes from the registry (`@puchi/domains`); `npm run dev:<domain>` is an alias.
 */
import { parseArgs } from 'node:util';
import { DOMAINS, domainManifest, isDomain } from '@puchi/domains';
import { runDomainService } from '@puchi/subgraph-kit';

const { positionals } = parseArgs({ allowPositionals: true });
const domain = positionals[0] ?? '';
if (!isDomain(domain)) {
  console.error(`usage: npm run dev -- <${DOMAINS.join('|')}>${domain ? `; "${domain}" is not a domain` : ''}`);
  process.exit(2);
}
runDomainService(domainManifest(domain).service);
