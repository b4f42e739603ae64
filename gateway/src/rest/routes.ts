import type { RestRoute } from './route';

/**
 * The seed's REST routes that existing frontends call, each a fixed query over the supergraph. The answer is
 * `{ data: <the root field as selected> }`: the shapes are the GraphQL ones, documented at `/api/openapi.json`.
 * A route is added here and nowhere else; a unit test checks every document against the supergraph.
 */
export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: 'GET',
    path: '/api/users/:id/profile',
    summary: "A user's profile; the email is masked unless the caller is that user or an admin.",
    document: `query RestUserProfile($id: ID!) {
  userProfile(id: $id) { id displayName email nativeLanguage targetLanguage level createdAt }
}`,
    result: 'userProfile',
    notFound: { entity: 'user', param: 'id' },
    access: 'anyone',
  },
  {
    method: 'GET',
    path: '/api/lessons/list',
    summary: 'Published lessons matching the filter, ordered by course and position, one page at a time.',
    document: `query RestLessonList($courseId: ID, $level: CefrLevel, $language: String, $search: String, $first: Int, $after: String) {
  lessons(filter: { courseId: $courseId, level: $level, language: $language, search: $search }, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title summary position level language estimatedMinutes publishedAt course { id title } } }
  }
}`,
    query: ['courseId', 'level', 'language', 'search', 'first', 'after'],
    result: 'lessons',
    access: 'anyone',
  },
  {
    method: 'GET',
    path: '/api/lessons/:id',
    summary: "A published lesson with its course, and the caller's progress on it (null when anonymous).",
    document: `query RestLesson($id: ID!) {
  lesson(id: $id) {
    id title summary position level language estimatedMinutes publishedAt
    course { id title language level }
    progress { status score startedAt completedAt }
  }
}`,
    result: 'lesson',
    notFound: { entity: 'lesson', param: 'id' },
    access: 'anyone',
  },
  {
    method: 'GET',
    path: '/api/users/:id/progress',
    summary: "A learner's progress across lessons, most recently active first.",
    document: `query RestUserProgress($id: ID!) {
  progress(userId: $id) {
    user { id }
    lessonsStarted lessonsCompleted currentStreakDays longestStreakDays
    lessons { lesson { id title } status score startedAt completedAt }
  }
}`,
    result: 'progress',
    access: 'signed-in',
    forbidden: "a learner asking for another learner's progress (admins may read anyone's)",
  },
];
