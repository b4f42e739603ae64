import { uniqueName } from '../testing/names';
import { waitFor } from '../testing/wait';
import type { BusAdmin, BusConsumer } from '../transport/port';
import { createTestTopics, FAST_GROUP, testBus } from '../transport/testing';
import { RpcClient } from './client';
import { newInstanceId, replyTopicName } from './reply-topic';
import { Responder } from './responder';
import { route } from './route';

jest.setTimeout(60_000);

const bus = testBus();
const topic = uniqueName('rpc-reply-path');
const echo = route<{ n: number }, { n: number }>(topic);
const prefix = uniqueName('replypath');
const tenMinutesAgo = () => Date.now() - 10 * 60_000;

describe('a client whose reply topic is lost', () => {
  let dropTopics: () => Promise<void>;
  let responder: Responder;
  let admin: BusAdmin;
  beforeAll(async () => {
    dropTopics = await createTestTopics(bus, [{ name: topic }]);
    responder = new Responder({ bus, groupId: uniqueName('reply-path-group'), consumer: FAST_GROUP, replyTopicPrefixes: [prefix] }).handle(echo, async (p) => p);
    await responder.start();
    admin = await bus.admin();
  });
  afterAll(async () => {
    await responder.close();
    await admin.disconnect();
    await dropTopics();
  });

  it('recreates it when it is deleted from outside, and answers again within the deadline', async () => {
    const client = new RpcClient({ bus, replyTopicPrefix: prefix, leaseIntervalMs: 300, staleReplyTopicGraceMs: 0 });
    await client.start();
    try {
      expect(await client.request(echo, { n: 1 }, { timeoutMs: 5000 })).toEqual({ n: 1 });
      await admin.deleteTopics([client.replyTopic]);
      await waitFor('the reply topic recreated', () => client.replyTopicRecreations === 1 && client.replyPath() === 'ok', 20_000);
      expect(await admin.partitions(client.replyTopic)).toEqual([0]);
      const started = Date.now();
      expect(await client.request(echo, { n: 2 }, { timeoutMs: 5000 })).toEqual({ n: 2 });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await client.close();
    }
    expect(await admin.partitions(client.replyTopic)).toBeUndefined();
  });

  it('is not swept while its owner renews the lease, even with no group member (a paused owner); an abandoned one is', async () => {
    const owner = new RpcClient({ bus, replyTopicPrefix: prefix, instanceId: newInstanceId(tenMinutesAgo()), leaseIntervalMs: 300, staleReplyTopicGraceMs: 0 });
    const abandoned = replyTopicName(prefix, newInstanceId(tenMinutesAgo()));
    await owner.start();
    let sweeper: RpcClient | undefined;
    try {
      await admin.createTopic(abandoned, 1);
      await waitFor('a lease', () => owner.leaseRenewedAt);
      // A SIGSTOPped owner's member is dropped after its session timeout: its reply consumer leaving is the same to the broker.
      await (owner as unknown as { consumer: BusConsumer }).consumer.disconnect();
      expect(await admin.inactiveGroups([owner.replyTopic, abandoned])).toEqual(expect.arrayContaining([owner.replyTopic, abandoned]));

      sweeper = new RpcClient({ bus, replyTopicPrefix: prefix, staleReplyTopicGraceMs: 60_000 });
      await sweeper.start(); // sweeps at start
      const topics = await admin.listTopics();
      expect(topics).toContain(owner.replyTopic);
      expect(topics).not.toContain(abandoned);
    } finally {
      await sweeper?.close();
      await owner.close();
      await admin.deleteTopics([abandoned]).catch(() => undefined);
    }
  });
});
