/**
 * `npm run dev -- <domain>`: one domain's Kafka consumer service in the foreground, stopped cleanly by
 * SIGINT/SIGTERM. The domain comes from the registry (`@puchi/domains`); `npm run dev:<domain>` is an alias.
 * Its settings (README, "Services") are parsed once by `runDomainService`; its ops endpoints listen on its
 * domain's port (8001…8008, `opsPort`) unless `OPS_PORT` says otherwise.
 */
import { DOMAINS, domainManifest, isDomain, opsPort, type Domain } from '@puchi/domains';
import { runDomainService } from '@puchi/subgraph-kit';
import { parseCommandLine, UsageError } from './command-line';

const USAGE = `usage: npm run dev -- <${DOMAINS.join('|')}>`;

function domainOf(argv: string[]): Domain {
  const { positionals } = parseCommandLine({ args: argv, allowPositionals: true, options: {} }, USAGE);
  const [domain = ''] = positionals;
  if (positionals.length > 1) throw new UsageError(`one domain, got ${positionals.join(' ')}`, USAGE);
  if (!isDomain(domain)) throw new UsageError(domain ? `"${domain}" is not a domain` : 'which domain?', USAGE);
  return domain;
}

let domain: Domain;
try {
  domain = domainOf(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exit(2);
}
runDomainService(domainManifest(domain).service, process.env, { opsPort: opsPort(domain) });
