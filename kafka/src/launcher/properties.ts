import type { LauncherConfig, NodeLayout } from './config';
import { ADMIN_USER, type BrokerCredentials } from './credentials';

/** The standard authorizer of KRaft clusters (ACLs kept in the metadata log). */
export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';

const jaas = (module: string, options: Record<string, string>) =>
  `${module} required ${Object.entries(options).map(([k, v]) => `${k}="${v}"`).join(' ')};`;

/**
 * The listeners of a secure node. Clients and the brokers' own replication use `SASL_PLAINTEXT` with
 * SCRAM-SHA-512, checked against the users formatted into the metadata log. The controller listener uses PLAIN
 * against the one `admin` written here instead, as Kafka's KRaft SCRAM setup does (KAFKA-15513): the quorum's
 * own connections must not depend on the SCRAM credentials in the log it serves. `admin` is the only super user,
 * so the nodes' connections pass the authorizer and nobody else does anything no ACL allows.
 */
function secureProperties(node: NodeLayout, credentials: BrokerCredentials): Record<string, string> {
  const password = credentials.users[ADMIN_USER];
  if (password === undefined) throw new Error(`the broker credentials have no ${ADMIN_USER} user`);
  const mechanism = credentials.mechanism.toUpperCase();
  const listeners = `SASL_PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`;
  return {
    listeners,
    'advertised.listeners': listeners,
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    'sasl.mechanism.inter.broker.protocol': mechanism,
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms': mechanism,
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    [`listener.name.sasl_plaintext.${credentials.mechanism}.sasl.jaas.config`]: jaas('org.apache.kafka.common.security.scram.ScramLoginModule', { username: ADMIN_USER, password }),
    'listener.name.controller.plain.sasl.jaas.config': jaas('org.apache.kafka.common.security.plain.PlainLoginModule', {
      username: ADMIN_USER,
      password,
      [`user_${ADMIN_USER}`]: password,
    }),
    'authorizer.class.name': STANDARD_AUTHORIZER,
    'super.users': `User:${ADMIN_USER}`,
    'allow.everyone.if.no.acl.found': 'false',
  };
}

/**
 * server.properties for one node. Values follow Kafka 4.1's own config/server.properties, tuned for one
 * machine: small internal topics and no initial rebalance delay, so tests and `npm start` are quick. A secure
 * node (`config.secure`) needs the broker's `credentials` (its `admin` password goes into the file).
 */
export function serverProperties(config: LauncherConfig, node: NodeLayout, all: NodeLayout[], credentials?: BrokerCredentials): string {
  const cluster = config.nodes > 1;
  const rf = cluster ? 3 : 1;
  const minIsr = cluster ? 2 : 1;
  const props: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    listeners: `PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': node.dataDir,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.partitions': 3,
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': 3,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 3,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': 0,
    // Kafka's floor is 6 s; services may ask for less (CONSUMER_SESSION_TIMEOUT_MS) to fail over faster.
    'group.min.session.timeout.ms': 1000,
    // Topics are created by `npm run kafka:topics` from the declared topology, never by a typo in a producer.
    'auto.create.topics.enable': 'false',
    'log.retention.check.interval.ms': 300000,
  };
  if (cluster) {
    // Fault tests kill nodes: notice a dead node and shrink the ISR in seconds rather than Kafka's 9 s / 30 s defaults.
    props['broker.session.timeout.ms'] = 3000;
    props['broker.heartbeat.interval.ms'] = 500;
    props['replica.lag.time.max.ms'] = 5000;
    props['controller.quorum.voters'] = all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
  } else {
    props['controller.quorum.bootstrap.servers'] = `127.0.0.1:${node.controllerPort}`;
  }
  if (config.secure) {
    if (!credentials) throw new Error('a secure node needs the broker credentials');
    Object.assign(props, secureProperties(node, credentials));
  }
  for (const [key, value] of Object.entries(config.overrides)) props[key] = value;
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

/** log4j2 settings: everything to a rolling `server.log` in the node's log folder, nothing on the console. */
export function log4jProperties(node: NodeLayout): string {
  return [
    'status = warn',
    'appender.file.type = RollingFile',
    'appender.file.name = file',
    `appender.file.fileName = ${node.logFile}`,
    `appender.file.filePattern = ${node.logFile}.%i`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 50MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 3',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    '',
  ].join('\n');
}
