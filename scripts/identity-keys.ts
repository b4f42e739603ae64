/**
 * `npm run identity-keys [-- --id <key id>]`: prints a new Ed25519 key pair for the identity tokens the gateway
 * signs to the domains, as the two settings that take it: `IDENTITY_SIGNING_KEY` for gateways (secret), and
 * `IDENTITY_VERIFY_KEYS` for services and standalone subgraph servers (public). To rotate, list the new public
 * key next to the old one in `IDENTITY_VERIFY_KEYS`, restart the services, switch the gateways to the new
 * signing key, then drop the old public key.
 */
import { randomBytes } from 'node:crypto';
import { rawPublicKey, signingKeyFromSeed } from '@puchi/kafka';
import { parseCommandLine, UsageError } from './command-line';

export const IDENTITY_KEYS_USAGE = 'usage: npm run identity-keys [-- --id <key id>]';

/** The two settings' lines for a key made from `seed` (32 random bytes). */
export function identityKeyLines(keyId: string, seed: Buffer): string[] {
  const key = signingKeyFromSeed(keyId, seed);
  return [`IDENTITY_SIGNING_KEY=${keyId}:${seed.toString('base64url')}`, `IDENTITY_VERIFY_KEYS=${keyId}:${rawPublicKey(key.privateKey)}`];
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
