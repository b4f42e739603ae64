import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { SEED_ACTIVITY, seedEvents } from './seed';

describe('seed progress', () => {
  const events = seedEvents();

  it('uses only seed lessons and instants in the past', () => {
    const lessons = new Set(SEED_LESSONS.map((l) => l.id));
    for (const a of SEED_ACTIVITY) {
      expect(lessons.has(a.lessonId)).toBe(true);
      expect(Date.parse(a.completedAt ?? a.startedAt)).toBeLessThan(Date.now());
    }
  });

  it("gives ana four completions on consecutive days, a growing streak and a started fifth lesson", () => {
    const ana = events.get('learner-ana')!;
    expect(ana.filter((e) => e.type === 'progress.lesson-completed')).toHaveLength(4);
    expect(ana.filter((e) => e.type === 'progress.streak-extended').map((e) => (e.payload as { streakDays: number }).streakDays)).toEqual([1, 2, 3, 4]);
    expect(ana.at(-1)).toMatchObject({ id: 'seed:progress:learner-ana:es-a1-05:started', type: 'progress.lesson-started' });
  });

  it('has unique, fixed ids', () => {
    const ids = [...events.values()].flat().map((e) => e.id!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('seed:progress:'))).toBe(true);
    expect(events.get('learner-chen')!.map((e) => e.id)).toEqual(['seed:progress:learner-chen:ja-a1-01:started']);
  });
});
