import { envelope, silentLogger, type KafkaInstrumentation } from '@puchi/kafka';
import { inMemoryBus } from '@puchi/kafka/testing';
import { TopicFeeds } from '../subscriptions/topic-feeds';

describe('topic feeds instrumentation', () => {
  it('reports each event a feed hands to its subscribers as consumed on its topic', async () => {
    const consumed: [string, string][] = [];
    const hooks: KafkaInstrumentation = { eventConsumed: (topic, outcome) => void consumed.push([topic, outcome]) };
    const { bus, deliver } = inMemoryBus({ admin: { boundaryOffsets: async () => [{ partition: 0, offset: '0' }], deleteGroups: async () => undefined } });
    const feeds = new TopicFeeds(bus, silentLogger, hooks);
    const seen: string[] = [];
    const stop = await feeds.listen('lesson-events', (event) => void seen.push(event.id));
    const event = envelope({ type: 'lesson.published', subject: 'l1', payload: {} }, 'lesson-service');
    await deliver({ topic: 'lesson-events', partition: 0, offset: '0', key: 'l1', value: Buffer.from(JSON.stringify(event)), headers: {}, timestamp: Date.now() });
    expect(seen).toEqual([event.id]);
    expect(consumed).toEqual([['lesson-events', 'ok']]);
    stop();
    await feeds.close();
  });
});
