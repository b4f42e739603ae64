import { ConfigError } from '../errors';
import { defaultConfig, launcherConfigFromEnv, nodeLayouts } from './config';
import { serverProperties } from './properties';

const parse = (text: string) => Object.fromEntries(text.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));

describe('broker properties', () => {
  it('makes one combined node a standalone KRaft quorum on the chosen ports', () => {
    const config = defaultConfig({ port: 29092, dataDir: '/tmp/k' });
    const [node] = nodeLayouts(config);
    const props = parse(serverProperties(config, node!, [node!]));
    expect(props['listeners']).toBe('PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    expect(props['controller.quorum.bootstrap.servers']).toBe('127.0.0.1:29093');
    expect(props['controller.quorum.voters']).toBeUndefined();
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['group.initial.rebalance.delay.ms']).toBe('0');
  });

  it('gives three nodes their own ports, a static voter list, RF 3 and min ISR 2', () => {
    const config = defaultConfig({ nodes: 3, port: 9092, dataDir: '/tmp/k3' });
    const nodes = nodeLayouts(config);
    expect(nodes.map((n) => [n.brokerPort, n.controllerPort])).toEqual([[9092, 9093], [9094, 9095], [9096, 9097]]);
    const props = parse(serverProperties(config, nodes[1]!, nodes));
    expect(props['node.id']).toBe('2');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097');
    expect(props['default.replication.factor']).toBe('3');
    expect(props['min.insync.replicas']).toBe('2');
    expect(props['log.dirs']).toBe('/tmp/k3/node-2/data');
  });

  it('makes a secure node take SCRAM-SHA-512 logins only, with the standard authorizer and admin as its one super user', () => {
    const config = defaultConfig({ secure: true, port: 29592 });
    expect(config.dataDir).toMatch(/\.kafka\/data-secure$/);
    const [node] = nodeLayouts(config);
    const props = parse(serverProperties(config, node!, [node!], { mechanism: 'scram-sha-512', users: { admin: 'a1b2', gateway: 'c3d4' } }));
    expect(props['listeners']).toBe('SASL_PLAINTEXT://127.0.0.1:29592,CONTROLLER://127.0.0.1:29593');
    expect(props['listener.security.protocol.map']).toBe('CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT');
    expect(props['listener.name.sasl_plaintext.sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(props['listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="a1b2";',
    );
    expect(props['listener.name.controller.plain.sasl.jaas.config']).toMatch(/PlainLoginModule required username="admin" password="a1b2" user_admin="a1b2";$/);
    expect([props['authorizer.class.name'], props['super.users'], props['allow.everyone.if.no.acl.found']]).toEqual([
      'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'User:admin',
      'false',
    ]);
    // Only the admin's password is in the file; the other users exist only as SCRAM hashes in the metadata log.
    expect(serverProperties(config, node!, [node!], { mechanism: 'scram-sha-512', users: { admin: 'a1b2', gateway: 'c3d4' } })).not.toContain('c3d4');
    expect(() => serverProperties(config, node!, [node!])).toThrow(/credentials/);
  });

  it('applies overrides last', () => {
    const config = defaultConfig({ dataDir: '/tmp/k', overrides: { 'num.io.threads': '8' } });
    const [node] = nodeLayouts(config);
    expect(parse(serverProperties(config, node!, [node!]))['num.io.threads']).toBe('8');
  });

  it('reads port, data folder, heap, java and maven from the environment, under the options given', () => {
    const env = { KAFKA_PORT: '19092', KAFKA_DATA_DIR: '/srv/kafka', KAFKA_HEAP_MB: '1024', JAVA_HOME: '/opt/jdk', MVN: '/opt/mvn/bin/mvn' };
    const config = defaultConfig(launcherConfigFromEnv(env));
    expect([config.port, config.dataDir, config.heapMb, config.java, config.mvn]).toEqual([19092, '/srv/kafka', 1024, '/opt/jdk/bin/java', '/opt/mvn/bin/mvn']);
    expect(defaultConfig({ ...launcherConfigFromEnv(env), port: 29092 }).port).toBe(29092);
  });

  it('uses its defaults, not the environment, when given no settings', () => {
    const config = defaultConfig({ nodes: 3 });
    expect([config.port, config.heapMb, config.java, config.mvn]).toEqual([9092, 384, 'java', 'mvn']);
    expect(config.dataDir).toMatch(/\.kafka\/cluster3$/);
  });

  it('refuses a port or a heap that is not a positive integer, naming the variable', () => {
    expect(() => launcherConfigFromEnv({ KAFKA_PORT: 'abc' })).toThrow('KAFKA_PORT="abc" is not allowed: a TCP port, an integer from 1 to 65530');
    expect(() => launcherConfigFromEnv({ KAFKA_HEAP_MB: '0' })).toThrow(ConfigError);
    expect(launcherConfigFromEnv({ KAFKA_PORT: '', MVN: ' ' })).toEqual({});
  });
});
