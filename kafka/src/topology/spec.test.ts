import { findDrift } from './apply';
import { topicSpecs, topologySettingsFromEnv } from './spec';
import { consumerGroup, eventTopic, reactionGroup, requestTopic, type DomainTopology } from './topology';

/** Two domains as their manifests would declare them. */
const DOMAINS: DomainTopology[] = [
  { domain: 'lesson', requestTopics: ['get-lessons', 'get-lesson-by-id'] },
  { domain: 'analytics', requestTopics: ['get-analytics-totals'], eventRetention: 'window' },
];

describe('topic and group names', () => {
  it('names a request topic with its reply and dead-letter topics', () => {
    expect(requestTopic('get-user-profile', 'user')).toEqual({ name: 'get-user-profile', domain: 'user', reply: 'get-user-profile.reply', deadLetter: 'get-user-profile.DLT' });
  });

  it('names a domain’s event topic, service group and reaction groups', () => {
    expect(eventTopic('lesson')).toBe('lesson-events');
    expect(consumerGroup('analytics')).toBe('analytics-service-group');
    expect(reactionGroup('notification', 'progress')).toBe('notification-service-group.progress-events');
  });
});

describe('declared topology', () => {
  it('declares each domain’s request, reply and dead-letter topics, its event topic and its DLT', () => {
    expect(topicSpecs(DOMAINS).map((s) => s.name)).toEqual([
      'get-lessons', 'get-lessons.reply', 'get-lessons.DLT', 'get-lesson-by-id', 'get-lesson-by-id.reply', 'get-lesson-by-id.DLT', 'lesson-events', 'lesson-events.DLT',
      'get-analytics-totals', 'get-analytics-totals.reply', 'get-analytics-totals.DLT', 'analytics-events', 'analytics-events.DLT',
      'service-heartbeats',
    ]);
  });

  it('keeps domain history forever, a windowed event topic for 30 days, requests for an hour', () => {
    const byName = new Map(topicSpecs(DOMAINS).map((s) => [s.name, s]));
    expect(byName.get('lesson-events')!.configs['retention.ms']).toBe('-1');
    expect(byName.get('analytics-events')!.configs['retention.ms']).toBe(String(30 * 86_400_000));
    expect(byName.get('get-lessons.reply')!.configs['retention.ms']).toBe('3600000');
    expect(byName.get('lesson-events')!.partitions).toBe(3);
  });

  it('raises min ISR to 2 with replication factor 3', () => {
    const [spec] = topicSpecs(DOMAINS, { replicationFactor: 3 });
    expect(spec!.replicationFactor).toBe(3);
    expect(spec!.configs['min.insync.replicas']).toBe('2');
  });

  it('reads settings from the environment and rejects nonsense', () => {
    expect(topologySettingsFromEnv({ KAFKA_TOPIC_PARTITIONS: '6', KAFKA_ANALYTICS_RETENTION_MS: '1000' })).toEqual({ partitions: 6, windowedEventRetentionMs: 1000 });
    expect(() => topologySettingsFromEnv({ KAFKA_TOPIC_PARTITIONS: 'many' })).toThrow(/KAFKA_TOPIC_PARTITIONS/);
    expect(() => topicSpecs(DOMAINS, { partitions: 0 })).toThrow(/partitions/);
  });

  it('finds drift in partitions, replication and configs, and none when they match', () => {
    const [spec] = topicSpecs(DOMAINS);
    expect(findDrift(spec!, { name: spec!.name, partitions: 3, replicationFactor: 1, configs: { ...spec!.configs, 'segment.ms': '1' } })).toEqual([]);
    expect(findDrift(spec!, { name: spec!.name, partitions: 2, replicationFactor: 3, configs: { ...spec!.configs, 'retention.ms': '5' } })).toEqual([
      { topic: spec!.name, property: 'partitions', declared: '3', actual: '2' },
      { topic: spec!.name, property: 'replication-factor', declared: '1', actual: '3' },
      { topic: spec!.name, property: 'retention.ms', declared: '3600000', actual: '5' },
    ]);
  });
});
