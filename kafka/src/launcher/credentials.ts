import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SaslMechanism } from '../client-security';
import { LauncherError } from './errors';

/** The secure broker's super user: the brokers' and controllers' own connections, and whoever creates topics and ACLs. */
export const ADMIN_USER = 'admin';

/** The mechanism of every user of a secure local broker (SCRAM: the broker keeps only salted hashes). */
export const BROKER_SASL_MECHANISM = 'scram-sha-512' satisfies SaslMechanism;

/** `credentials.json` in the data folder: every SCRAM user of the secure broker and their passwords. */
export interface BrokerCredentials {
  mechanism: typeof BROKER_SASL_MECHANISM;
  /** Username → password; `admin` always among them. */
  users: Record<string, string>;
}

const CREDENTIALS_FILE = 'credentials.json';

/** Letters, digits, `.`, `_` and `-`: safe unquoted in the storage tool's `--add-scram` syntax and in JAAS. */
const USER_NAME = /^[A-Za-z0-9._-]+$/;

export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, CREDENTIALS_FILE);
}

/** The secure broker's users, or `undefined` when the folder holds none (not secure, or not started yet). */
export function readBrokerCredentials(dataDir: string): BrokerCredentials | undefined {
  try {
    return JSON.parse(fs.readFileSync(credentialsFile(dataDir), 'utf8')) as BrokerCredentials;
  } catch {
    return undefined;
  }
}

/** Writes a file only its owner may read: one that holds passwords as they are. */
export function writePrivateFile(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  // `mode` applies only when the file is created (and through the umask): make sure of it either way.
  fs.chmodSync(file, 0o600);
}

export function writeBrokerCredentials(dataDir: string, credentials: BrokerCredentials): void {
  fs.mkdirSync(dataDir, { recursive: true });
  writePrivateFile(credentialsFile(dataDir), JSON.stringify(credentials, null, 2) + '\n');
}

/** Hex: nothing the storage tool, ConfigCommand or a JAAS line would need to quote. */
function newPassword(): string {
  return randomBytes(24).toString('hex');
}

/**
 * `credentials` with a fresh random password for each of `users` (and `admin`) it lacks; `added` names them.
 * Refuses a name SCRAM syntax would need to quote.
 */
export function withUsers(credentials: BrokerCredentials | undefined, users: readonly string[]): { credentials: BrokerCredentials; added: string[] } {
  for (const user of users) {
    if (!USER_NAME.test(user)) throw new LauncherError(`"${user}" cannot be a SCRAM user of the local broker.`, 'Use letters, digits, ".", "_" and "-" only.');
  }
  const known = { ...credentials?.users };
  const added = [...new Set([ADMIN_USER, ...users])].filter((user) => known[user] === undefined);
  for (const user of added) known[user] = newPassword();
  return { credentials: { mechanism: BROKER_SASL_MECHANISM, users: known }, added };
}

/** A user's SASL settings for a kafkajs client (`createKafka({ sasl })`). */
export function userSasl(credentials: BrokerCredentials, user: string): { mechanism: typeof BROKER_SASL_MECHANISM; username: string; password: string } {
  const password = credentials.users[user];
  if (password === undefined) {
    throw new LauncherError(
      `The secure broker has no user "${user}" (it has ${Object.keys(credentials.users).join(', ')}).`,
      'Start it again through `npm run kafka:start -- --secure` or `npm start -- --secure`, which add the users the registry declares.',
    );
  }
  return { mechanism: credentials.mechanism, username: user, password };
}

/** Settings for Kafka's own command-line tools as the admin (`--command-config`); the launcher adds users with it. */
export function adminClientProperties(credentials: BrokerCredentials): string {
  const password = credentials.users[ADMIN_USER];
  return [
    'security.protocol=SASL_PLAINTEXT',
    `sasl.mechanism=${credentials.mechanism.toUpperCase()}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${ADMIN_USER}" password="${password}";`,
    '',
  ].join('\n');
}
