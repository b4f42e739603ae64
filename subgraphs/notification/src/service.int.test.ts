import { randomUUID } from 'node:crypto';
import { envelope, eventTopic, EventPublisher, RemoteError, silentLogger, waitFor, type Identity } from '@puchi/kafka';
import { replayDomain, startTestDomain, tempDbPath, type TestDomain } from '@puchi/subgraph-kit';
import { PROGRESS_EVENTS, type LessonCompleted, type StreakExtended } from '@puchi/subgraph-progress';
import { QUIZ_EVENTS, type QuizGraded } from '@puchi/subgraph-quiz';
import { USER_EVENTS, type UserRegistered } from '@puchi/subgraph-user';
import { getNotifications, getUnreadNotificationCount, markNotificationRead, type NotificationRecord } from './contracts';
import { notificationReactions } from './reactions';
import { notificationService } from './service';

let notification: TestDomain;
const publishers: Record<'progress' | 'quiz' | 'user', EventPublisher> = {} as never;
beforeAll(async () => {
  notification = await startTestDomain(notificationService);
  for (const domain of ['progress', 'quiz', 'user'] as const) {
    publishers[domain] = new EventPublisher({ bus: notification.bus, source: `${domain}-service`, logger: silentLogger });
    await publishers[domain].start();
  }
});
afterAll(async () => {
  await Promise.all(Object.values(publishers).map((p) => p.close()));
  await notification.close();
});

const learner = (): Identity => ({ userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] });
const as = (identity?: Identity) => notification.as(identity);
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as RemoteError);
const list = async (identity: Identity, unreadOnly = false) => (await notification.client.request(getNotifications.route, { unreadOnly, first: 100 }, as(identity))).notifications;
const kinds = async (identity: Identity) => (await list(identity)).map((n) => n.kind);
/** Waits until the learner has a notification of this kind (the reaction runs asynchronously). */
const arrival = (identity: Identity, kind: NotificationRecord['kind']) => waitFor(`${kind} for ${identity.userId}`, async () => (await list(identity)).find((n) => n.kind === kind));

// Cause events in the producers' exact envelope and payload shapes (subject: the user id).
const at = (seconds: number) => new Date(Date.UTC(2026, 2, 2, 9, 0, seconds)).toISOString();
const completed = (userId: string, extra: Partial<LessonCompleted> = {}, id: string = randomUUID(), occurredAt = at(0)) =>
  publishers.progress.publish(eventTopic('progress'), { id, occurredAt, type: PROGRESS_EVENTS.lessonCompleted, subject: userId, payload: { userId, lessonId: 'es-a1-03', score: 90, completedAt: occurredAt, firstCompletion: true, ...extra } satisfies LessonCompleted });
const streak = (userId: string, streakDays: number, occurredAt = at(1)) =>
  publishers.progress.publish(eventTopic('progress'), { occurredAt, type: PROGRESS_EVENTS.streakExtended, subject: userId, payload: { userId, streakDays, date: occurredAt.slice(0, 10) } satisfies StreakExtended });
const graded = (userId: string, score: number, passed: boolean) =>
  publishers.quiz.publish(eventTopic('quiz'), { type: QUIZ_EVENTS.graded, subject: userId, payload: { submissionId: randomUUID(), userId, quizId: 'es-a1-03-quiz', lessonId: 'es-a1-03', score, passed, correctCount: Math.round(score / 20), questionCount: 5, gradedAt: at(2) } satisfies QuizGraded });

const highWatermark = async () => {
  const admin = await notification.bus.admin();
  const ends = await admin.boundaryOffsets(eventTopic('notification'), 'high');
  await admin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};

describe('notification service', () => {
  const ana = learner();
  const ben = learner();

  it('notifies a first lesson completion, with an id derived from the cause', async () => {
    const cause = await completed(ana.userId);
    expect(await arrival(ana, 'LESSON_COMPLETED')).toEqual({
      id: `notif-${cause.id}`, userId: ana.userId, kind: 'LESSON_COMPLETED', title: 'Lesson completed',
      body: 'Well done! You completed lesson 3 of Spanish A1 with a score of 90%.', createdAt: at(0), readAt: null, lessonId: 'es-a1-03',
    });
  });

  it('creates nothing for a redelivered cause, a repeat completion, or an event it does not handle; newest first', async () => {
    const cara = learner();
    const cause = await completed(cara.userId);
    await arrival(cara, 'LESSON_COMPLETED');
    await completed(cara.userId, {}, cause.id); // the same envelope delivered again
    await completed(cara.userId, { firstCompletion: false, score: 100 });
    await publishers.progress.publish(eventTopic('progress'), { type: PROGRESS_EVENTS.lessonStarted, subject: cara.userId, payload: { userId: cara.userId, lessonId: 'es-a1-04', startedAt: at(1) } });
    // Same subject, same partition: once the streak shows, everything published before it was handled.
    await streak(cara.userId, 3);
    const streakNotification = await arrival(cara, 'STREAK_EXTENDED');
    expect(streakNotification).toMatchObject({ title: '3-day streak!', lessonId: null });
    expect(await kinds(cara)).toEqual(['STREAK_EXTENDED', 'LESSON_COMPLETED']);
  });

  it('refuses a cause whose payload does not match the producer schema, writing nothing, and carries on', async () => {
    const dev = learner();
    // Handed to the reaction directly (its subscription dead-letters what it refuses): on the shared topic it would
    // stop the progress store, which never skips an event.
    const reaction = notificationReactions(notification.service.runtime).find((r) => r.from === 'progress')!;
    const invalid = envelope({ type: PROGRESS_EVENTS.lessonCompleted, subject: dev.userId, payload: { userId: dev.userId, lessonId: 'es-a1-01', score: 'high' } }, 'progress-service');
    await expect(Promise.resolve().then(() => reaction.handle(invalid, { topic: eventTopic('progress'), partition: 0, offset: '0', headers: {}, attempt: 1 }))).rejects.toThrow(/score/);
    await streak(dev.userId, 1);
    expect(await arrival(dev, 'STREAK_EXTENDED')).toMatchObject({ title: '1-day streak!' });
    expect(await kinds(dev)).toEqual(['STREAK_EXTENDED']);
  });

  it('notifies a passed quiz with its score, not a failed one', async () => {
    await graded(ben.userId, 40, false);
    await graded(ben.userId, 80, true);
    const passed = await arrival(ben, 'QUIZ_PASSED');
    expect(passed).toMatchObject({ title: 'Quiz passed', lessonId: 'es-a1-03' });
    expect(passed.body).toContain('80%');
    expect(await kinds(ben)).toEqual(['QUIZ_PASSED']);
  });

  it('welcomes a registered user', async () => {
    const eve = learner();
    const registered: UserRegistered = { userId: eve.userId, displayName: 'Eve', email: `${eve.userId}@example.com`, nativeLanguage: 'en', targetLanguage: 'ja', level: 'A1', registeredAt: at(0) };
    await publishers.user.publish(eventTopic('user'), { type: USER_EVENTS.registered, subject: eve.userId, payload: registered });
    expect(await arrival(eve, 'WELCOME')).toMatchObject({ title: 'Welcome to Puchi, Eve!', lessonId: null });
  });

  it('marks read for the recipient only, once: the first readAt stays and one notification.read is emitted', async () => {
    await streak(ana.userId, 2);
    const streakNote = await arrival(ana, 'STREAK_EXTENDED');
    const lessonNote = await arrival(ana, 'LESSON_COMPLETED');
    expect((await notification.client.request(getUnreadNotificationCount.route, {}, as(ana))).count).toBe(2);

    const stranger = await failure(notification.client.request(markNotificationRead.route, { id: lessonNote.id }, as(ben)));
    expect(stranger?.code).toBe('FORBIDDEN');
    const missing = await failure(notification.client.request(markNotificationRead.route, { id: 'notif-nope' }, as(ana)));
    expect(missing?.code).toBe('NOT_FOUND');
    expect((await list(ana, true)).map((n) => n.id)).toEqual([streakNote.id, lessonNote.id]);

    const before = await highWatermark();
    const read = await notification.client.request(markNotificationRead.route, { id: lessonNote.id }, as(ana));
    expect(read).toMatchObject({ id: lessonNote.id, kind: 'LESSON_COMPLETED' });
    expect(read.readAt).not.toBeNull();
    expect(await highWatermark()).toBe(before + 1);
    const again = await notification.client.request(markNotificationRead.route, { id: lessonNote.id }, as(ana));
    expect(again.readAt).toBe(read.readAt);
    expect(await highWatermark()).toBe(before + 1);

    expect((await notification.client.request(getUnreadNotificationCount.route, {}, as(ana))).count).toBe(1);
    expect((await list(ana, true)).map((n) => n.id)).toEqual([streakNote.id]);
    expect((await list(ana)).map((n) => n.id)).toEqual([streakNote.id, lessonNote.id]);
  });

  it('needs a signed-in caller for every contract', async () => {
    expect((await failure(notification.client.request(getNotifications.route, { first: 5 })))?.code).toBe('UNAUTHENTICATED');
    expect((await failure(notification.client.request(getUnreadNotificationCount.route, {})))?.code).toBe('UNAUTHENTICATED');
    expect((await failure(notification.client.request(markNotificationRead.route, { id: 'notif-x' })))?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['getNotifications', { first: 0 }, getNotifications.route, /^first: must be between 1 and 100/],
    ['getNotifications', { first: 20, unreadOnly: 'yes' }, getNotifications.route, /^unreadOnly: /],
    ['markNotificationRead', { id: '' }, markNotificationRead.route, /^id: must not be empty/],
  ])('%s refuses %j with BAD_USER_INPUT naming the field', async (_name, payload, route, message) => {
    const error = await failure(notification.client.request(route as typeof getNotifications.route, payload as never, as(ana)));
    expect(error).toBeInstanceOf(RemoteError);
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.remoteMessage).toMatch(message);
  });

  it('keeps its data across a restart and publishes nothing on start (no seed)', async () => {
    const before = { events: await highWatermark(), ana: await list(ana) };
    await notification.restart();
    expect(await highWatermark()).toBe(before.events);
    expect(await list(ana)).toEqual(before.ana);
  });

  it('rebuilds an identical store by replaying notification-events', async () => {
    const original = { ana: await list(ana), ben: await list(ben), unread: await notification.client.request(getUnreadNotificationCount.route, {}, as(ana)) };
    const rebuilt = tempDbPath('notification-replay');
    expect((await replayDomain(notificationService, notification.bus, rebuilt)).events).toBeGreaterThanOrEqual(6);
    await notification.service.close();
    const replayed = await startTestDomain(notificationService, rebuilt);
    try {
      expect((await replayed.client.request(getNotifications.route, { first: 100 }, as(ana))).notifications).toEqual(original.ana);
      expect((await replayed.client.request(getNotifications.route, { first: 100 }, as(ben))).notifications).toEqual(original.ben);
      expect(await replayed.client.request(getUnreadNotificationCount.route, {}, as(ana))).toEqual(original.unread);
    } finally {
      await replayed.close();
      await notification.restart();
    }
  });
});
