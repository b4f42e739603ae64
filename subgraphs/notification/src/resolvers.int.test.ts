import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { eventTopic, EventPublisher, silentLogger, waitFor, type Identity } from '@puchi/kafka';
import { startTestDomain, toGraphQLError, type TestDomain } from '@puchi/subgraph-kit';
import { PROGRESS_EVENTS, type LessonCompleted, type StreakExtended } from '@puchi/subgraph-progress';
import { graphql } from 'graphql';
import { notificationDomain } from './index';
import { notificationService } from './service';

const schema = buildSubgraphSchema([{ typeDefs: notificationDomain.subgraph().typeDefs, resolvers: notificationDomain.subgraph().resolvers }]);
const ana: Identity = { userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] };
const ben: Identity = { userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] };

let notification: TestDomain;
let progress: EventPublisher;
beforeAll(async () => {
  notification = await startTestDomain(notificationService);
  progress = new EventPublisher({ bus: notification.bus, source: 'progress-service', logger: silentLogger });
  await progress.start();
  const now = new Date().toISOString();
  await progress.publish(eventTopic('progress'), { type: PROGRESS_EVENTS.lessonCompleted, subject: ana.userId, payload: { userId: ana.userId, lessonId: 'fr-a1-04', score: null, completedAt: now, firstCompletion: true } satisfies LessonCompleted });
  await progress.publish(eventTopic('progress'), { type: PROGRESS_EVENTS.streakExtended, subject: ana.userId, payload: { userId: ana.userId, streakDays: 5, date: now.slice(0, 10) } satisfies StreakExtended });
  await waitFor('both notifications', async () => (await run('{ unreadNotificationCount }', ana)).data?.unreadNotificationCount === 2);
});
afterAll(async () => {
  await progress.close();
  await notification.close();
});

async function run(source: string, identity?: Identity) {
  const contextValue = notification.context(identity);
  const result = await graphql({ schema, source, contextValue });
  // Resolvers throw the kit's DomainErrors; the gateway turns them into coded errors as toGraphQLError does.
  const codes = result.errors?.map((e) => (e.originalError ? toGraphQLError(e.originalError, 'notification') : e).extensions.code);
  return { ...result, codes };
}

type Listed = { id: string; kind: string; title: string; readAt: string | null; lesson: { id: string } | null };
const mine = async (identity: Identity, args = '') =>
  ((await run(`{ myNotifications${args} { id kind title readAt lesson { id } } }`, identity)).data as { myNotifications: Listed[] }).myNotifications;

describe('notification resolvers', () => {
  it('every field needs a signed-in learner', async () => {
    expect((await run('{ myNotifications { id } }')).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run('{ unreadNotificationCount }')).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run('mutation { markNotificationRead(id: "notif-x") { id } }')).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('myNotifications: the learner’s own, with the lesson as a reference or null', async () => {
    const listed = await mine(ana);
    expect(listed.map((n) => [n.kind, n.title, n.lesson])).toEqual(
      expect.arrayContaining([
        ['LESSON_COMPLETED', 'Lesson completed', { id: 'fr-a1-04' }],
        ['STREAK_EXTENDED', '5-day streak!', null],
      ]),
    );
    expect(await mine(ben)).toEqual([]);
    expect((await run('{ myNotifications(first: 101) { id } }', ana)).errors?.[0]?.message).toMatch(/^first: must be between 1 and 100/);
  });

  it('markNotificationRead: FORBIDDEN for another learner, NOT_FOUND for an unknown id, idempotent for the owner', async () => {
    const [first] = await mine(ana);
    expect((await run(`mutation { markNotificationRead(id: "${first!.id}") { id } }`, ben)).codes).toEqual(['FORBIDDEN']);
    expect((await run('mutation { markNotificationRead(id: "notif-unknown") { id } }', ana)).codes).toEqual(['NOT_FOUND']);
    const mark = `mutation { markNotificationRead(id: "${first!.id}") { id readAt } }`;
    const read = (await run(mark, ana)).data as { markNotificationRead: { id: string; readAt: string } };
    expect(read.markNotificationRead.readAt).toEqual(expect.any(String));
    expect((await run(mark, ana)).data).toEqual(read);
    expect((await run('{ unreadNotificationCount }', ana)).data).toEqual({ unreadNotificationCount: 1 });
    expect((await mine(ana, '(unreadOnly: true)')).map((n) => n.id)).not.toContain(first!.id);
  });
});
