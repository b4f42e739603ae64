import type { CoursePublished, LessonRecord } from './contracts';

/**
 * The seed curriculum: four beginner courses, 30 lessons. Other domains seed their part (vocabulary, quizzes,
 * media) keyed by these lesson ids, so this module is pure data and safe to import from them.
 */
export const SEED_COURSES: CoursePublished[] = [
  { id: 'es-a1', title: 'Spanish for Beginners', language: 'es', level: 'A1', description: 'First steps in Spanish: greetings, numbers, food and getting around.' },
  { id: 'fr-a1', title: 'French for Beginners', language: 'fr', level: 'A1', description: 'Everyday French for your first conversations.' },
  { id: 'ja-a1', title: 'Japanese for Beginners', language: 'ja', level: 'A1', description: 'Hiragana, polite phrases and daily life in Japanese.' },
  { id: 'de-a2', title: 'German, Elementary', language: 'de', level: 'A2', description: 'Build on the basics: past events, plans and opinions in German.' },
];

const LESSON_TITLES: Record<string, [title: string, summary: string][]> = {
  'es-a1': [
    ['Greetings', 'Say hello, goodbye and how you are.'],
    ['Introducing Yourself', 'Your name, where you are from and what you do.'],
    ['Numbers 1-20', 'Count, give your phone number and your age.'],
    ['At the Café', 'Order drinks and snacks politely.'],
    ['Family', 'Talk about parents, siblings and children.'],
    ['Days and Times', 'Days of the week and telling the time.'],
    ['Getting Around', 'Ask for directions and use public transport.'],
    ['Shopping', 'Prices, sizes and colours at the market.'],
  ],
  'fr-a1': [
    ['Bonjour!', 'Greet people at any time of day.'],
    ['Who Are You?', 'Introduce yourself and others.'],
    ['Numbers and Prices', 'Count to one hundred and pay in euros.'],
    ['At the Bakery', 'Buy bread and pastries like a local.'],
    ['My Home', 'Rooms, furniture and where things are.'],
    ['The Weather', 'Talk about seasons and the weather.'],
    ['Hobbies', 'Say what you like doing and how often.'],
    ['At the Train Station', 'Buy tickets and read timetables.'],
  ],
  'ja-a1': [
    ['Hiragana Basics', 'The first ten hiragana and their sounds.'],
    ['Polite Greetings', 'Ohayō, konnichiwa and konbanwa.'],
    ['Self-Introduction', 'Hajimemashite: introduce yourself politely.'],
    ['Numbers', 'Count from one to one hundred.'],
    ['Food and Drink', 'Order at a restaurant and say what you like.'],
    ['Time and Dates', 'Days, months and making appointments.'],
    ['Asking the Way', 'Find the station and the convenience store.'],
    ['Shopping in Japan', 'Ask for prices and pay at the counter.'],
  ],
  'de-a2': [
    ['What Happened Yesterday', 'The perfect tense for everyday events.'],
    ['Making Plans', 'Suggest, accept and decline invitations.'],
    ['At the Doctor', 'Describe symptoms and understand advice.'],
    ['Work and Jobs', 'Talk about your job and your workplace.'],
    ['Travel Stories', 'Tell a short story about a trip.'],
    ['Giving Opinions', 'Agree, disagree and give reasons.'],
  ],
};

const ESTIMATED_MINUTES = [10, 12, 15, 12, 15, 10, 20, 15];

export const SEED_LESSONS: LessonRecord[] = SEED_COURSES.flatMap((course) =>
  (LESSON_TITLES[course.id] ?? []).map(([title, summary], i) => ({
    id: `${course.id}-${String(i + 1).padStart(2, '0')}`,
    courseId: course.id,
    title,
    summary,
    position: i + 1,
    level: course.level,
    language: course.language,
    estimatedMinutes: ESTIMATED_MINUTES[i % ESTIMATED_MINUTES.length]!,
    publishedAt: new Date(Date.UTC(2026, 0, 5 + i)).toISOString(),
  })),
);
