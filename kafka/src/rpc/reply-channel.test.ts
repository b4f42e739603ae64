import { UnknownTopicError } from '../errors';
import { silentLogger } from '../log';
import type { BusAdmin, BusProducer, MessageBus, OutgoingRecord } from '../transport/port';
import { ReplyChannel } from './reply-channel';

const REQUESTS = 'get-user-profile';
const reply = (topic: string): OutgoingRecord => ({ topic, partition: 0, key: null, value: '{}' });

/**
 * A bus whose producers refuse the topics `refuses` says they refuse (as a kafkajs producer whose metadata names a
 * deleted topic refuses every new one), and whose topic list is `topics`.
 */
function fakeBus(state: { topics: string[]; refuses: (producer: number, topic: string) => boolean }) {
  const sent: { producer: number; topic: string }[] = [];
  let producers = 0;
  let listings = 0;
  const bus = {
    producer: (): BusProducer => {
      const id = ++producers;
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        send: async (records) => {
          for (const r of records) if (state.refuses(id, r.topic)) throw new UnknownTopicError(r.topic);
          for (const r of records) sent.push({ producer: id, topic: r.topic });
        },
        partitionOf: async () => 0,
        partitionCount: async () => 1,
      };
    },
    admin: async () =>
      ({
        listTopics: async () => {
          listings++;
          return state.topics;
        },
        disconnect: async () => undefined,
      }) as unknown as BusAdmin,
  } as unknown as MessageBus;
  return { bus, sent, producers: () => producers, listings: () => listings };
}

async function channelOn(fake: ReturnType<typeof fakeBus>) {
  const channel = new ReplyChannel({ bus: fake.bus, knownTopics: [REQUESTS], logger: silentLogger });
  await channel.connect();
  return channel;
}

describe('ReplyChannel', () => {
  it('replaces a producer that refuses a reply topic which exists, and sends the reply on the new one', async () => {
    // Producer 1 is stale: it refuses every topic; the caller's topic exists.
    const fake = fakeBus({ topics: [REQUESTS, 'puchi.replies.b'], refuses: (producer) => producer === 1 });
    const channel = await channelOn(fake);
    expect(await channel.send(reply('puchi.replies.b'))).toBe('sent');
    expect(await channel.send(reply('puchi.replies.b'))).toBe('sent');
    expect(fake.sent).toEqual([
      { producer: 2, topic: 'puchi.replies.b' },
      { producer: 2, topic: 'puchi.replies.b' },
    ]);
    expect(channel.replacements).toBe(1);
    await channel.close();
  });

  it('drops the replies of a topic the cluster does not list for a minute, without trying them', async () => {
    const fake = fakeBus({ topics: [REQUESTS], refuses: (_producer, topic) => topic === 'puchi.replies.gone' });
    const channel = await channelOn(fake);
    expect(await channel.send(reply('puchi.replies.gone'))).toBe('dropped');
    expect(await channel.send(reply('puchi.replies.gone'))).toBe('dropped');
    expect(fake.listings()).toBe(1);
    expect(channel.replacements).toBe(0);
    // Others' replies still go out on the same producer.
    expect(await channel.send(reply('puchi.replies.live'))).toBe('sent');
    expect(fake.producers()).toBe(1);
    await channel.close();
  });

  it('takes nothing for gone on a listing without its own request topics (a broker that has not loaded its metadata)', async () => {
    const state = { topics: [] as string[], refuses: (_producer: number, topic: string) => topic === 'puchi.replies.new' && state.topics.length === 0 };
    const fake = fakeBus(state);
    const channel = await channelOn(fake);
    expect(await channel.send(reply('puchi.replies.new'))).toBe('dropped');
    // The broker has its metadata now: the topic was never marked gone, so its next reply is tried and goes out.
    state.topics = [REQUESTS, 'puchi.replies.new'];
    expect(await channel.send(reply('puchi.replies.new'))).toBe('sent');
    await channel.close();
  });

  it('replaces the producer once for the replies refused together', async () => {
    const fake = fakeBus({ topics: [REQUESTS, 'puchi.replies.a', 'puchi.replies.b'], refuses: (producer) => producer === 1 });
    const channel = await channelOn(fake);
    const outcomes = await Promise.all(['puchi.replies.a', 'puchi.replies.b', 'puchi.replies.a'].map((t) => channel.send(reply(t))));
    expect(outcomes).toEqual(['sent', 'sent', 'sent']);
    expect(fake.producers()).toBe(2);
    await channel.close();
  });
});
