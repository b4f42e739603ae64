import { languageName, lessonCompletedNotification, lessonLabel, notificationIdFor, quizPassedNotification, streakExtendedNotification, welcomeNotification } from './messages';

const cause = { id: 'c0ffee00-0000-4000-8000-000000000001', occurredAt: '2026-03-02T09:30:00.000Z' };
const derived = { notificationId: `notif-${cause.id}`, userId: 'learner-ana', createdAt: cause.occurredAt, causedBy: cause.id };

describe('notification messages', () => {
  it('derives the notification id from the cause', () => {
    expect(notificationIdFor('abc')).toBe('notif-abc');
    expect(notificationIdFor('abc')).toBe(notificationIdFor('abc'));
  });

  it('names lessons by their id convention and falls back to the id', () => {
    expect(lessonLabel('es-a1-03')).toBe('lesson 3 of Spanish A1');
    expect(lessonLabel('de-a2-06')).toBe('lesson 6 of German A2');
    expect(lessonLabel('custom-lesson')).toBe('lesson custom-lesson');
    expect(languageName('ja')).toBe('Japanese');
    expect(languageName('!!')).toBe('!!');
  });

  it('LESSON_COMPLETED on a first completion only, with the score when there is one', () => {
    const completed = { userId: 'learner-ana', lessonId: 'fr-a1-02', score: 85, completedAt: cause.occurredAt, firstCompletion: true };
    expect(lessonCompletedNotification(cause, completed)).toEqual({
      ...derived, kind: 'LESSON_COMPLETED', title: 'Lesson completed', body: 'Well done! You completed lesson 2 of French A1 with a score of 85%.', lessonId: 'fr-a1-02',
    });
    expect(lessonCompletedNotification(cause, { ...completed, score: null })?.body).toBe('Well done! You completed lesson 2 of French A1.');
    expect(lessonCompletedNotification(cause, { ...completed, firstCompletion: false })).toBeNull();
  });

  it('STREAK_EXTENDED with the streak in the title', () => {
    expect(streakExtendedNotification(cause, { userId: 'learner-ana', streakDays: 3, date: '2026-03-02' })).toEqual({
      ...derived, kind: 'STREAK_EXTENDED', title: '3-day streak!', body: 'You have learned 3 days in a row. Come back tomorrow to keep it going!', lessonId: null,
    });
    expect(streakExtendedNotification(cause, { userId: 'learner-ana', streakDays: 1, date: '2026-03-02' }).body).toMatch(/^You started a streak today/);
  });

  it('QUIZ_PASSED only for a passed quiz, with the score in the body', () => {
    const graded = { submissionId: 's1', userId: 'learner-ana', quizId: 'q1', lessonId: 'ja-a1-04', score: 80, passed: true, correctCount: 4, questionCount: 5, gradedAt: cause.occurredAt };
    expect(quizPassedNotification(cause, graded)).toEqual({
      ...derived, kind: 'QUIZ_PASSED', title: 'Quiz passed', body: 'You passed the quiz for lesson 4 of Japanese A1 with 80% (4 of 5 correct).', lessonId: 'ja-a1-04',
    });
    expect(quizPassedNotification(cause, { ...graded, score: 40, passed: false })).toBeNull();
  });

  it('WELCOME greets the learner by name and language', () => {
    const registered = { userId: 'learner-ana', displayName: 'Ana', email: 'ana@example.com', nativeLanguage: 'pt', targetLanguage: 'es', level: 'A1' as const, registeredAt: cause.occurredAt };
    expect(welcomeNotification(cause, registered)).toMatchObject({ ...derived, kind: 'WELCOME', title: 'Welcome to Puchi, Ana!', lessonId: null });
    expect(welcomeNotification(cause, registered).body).toMatch(/^Your Spanish journey starts now/);
  });
});
