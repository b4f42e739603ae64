import { defaultConfig, nodeLayouts } from './config';
import { serverProperties } from './properties';

const parse = (text: string) => Object.fromEntries(text.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));

describe('broker properties', () => {
  it('makes one combined node a standalone KRaft quorum on the chosen ports', () => {
    const config = defaultConfig({ port: 29092, dataDir: '/tmp/k' }, {});
    const [node] = nodeLayouts(config);
    const props = parse(serverProperties(config, node!, [node!]));
    expect(props['listeners']).toBe('PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    expect(props['controller.quorum.bootstrap.servers']).toBe('127.0.0.1:29093');
    expect(props['controller.quorum.voters']).toBeUndefined();
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['group.initial.rebalance.delay.ms']).toBe('0');
  });

  it('gives three nodes their own ports, a static voter list, RF 3 and min ISR 2', () => {
    const config = defaultConfig({ nodes: 3, port: 9092, dataDir: '/tmp/k3' }, {});
    const nodes = nodeLayouts(config);
    expect(nodes.map((n) => [n.brokerPort, n.controllerPort])).toEqual([[9092, 9093], [9094, 9095], [9096, 9097]]);
    const props = parse(serverProperties(config, nodes[1]!, nodes));
    expect(props['node.id']).toBe('2');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097');
    expect(props['default.replication.factor']).toBe('3');
    expect(props['min.insync.replicas']).toBe('2');
    expect(props['log.dirs']).toBe('/tmp/k3/node-2/data');
  });

  it('applies overrides last', () => {
    const config = defaultConfig({ dataDir: '/tmp/k', overrides: { 'num.io.threads': '8' } }, {});
    const [node] = nodeLayouts(config);
    expect(parse(serverProperties(config, node!, [node!]))['num.io.threads']).toBe('8');
  });

  it('reads port, data folder and heap from the environment', () => {
    const config = defaultConfig({}, { KAFKA_PORT: '19092', KAFKA_DATA_DIR: '/srv/kafka', KAFKA_HEAP_MB: '1024' });
    expect([config.port, config.dataDir, config.heapMb]).toEqual([19092, '/srv/kafka', 1024]);
    expect(() => defaultConfig({}, { KAFKA_PORT: 'abc' })).toThrow(/KAFKA_PORT/);
  });
});
