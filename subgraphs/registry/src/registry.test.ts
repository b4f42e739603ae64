import { topicSpecs } from '@puchi/kafka';
import { ANALYTICS_EVENTS } from '@puchi/subgraph-analytics';
import { LESSON_EVENTS } from '@puchi/subgraph-lesson';
import { MEDIA_EVENTS } from '@puchi/subgraph-media';
import { NOTIFICATION_EVENTS } from '@puchi/subgraph-notification';
import { PROGRESS_EVENTS } from '@puchi/subgraph-progress';
import { QUIZ_EVENTS } from '@puchi/subgraph-quiz';
import { USER_EVENTS } from '@puchi/subgraph-user';
import { VOCABULARY_EVENTS } from '@puchi/subgraph-vocabulary';
import { CONSUMER_GROUPS, DOMAINS, EVENT_TOPICS, codegenTargets, domainManifest, subgraphPort, topologyDeclaration, type Domain } from './index';

describe('the registry of domains', () => {
  // A domain added later goes after these eight (their standalone ports, 4001 to 4008, are documented).
  it('lists the eight domains in their order', () => {
    expect(DOMAINS.slice(0, 8)).toEqual(['user', 'lesson', 'progress', 'media', 'notification', 'vocabulary', 'quiz', 'analytics']);
    expect(subgraphPort('user')).toBe(4001);
    expect(subgraphPort('analytics')).toBe(4008);
  });

  it('has one event topic and one consumer group per domain', () => {
    expect(Object.values(EVENT_TOPICS).slice(0, 8)).toEqual([
      'user-events', 'lesson-events', 'progress-events', 'media-events', 'notification-events', 'vocabulary-events', 'quiz-events', 'analytics-events',
    ]);
    expect(Object.keys(EVENT_TOPICS)).toEqual(DOMAINS);
    expect(Object.values(CONSUMER_GROUPS)).toEqual(DOMAINS.map((d) => `${d}-service-group`));
    expect(CONSUMER_GROUPS.analytics).toBe('analytics-service-group');
  });

  it('takes each domain’s request topics from the calls its manifest declares, each topic once', () => {
    const lesson = topologyDeclaration().find((d) => d.domain === 'lesson');
    expect(lesson?.requestTopics).toEqual(expect.arrayContaining(['get-lessons', 'get-lesson-by-id', 'get-courses', 'get-course-by-id']));
    const all = topologyDeclaration().flatMap((d) => d.requestTopics);
    expect(topologyDeclaration().slice(0, 8).flatMap((d) => d.requestTopics)).toHaveLength(27);
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

  it('declares the payload schema of every event type each domain publishes on its topic', () => {
    // The eight domains of today; a domain added later only has to publish something its manifest declares.
    const published: Partial<Record<Domain, Record<string, string>>> = {
      user: USER_EVENTS,
      lesson: LESSON_EVENTS,
      progress: PROGRESS_EVENTS,
      media: MEDIA_EVENTS,
      notification: NOTIFICATION_EVENTS,
      vocabulary: VOCABULARY_EVENTS,
      quiz: QUIZ_EVENTS,
      analytics: ANALYTICS_EVENTS,
    };
    for (const [domain, types] of Object.entries(published)) expect([domain, Object.keys(domainManifest(domain).events).sort()]).toEqual([domain, Object.values(types).sort()]);
    for (const domain of DOMAINS) expect([domain, Object.keys(domainManifest(domain).events).length > 0]).toEqual([domain, true]);
    // Every other type is also applied to its domain's store, through the projection that owns its schema.
    const unprojected = DOMAINS.flatMap((d) => Object.keys(domainManifest(d).events).filter((type) => !Object.hasOwn(domainManifest(d).service.projections, type)));
    expect(unprojected).toEqual([PROGRESS_EVENTS.streakExtended]);
  });

  it('refuses an unknown domain by naming the known ones', () => {
    expect(() => domainManifest('payments')).toThrow(/unknown domain "payments"; the domains are user, lesson/);
  });
});
