import { topicSpecs } from '@puchi/kafka';
import { CONSUMER_GROUPS, DOMAINS, EVENT_TOPICS, codegenTargets, domainManifest, subgraphPort, topologyDeclaration } from './index';

describe('the registry of domains', () => {
  it('lists the eight domains in their order', () => {
    expect(DOMAINS).toEqual(['user', 'lesson', 'progress', 'media', 'notification', 'vocabulary', 'quiz', 'analytics']);
    expect(subgraphPort('user')).toBe(4001);
    expect(subgraphPort('analytics')).toBe(4008);
  });

  it('has one event topic and one consumer group per domain', () => {
    expect(Object.values(EVENT_TOPICS)).toEqual([
      'user-events', 'lesson-events', 'progress-events', 'media-events', 'notification-events', 'vocabulary-events', 'quiz-events', 'analytics-events',
    ]);
    expect(CONSUMER_GROUPS.analytics).toBe('analytics-service-group');
  });

  it('takes each domain’s request topics from the calls its manifest declares, each topic once', () => {
    const lesson = topologyDeclaration().find((d) => d.domain === 'lesson');
    expect(lesson?.requestTopics).toEqual(expect.arrayContaining(['get-lessons', 'get-lesson-by-id', 'get-courses', 'get-course-by-id']));
    const all = topologyDeclaration().flatMap((d) => d.requestTopics);
    expect(all).toHaveLength(27);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['get-user-profile', 'get-lessons', 'get-lesson-by-id', 'get-user-progress']));
  });

  it('keeps domain history forever and analytics for 30 days', () => {
    const byName = new Map(topicSpecs(topologyDeclaration()).map((s) => [s.name, s]));
    expect(byName.get('lesson-events')!.configs['retention.ms']).toBe('-1');
    expect(byName.get('analytics-events')!.configs['retention.ms']).toBe(String(30 * 86_400_000));
    expect(byName.get('get-user-profile.DLT')).toBeDefined();
  });

  it('finds each domain’s SDL and generated types in its own folder', () => {
    expect(domainManifest('quiz').sdlPath).toMatch(/subgraphs\/quiz\/schema\.graphql$/);
    expect(codegenTargets().find((t) => t.schema === 'subgraphs/lesson/schema.graphql')).toEqual({
      output: 'subgraphs/lesson/src/__generated__/resolvers-types.ts',
      schema: 'subgraphs/lesson/schema.graphql',
      mappers: { Course: "Omit<{T}, 'lessons'>", Lesson: "Omit<{T}, 'course'> & { courseId: string }" },
    });
  });

  it('refuses an unknown domain by naming the known ones', () => {
    expect(() => domainManifest('payments')).toThrow(/unknown domain "payments"; the domains are user, lesson/);
  });
});
