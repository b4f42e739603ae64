import type { LauncherConfig, NodeLayout } from './config';

/**
 * server.properties for one node. Values follow Kafka 4.1's own config/server.properties, tuned for one
 * machine: small internal topics and no initial rebalance delay, so tests and `npm start` are quick.
 */
export function serverProperties(config: LauncherConfig, node: NodeLayout, all: NodeLayout[]): string {
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
