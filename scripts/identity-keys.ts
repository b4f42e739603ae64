/**
 * `npm run identity-keys [-- --id <key id>]`: prints a new secret for the identity tokens the gateway signs to the
 * domains, and each domain's key derived from it, as the settings that take them: `IDENTITY_SIGNING_KEY` for
 * gateways (the secret), `IDENTITY_VERIFY_KEYS` for each domain's services and standalone subgraph server (its own
 * key only: a service that leaks it can speak for nobody in another domain). To rotate, list the new key next to
 * the old one in each domain's `IDENTITY_VERIFY_KEYS`, restart the services, switch the gateways to the new
 * secret, then drop the old keys.
 */
import { randomBytes } from 'node:crypto';
import { DOMAINS } from '@puchi/domains';
import { domainKeySetting, identitySecret } from '@puchi/kafka';
import { parseCommandLine, UsageError } from './command-line';

export const IDENTITY_KEYS_USAGE = 'usage: npm run identity-keys [-- --id <key id>]';

/** The settings' lines for a secret of `bytes` (32 random bytes): the gateways' first, then one per domain. */
export function identityKeyLines(keyId: string, bytes: Buffer): string[] {
  const secret = identitySecret(keyId, bytes);
  return [
    `# gateways`,
    `IDENTITY_SIGNING_KEY=${keyId}:${bytes.toString('base64url')}`,
    ...DOMAINS.flatMap((domain) => [`# ${domain} services and dev:subgraph:${domain}`, `IDENTITY_VERIFY_KEYS=${domainKeySetting(secret, domain)}`]),
  ];
}

function main(argv: string[]): void {
  const today = new Date().toISOString().slice(0, 10);
  const { values } = parseCommandLine({ args: argv, options: { id: { type: 'string', default: today } } }, IDENTITY_KEYS_USAGE);
  try {
    for (const line of identityKeyLines(values.id, randomBytes(32))) console.log(line);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), IDENTITY_KEYS_USAGE);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  }
}
