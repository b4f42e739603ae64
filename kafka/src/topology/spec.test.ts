import { findDrift } from './apply';
import { topicSpecs, topologySettingsFromEnv } from './spec';
import { CONSUMER_GROUPS, EVENT_TOPICS, REQUEST_TOPICS, domainTopology } from './topology';

describe('declared topology', () => {
  it('names every request topic with its reply and dead-letter topics', () => {
    expect(REQUEST_TOPICS.getUserProfile).toMatchObject({ name: 'get-user-profile', reply: 'get-user-profile.reply', deadLetter: 'get-user-profile.DLT' });
    expect(Object.values(REQUEST_TOPICS).map((t) => t.name)).toEqual(
      expect.arrayContaining(['get-user-profile', 'get-lessons', 'get-lesson-by-id', 'get-user-progress']),
    );
    expect(new Set(Object.values(REQUEST_TOPICS).map((t) => t.name)).size).toBe(Object.values(REQUEST_TOPICS).length);
  });

  it('has one event topic and one consumer group per domain', () => {
    expect(Object.values(EVENT_TOPICS)).toEqual([
      'user-events', 'lesson-events', 'progress-events', 'media-events', 'notification-events', 'vocabulary-events', 'quiz-events', 'analytics-events',
    ]);
    expect(CONSUMER_GROUPS.analytics).toBe('analytics-service-group');
  });

  it('keeps domain history forever, analytics for 30 days, requests for an hour', () => {
    const byName = new Map(topicSpecs().map((s) => [s.name, s]));
    expect(byName.get('lesson-events')!.configs['retention.ms']).toBe('-1');
    expect(byName.get('analytics-events')!.configs['retention.ms']).toBe(String(30 * 86_400_000));
    expect(byName.get('get-lessons.reply')!.configs['retention.ms']).toBe('3600000');
    expect(byName.get('lesson-events')!.partitions).toBe(3);
  });

  it('raises min ISR to 2 with replication factor 3', () => {
    const [spec] = topicSpecs({ replicationFactor: 3 });
    expect(spec!.replicationFactor).toBe(3);
    expect(spec!.configs['min.insync.replicas']).toBe('2');
  });

  it('reads settings from the environment and rejects nonsense', () => {
    expect(topologySettingsFromEnv({ KAFKA_TOPIC_PARTITIONS: '6', KAFKA_ANALYTICS_RETENTION_MS: '1000' })).toEqual({ partitions: 6, analyticsRetentionMs: 1000 });
    expect(() => topologySettingsFromEnv({ KAFKA_TOPIC_PARTITIONS: 'many' })).toThrow(/KAFKA_TOPIC_PARTITIONS/);
    expect(() => topicSpecs({ partitions: 0 })).toThrow(/partitions/);
  });

  it('finds drift in partitions, replication and configs, and none when they match', () => {
    const [spec] = topicSpecs();
    expect(findDrift(spec!, { name: spec!.name, partitions: 3, replicationFactor: 1, configs: { ...spec!.configs, 'segment.ms': '1' } })).toEqual([]);
    expect(findDrift(spec!, { name: spec!.name, partitions: 2, replicationFactor: 3, configs: { ...spec!.configs, 'retention.ms': '5' } })).toEqual([
      { topic: spec!.name, property: 'partitions', declared: '3', actual: '2' },
      { topic: spec!.name, property: 'replication-factor', declared: '1', actual: '3' },
      { topic: spec!.name, property: 'retention.ms', declared: '3600000', actual: '5' },
    ]);
  });
});

describe('domainTopology', () => {
  it('gives a domain its group, event topic and the request topics it answers', () => {
    const lesson = domainTopology('lesson');
    expect(lesson.consumerGroup).toBe('lesson-service-group');
    expect(lesson.eventTopic).toBe('lesson-events');
    expect(lesson.requestTopics.map((t) => t.name)).toEqual(['get-lessons', 'get-lesson-by-id', 'get-courses', 'get-course-by-id']);
  });
});
