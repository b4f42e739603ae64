import { planCompletion, planStart } from './rules';

const at = '2026-03-14T10:00:00.000Z';

describe('planStart', () => {
  it('starts a lesson never started', () => {
    expect(planStart('u1', 'es-a1-01', null, at)).toEqual([
      { kind: 'started', type: 'progress.lesson-started', payload: { userId: 'u1', lessonId: 'es-a1-01', startedAt: at } },
    ]);
  });

  it('emits nothing for a lesson already started or completed', () => {
    expect(planStart('u1', 'es-a1-01', { startedAt: '2026-03-01T00:00:00.000Z', completedAt: null }, at)).toEqual([]);
    expect(planStart('u1', 'es-a1-01', { startedAt: '2026-03-01T00:00:00.000Z', completedAt: '2026-03-02T00:00:00.000Z' }, at)).toEqual([]);
  });
});

describe('planCompletion', () => {
  const base = { userId: 'u1', lessonId: 'es-a1-01', score: 80, at };

  it('auto-starts, completes for the first time and starts a streak of one', () => {
    const events = planCompletion({ ...base, state: null, completionDays: [] });
    expect(events.map((e) => e.kind)).toEqual(['started', 'completed', 'streak']);
    expect(events[1]!.payload).toEqual({ userId: 'u1', lessonId: 'es-a1-01', score: 80, completedAt: at, firstCompletion: true });
    expect(events[2]!.payload).toEqual({ userId: 'u1', streakDays: 1, date: '2026-03-14' });
  });

  it('extends a streak from yesterday', () => {
    const events = planCompletion({ ...base, state: { startedAt: at, completedAt: null }, completionDays: ['2026-03-12', '2026-03-13'] });
    expect(events.map((e) => e.kind)).toEqual(['completed', 'streak']);
    expect(events[1]!.payload).toMatchObject({ streakDays: 3 });
  });

  it('restarts the streak at one after a gap', () => {
    const events = planCompletion({ ...base, state: null, completionDays: ['2026-03-10', '2026-03-11'] });
    expect(events.at(-1)!.payload).toMatchObject({ streakDays: 1, date: '2026-03-14' });
  });

  it('does not extend on a second completion the same UTC day, and marks a repeat completion', () => {
    const events = planCompletion({ ...base, state: { startedAt: at, completedAt: '2026-03-14T08:00:00.000Z' }, completionDays: ['2026-03-14'] });
    expect(events.map((e) => e.kind)).toEqual(['completed']);
    expect(events[0]!.payload).toMatchObject({ firstCompletion: false });
  });

  it('does not extend for a completion dated before the latest completion day', () => {
    const events = planCompletion({ ...base, at: '2026-03-12T09:00:00.000Z', state: null, completionDays: ['2026-03-13'] });
    expect(events.map((e) => e.kind)).toEqual(['started', 'completed']);
  });

  it('counts the day by UTC: 23:59 and 00:01 UTC are consecutive days', () => {
    const first = planCompletion({ ...base, at: '2026-03-13T23:59:00.000Z', state: null, completionDays: [] });
    expect(first.at(-1)!.payload).toMatchObject({ date: '2026-03-13', streakDays: 1 });
    const second = planCompletion({ ...base, lessonId: 'es-a1-02', at: '2026-03-14T00:01:00.000Z', state: null, completionDays: ['2026-03-13'] });
    expect(second.at(-1)!.payload).toMatchObject({ date: '2026-03-14', streakDays: 2 });
  });
});
