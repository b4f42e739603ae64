import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const ana = { userId: 'learner-ana' };
const analyst = { userId: 'analyst-ida', roles: ['analyst'] };

describe('queries through the gateway', () => {
  it('answers one nested query from five subgraphs', async () => {
    const result = await system.query<{ lesson: Record<string, unknown> }>(
      `query ($id: ID!) {
        lesson(id: $id) {
          title
          course { title }
          vocabulary { term translation media { kind url } }
          quiz { title questions { prompt choices } }
          media { kind mimeType }
          progress { status score }
        }
      }`,
      { id: 'es-a1-01' },
      ana,
    );
    expect(result.errors).toBeUndefined();
    const lesson = result.data!.lesson as {
      title: string;
      course: { title: string };
      vocabulary: { term: string; media: { kind: string }[] }[];
      quiz: { questions: unknown[] };
      media: { kind: string }[];
      progress: { status: string; score: number | null };
    };
    expect(lesson.title).toBe('Greetings');
    expect(lesson.course.title).toBe('Spanish for Beginners');
    expect(lesson.vocabulary).toHaveLength(5);
    expect(lesson.vocabulary[0]!.media[0]!.kind).toBe('AUDIO');
    expect(lesson.quiz.questions.length).toBeGreaterThan(0);
    expect(lesson.media.map((m) => m.kind).sort()).toEqual(['AUDIO', 'IMAGE']);
    expect(lesson.progress.status).toBe('COMPLETED');
  });

  it('batches: 24 lessons of three courses with vocabulary, progress, quiz and media cost one Kafka request per domain', async () => {
    // Three course filters (other suites on the shared broker publish lessons of their own); DataLoader batches
    // across the whole operation, so the per-lesson fields still cost one request each.
    const fields = 'edges { node { title vocabulary { term } progress { status } quiz { title } media { url } } }';
    const result = await system.query<Record<string, { edges: { node: { vocabulary: unknown[]; quiz: unknown } }[] }>>(
      `{ es: lessons(first: 20, filter: { courseId: "es-a1" }) { ${fields} }
         fr: lessons(first: 20, filter: { courseId: "fr-a1" }) { ${fields} }
         ja: lessons(first: 20, filter: { courseId: "ja-a1" }) { ${fields} } }`,
      undefined,
      ana,
    );
    expect(result.errors).toBeUndefined();
    const edges = Object.values(result.data!).flatMap((connection) => connection.edges);
    expect(edges).toHaveLength(24);
    expect(edges.every((e) => e.node.vocabulary.length === 5 && e.node.quiz)).toBe(true);
    expect(result.extensions?.kafkaRequests).toEqual({
      'get-lessons': 3,
      'get-lesson-vocabulary': 1,
      'get-lesson-progress': 1,
      'get-lesson-quiz': 1,
      'get-lesson-media': 1,
    });
  });

  it('pages lessons with cursors', async () => {
    const first = await system.query<{ lessons: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(
      `{ lessons(first: 5, filter: { courseId: "fr-a1" }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
    );
    const next = await system.query<{ lessons: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      `query ($after: String) { lessons(first: 5, after: $after, filter: { courseId: "fr-a1" }) { edges { node { id } } pageInfo { hasNextPage } } }`,
      { after: first.data!.lessons.pageInfo.endCursor },
    );
    expect(first.data!.lessons.edges.map((e) => e.node.id)).toEqual(['fr-a1-01', 'fr-a1-02', 'fr-a1-03', 'fr-a1-04', 'fr-a1-05']);
    expect(next.data!.lessons.edges.map((e) => e.node.id)).toEqual(['fr-a1-06', 'fr-a1-07', 'fr-a1-08']);
    expect(next.data!.lessons.pageInfo.hasNextPage).toBe(false);
  });

  it('answers every domain: profile, me, progress, courses, word, media, notifications, analytics', async () => {
    const mine = await system.query<Record<string, unknown>>(
      `{
        me { id displayName progress { lessonsCompleted longestStreakDays lessons { lesson { title } status } } }
        userProfile(id: "learner-ben") { displayName }
        progress(userId: "learner-ana") { lessonsStarted }
        courses { id lessons { id } }
        word(id: "es-a1-01-w01") { term lesson { title } media { mimeType } }
        mediaAsset(id: "media-es-a1-01-cover") { kind width height }
        wordsDueForReview { id }
        myNotifications { kind }
        unreadNotificationCount
      }`,
      undefined,
      ana,
    );
    expect(mine.errors).toBeUndefined();
    const data = mine.data as {
      me: { id: string; progress: { lessonsCompleted: number; lessons: { lesson: { title: string } }[] } };
      userProfile: { displayName: string };
      courses: { id: string; lessons: unknown[] }[];
      word: { term: string; lesson: { title: string } };
      mediaAsset: { kind: string; width: number };
    };
    expect(data.me.id).toBe('learner-ana');
    // Seeded: four completions (other suites on the shared broker may add more for ana).
    expect(data.me.progress.lessonsCompleted).toBeGreaterThanOrEqual(4);
    expect(data.me.progress.lessons.map((l) => l.lesson.title)).toContain('Greetings');
    expect(data.userProfile.displayName).toMatch(/Ben/);
    expect(data.courses.map((c) => c.id)).toEqual(expect.arrayContaining(['de-a2', 'es-a1', 'fr-a1', 'ja-a1']));
    expect(data.word.lesson.title).toBe('Greetings');
    expect(data.mediaAsset).toMatchObject({ kind: 'IMAGE', width: 1280 });

    const reports = await system.query<{ analyticsTotals: { registeredUsers: number }; lessonCompletionRates: { lesson: { title: string } }[]; activeLearnersPerDay: unknown[] }>(
      `{ analyticsTotals { registeredUsers lessonsCompleted quizzesPassed }
         lessonCompletionRates(courseId: "es-a1") { lesson { title } learnersStarted learnersCompleted completionRate }
         activeLearnersPerDay(from: "2026-11-01", to: "2026-11-07") { date activeLearners } }`,
      undefined,
      analyst,
    );
    expect(reports.errors).toBeUndefined();
    expect(reports.data!.analyticsTotals.registeredUsers).toBeGreaterThanOrEqual(7);
    expect(reports.data!.lessonCompletionRates).toHaveLength(8);
    expect(reports.data!.activeLearnersPerDay).toHaveLength(7);
  });
});
