import type { NewEvent } from '@puchi/kafka';
import { planCompletion, planStart, type PlannedEvent } from './rules';
import { utcDay } from './streak';

/** One seeded learner's activity on one lesson (lesson ids from the lesson domain's `SEED_LESSONS`). */
export interface SeedActivity {
  userId: string;
  lessonId: string;
  startedAt: string;
  completedAt?: string;
  score?: number;
}

/** Fixed instants, so every run (and every replay) publishes the same history. */
export const SEED_ACTIVITY: SeedActivity[] = [
  { userId: 'learner-ana', lessonId: 'es-a1-01', startedAt: '2026-11-02T18:05:00.000Z', completedAt: '2026-11-02T18:21:00.000Z', score: 90 },
  { userId: 'learner-ana', lessonId: 'es-a1-02', startedAt: '2026-11-03T07:40:00.000Z', completedAt: '2026-11-03T07:58:00.000Z', score: 85 },
  { userId: 'learner-ana', lessonId: 'es-a1-03', startedAt: '2026-11-04T19:10:00.000Z', completedAt: '2026-11-04T19:31:00.000Z', score: 100 },
  { userId: 'learner-ana', lessonId: 'es-a1-04', startedAt: '2026-11-05T12:15:00.000Z', completedAt: '2026-11-05T12:33:00.000Z', score: 80 },
  { userId: 'learner-ana', lessonId: 'es-a1-05', startedAt: '2026-11-06T18:45:00.000Z' },
  { userId: 'learner-ben', lessonId: 'fr-a1-01', startedAt: '2026-11-09T20:00:00.000Z', completedAt: '2026-11-09T20:14:00.000Z', score: 75 },
  { userId: 'learner-ben', lessonId: 'fr-a1-02', startedAt: '2026-11-10T21:02:00.000Z', completedAt: '2026-11-10T21:20:00.000Z', score: 100 },
  { userId: 'learner-chen', lessonId: 'ja-a1-01', startedAt: '2026-11-20T08:30:00.000Z' },
];

const seedId = (e: PlannedEvent) =>
  e.kind === 'streak' ? `seed:progress:${e.payload.userId}:streak:${e.payload.date}` : `seed:progress:${e.payload.userId}:${e.payload.lessonId}:${e.kind}`;

const occurredAt = (e: PlannedEvent) => (e.kind === 'started' ? e.payload.startedAt : e.kind === 'completed' ? e.payload.completedAt : undefined);

/**
 * The seed as the events the service would have emitted for it, per learner in order (the rules decide, as for
 * live requests, so streak events and first-completion flags come out the same).
 */
export function seedEvents(activity: readonly SeedActivity[] = SEED_ACTIVITY): Map<string, NewEvent[]> {
  const byLearner = new Map<string, NewEvent[]>();
  const days = new Map<string, string[]>();
  for (const a of activity) {
    const learnerDays = days.get(a.userId) ?? [];
    const planned = planStart(a.userId, a.lessonId, null, a.startedAt);
    if (a.completedAt) {
      const state = { startedAt: a.startedAt, completedAt: null };
      planned.push(...planCompletion({ userId: a.userId, lessonId: a.lessonId, state, score: a.score ?? null, at: a.completedAt, completionDays: learnerDays }));
      days.set(a.userId, [...learnerDays, utcDay(a.completedAt)]);
    }
    const events = byLearner.get(a.userId) ?? [];
    events.push(...planned.map((e) => ({ id: seedId(e), type: e.type, subject: a.userId, payload: e.payload, occurredAt: occurredAt(e) ?? a.completedAt })));
    byLearner.set(a.userId, events);
  }
  return byLearner;
}
