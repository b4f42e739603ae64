/**
 * Every topic and consumer group of the system, declared once. Code reads names from here, never
 * from string literals, and `npm run kafka:topics` makes the cluster match.
 */
export const DOMAINS = ['user', 'lesson', 'progress', 'media', 'notification', 'vocabulary', 'quiz', 'analytics'] as const;
export type Domain = (typeof DOMAINS)[number];

export interface RequestTopic {
  /** Callers send requests here; the owning domain's service group consumes it. */
  readonly name: string;
  readonly domain: Domain;
  /** Where responders send replies unless the request names another topic (NestJS convention: `<name>.reply`). */
  readonly reply: string;
  /** Undecodable requests go here with headers saying where they came from. */
  readonly deadLetter: string;
}

function requestTopic<N extends string>(name: N, domain: Domain): RequestTopic & { name: N } {
  return { name, domain, reply: `${name}.reply`, deadLetter: `${name}.DLT` };
}

/** Request/reply topics, keyed by operation. A domain's contracts (`subgraphs/<domain>/src/contracts.ts`) bind each to its payload types. */
export const REQUEST_TOPICS = {
  getUserProfile: requestTopic('get-user-profile', 'user'),
  registerUser: requestTopic('register-user', 'user'),
  updateUserProfile: requestTopic('update-user-profile', 'user'),

  getLessons: requestTopic('get-lessons', 'lesson'),
  getLessonById: requestTopic('get-lesson-by-id', 'lesson'),
  getCourses: requestTopic('get-courses', 'lesson'),
  getCourseById: requestTopic('get-course-by-id', 'lesson'),

  getUserProgress: requestTopic('get-user-progress', 'progress'),
  getLessonProgress: requestTopic('get-lesson-progress', 'progress'),
  startLesson: requestTopic('start-lesson', 'progress'),
  completeLesson: requestTopic('complete-lesson', 'progress'),

  getLessonVocabulary: requestTopic('get-lesson-vocabulary', 'vocabulary'),
  getWordById: requestTopic('get-word-by-id', 'vocabulary'),
  getWordsDue: requestTopic('get-words-due', 'vocabulary'),
  reviewWord: requestTopic('review-word', 'vocabulary'),

  getLessonQuiz: requestTopic('get-lesson-quiz', 'quiz'),
  getQuizById: requestTopic('get-quiz-by-id', 'quiz'),
  submitQuiz: requestTopic('submit-quiz', 'quiz'),

  getMediaById: requestTopic('get-media-by-id', 'media'),
  getLessonMedia: requestTopic('get-lesson-media', 'media'),
  getWordMedia: requestTopic('get-word-media', 'media'),

  getNotifications: requestTopic('get-notifications', 'notification'),
  getUnreadNotificationCount: requestTopic('get-unread-notification-count', 'notification'),
  markNotificationRead: requestTopic('mark-notification-read', 'notification'),

  getLessonCompletionRates: requestTopic('get-lesson-completion-rates', 'analytics'),
  getActiveLearners: requestTopic('get-active-learners', 'analytics'),
  getAnalyticsTotals: requestTopic('get-analytics-totals', 'analytics'),
} as const;

/** Topics of the system itself rather than of a domain. */
export const SYSTEM_TOPICS = {
  /** Every service instance announces itself here every few seconds; the gateway's status page reads it. */
  heartbeats: 'service-heartbeats',
} as const;

/** `<domain>-events`: the domain's history; a service's store can be rebuilt by replaying it. */
export const EVENT_TOPICS: Readonly<Record<Domain, string>> = Object.freeze(
  Object.fromEntries(DOMAINS.map((d) => [d, `${d}-events`])) as Record<Domain, string>,
);

/** The consumer group each domain's service instances share. */
export const CONSUMER_GROUPS: Readonly<Record<Domain, string>> = Object.freeze(
  Object.fromEntries(DOMAINS.map((d) => [d, `${d}-service-group`])) as Record<Domain, string>,
);

export function eventDeadLetterTopic(domain: Domain): string {
  return `${EVENT_TOPICS[domain]}.DLT`;
}

/** One domain's slice of the topology: what its service consumes and publishes. */
export function domainTopology(domain: Domain) {
  return {
    domain,
    consumerGroup: CONSUMER_GROUPS[domain],
    eventTopic: EVENT_TOPICS[domain],
    eventDeadLetterTopic: eventDeadLetterTopic(domain),
    requestTopics: Object.values(REQUEST_TOPICS).filter((t) => t.domain === domain),
  };
}
