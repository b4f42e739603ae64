import fs from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { ConfigError } from './errors';

/** The SASL mechanisms a client may name in `KAFKA_SASL_MECHANISM`: those kafkajs speaks without a plugin. */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** How a client authenticates and encrypts: kafkajs's `sasl` and `ssl`, or neither (a local plaintext broker). */
export interface ClientSecurity {
  sasl?: SASLOptions;
  /** `true`: TLS with Node's default CAs; options: TLS with the CA, certificate and key read from files. */
  ssl?: ConnectionOptions | true;
}

const SASL_VARIABLES = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const;
const TLS_FILES = { KAFKA_SSL_CA_FILE: 'ca', KAFKA_SSL_CERT_FILE: 'cert', KAFKA_SSL_KEY_FILE: 'key' } as const;

/** A variable's value, `undefined` when unset or blank. Passwords are taken as they are; everything else trimmed. */
function setting(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return undefined;
  return key === 'KAFKA_SASL_PASSWORD' ? raw : raw.trim();
}

function saslFromEnv(env: NodeJS.ProcessEnv): SASLOptions | undefined {
  const [mechanism, username, password] = SASL_VARIABLES.map((key) => setting(env, key));
  if (mechanism === undefined && username === undefined && password === undefined) return undefined;
  // Half a credential would connect without one and fail later as a closed connection: refuse it here, by name.
  SASL_VARIABLES.forEach((key, i) => {
    if ([mechanism, username, password][i] === undefined) throw new ConfigError(key, undefined, `required with ${SASL_VARIABLES.filter((k) => k !== key).join(' and ')} (all three or none)`);
  });
  const name = mechanism!.toLowerCase();
  if (!(SASL_MECHANISMS as readonly string[]).includes(name)) throw new ConfigError('KAFKA_SASL_MECHANISM', env.KAFKA_SASL_MECHANISM, SASL_MECHANISMS.join(', '));
  return { mechanism: name as SaslMechanism, username: username!, password: password! };
}

function sslFromEnv(env: NodeJS.ProcessEnv): ConnectionOptions | true | undefined {
  const flag = setting(env, 'KAFKA_SSL')?.toLowerCase();
  if (flag !== undefined && flag !== 'true' && flag !== 'false') throw new ConfigError('KAFKA_SSL', env.KAFKA_SSL, 'true or false');
  const options: ConnectionOptions = {};
  for (const [key, field] of Object.entries(TLS_FILES)) {
    const file = setting(env, key);
    if (file === undefined) continue;
    if (flag === 'false') throw new ConfigError(key, file, 'unset while KAFKA_SSL=false (a TLS file needs TLS)');
    try {
      options[field] = fs.readFileSync(file);
    } catch (error) {
      throw new ConfigError(key, file, `a readable PEM file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  if ((options.cert === undefined) !== (options.key === undefined)) {
    const missing = options.cert === undefined ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE';
    throw new ConfigError(missing, undefined, 'required with the other of KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE (a client certificate needs its key)');
  }
  if (Object.keys(options).length > 0) return options;
  return flag === 'true' ? true : undefined;
}

/**
 * Parses the client's security settings (README, "Secure broker"): `KAFKA_SASL_MECHANISM` (plain, scram-sha-256,
 * scram-sha-512), `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`, all three or none; `KAFKA_SSL` (true or false,
 * default false) and the PEM files `KAFKA_SSL_CA_FILE` (a private CA), `KAFKA_SSL_CERT_FILE` with
 * `KAFKA_SSL_KEY_FILE` (a client certificate), any of which turns TLS on. Files are read here, once, so a missing
 * one stops the process at start. Throws `ConfigError` naming the variable. Read by `createKafka` with
 * `KAFKA_BROKERS`, so every process's clients (gateway, services, scripts) authenticate the same way.
 */
export function securityFromEnv(env: NodeJS.ProcessEnv): ClientSecurity {
  const sasl = saslFromEnv(env);
  const ssl = sslFromEnv(env);
  return { ...(sasl ? { sasl } : {}), ...(ssl ? { ssl } : {}) };
}

/** The environment that makes a child process's clients authenticate as `username` (what `securityFromEnv` reads back). */
export function saslEnv(mechanism: SaslMechanism, username: string, password: string): Record<(typeof SASL_VARIABLES)[number], string> {
  return { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password };
}
