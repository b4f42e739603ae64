import { recoverFromFetchWith, type PatchableGroup } from './kafkajs-fetch-recovery-patch';

// kafkajs's real ConsumerGroup and errors (its internals, as the patch reaches them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup.js') as { prototype: PatchableGroup };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const errors = require('kafkajs/src/errors.js') as Record<string, new (message: string, options?: object) => Error>;

const connectionRefused = () => new errors.KafkaJSConnectionError!('Connection error: connect ECONNREFUSED 127.0.0.1:30092', { broker: '127.0.0.1:30092', code: 'ECONNREFUSED' });
const group = () => ({ cluster: { refreshMetadata: jest.fn(async () => undefined), removeBroker: jest.fn() } }) as unknown as PatchableGroup & { cluster: { refreshMetadata: jest.Mock; removeBroker: jest.Mock } };

describe('kafkajs fetch recovery patch', () => {
  // The shipped method: Jest gives this file its own copy of kafkajs, which nothing here patches.
  const shipped = ConsumerGroup.prototype.recoverFromFetch;

  it('as shipped, a fetch that cannot connect is rethrown without a metadata refresh', async () => {
    const g = group();
    await expect(shipped.call(g, connectionRefused())).rejects.toThrow('ECONNREFUSED');
    expect(g.cluster.refreshMetadata).not.toHaveBeenCalled();
  });

  it('patched, waits, refreshes metadata and lets the fetch loop go on', async () => {
    const g = group();
    const recover = recoverFromFetchWith(async () => {
      throw new Error('the original should not run');
    }, 20);
    const started = Date.now();
    await expect(recover.call(g, connectionRefused())).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(g.cluster.refreshMetadata).toHaveBeenCalledTimes(1);
  });

  it('patched, throws when the refresh fails (no broker reachable), as before', async () => {
    const g = group();
    g.cluster.refreshMetadata.mockRejectedValueOnce(new Error('no broker available'));
    const recover = recoverFromFetchWith(async () => undefined, 1);
    await expect(recover.call(g, connectionRefused())).rejects.toThrow('no broker available');
  });

  it('patched, hands every other error to kafkajs, a closed connection included', async () => {
    const original = jest.fn(async () => undefined);
    const recover = recoverFromFetchWith(original, 1);
    const g = group();
    const closed = new errors.KafkaJSConnectionClosedError!('Closed connection', { host: '127.0.0.1', port: 30092 });
    const other = new Error('something else');
    await recover.call(g, closed);
    await recover.call(g, other);
    expect(original.mock.calls).toEqual([[closed], [other]]);
    expect(g.cluster.refreshMetadata).not.toHaveBeenCalled();
  });
});
