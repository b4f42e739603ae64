import { BrokerUnavailableError } from '../errors';
import { EventPublisher } from '../events/publisher';
import { RpcClient } from '../rpc/client';
import { createKafka } from '../client';
import { silentLogger } from '../log';
import { kafkaJsBus } from './kafkajs';

// Nothing listens on port 1: every call meets a refused connection, as when the cluster is down.
const deadBus = () =>
  kafkaJsBus(
    createKafka({ clientId: 'unavailable-test', brokers: ['127.0.0.1:1'], connectionTimeout: 200, retry: { retries: 1, initialRetryTime: 50 }, logger: silentLogger }),
  );

describe('a broker that does not answer', () => {
  it('fails the request client with a retriable BrokerUnavailableError', async () => {
    const client = new RpcClient({ bus: deadBus(), staleReplyTopicGraceMs: 0 });
    const err = await client.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerUnavailableError);
    expect((err as BrokerUnavailableError).retriable).toBe(true);
    await client.close();
  });

  it('fails the event publisher the same way', async () => {
    const publisher = new EventPublisher({ bus: deadBus(), source: 'test' });
    const err = await publisher.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerUnavailableError);
    await publisher.close();
  });
});
