/**
 * What the scripts do with a local secure broker (`--secure`): log in as its admin, make its ACLs the registry's,
 * and hand each process the credentials of its own principal.
 */
import { aclDeclaration, GATEWAY_PRINCIPAL, servicePrincipal } from '@puchi/domains';
import { applyAcls, createKafka, saslEnv, silentLogger, type AclReport } from '@puchi/kafka';
import { ADMIN_USER, credentialsFile, readBrokerCredentials, userSasl, type BrokerCredentials } from '@puchi/kafka/launcher';
import type { Admin } from 'kafkajs';

/** A running local secure broker: where it listens and who may log in. */
export interface SecureBroker {
  brokers: string[];
  credentials: BrokerCredentials;
  credentialsFile: string;
}

/** The local secure broker whose data folder is `dataDir`; fails, naming the fix, when the folder has no credentials. */
export function secureBroker(brokers: string[], dataDir: string): SecureBroker {
  const credentials = readBrokerCredentials(dataDir);
  if (!credentials) throw new Error(`${credentialsFile(dataDir)} is missing: start the secure broker first (npm run kafka:start -- --secure)`);
  return { brokers, credentials, credentialsFile: credentialsFile(dataDir) };
}

/** A kafkajs admin client logged in as the broker's super user, not yet connected. */
export function adminClient(broker: SecureBroker, clientId: string): Admin {
  return createKafka({ clientId, brokers: broker.brokers, sasl: userSasl(broker.credentials, ADMIN_USER), logger: silentLogger }).admin();
}

/** Makes the broker's ACLs the registry's (`aclDeclaration`), with a connected admin client. */
export function applyDeclaredAcls(admin: Admin): Promise<AclReport> {
  return applyAcls(admin, aclDeclaration());
}

export function aclSummary(report: AclReport): string {
  return `ACLs: ${report.created.length} created, ${report.deleted.length} removed, ${report.unchanged} unchanged`;
}

/** The environment that makes a process's clients log in as `user` (read back by `createKafka`). */
export function principalEnv(broker: SecureBroker, user: string): Record<string, string> {
  const { mechanism, username, password } = userSasl(broker.credentials, user);
  return { KAFKA_BROKERS: broker.brokers.join(','), ...saslEnv(mechanism, username, password) };
}

export const serviceEnv = (broker: SecureBroker, domain: string) => principalEnv(broker, servicePrincipal(domain));
export const gatewayEnv = (broker: SecureBroker) => principalEnv(broker, GATEWAY_PRINCIPAL);
