import type { CallContext } from '@puchi/kafka';
import type { ServiceRuntime } from '@puchi/subgraph-kit';
import type { LessonProgressRecord } from './contracts';
import { KeyedQueue } from './keyed-queue';
import { planCompletion, planStart, type PlannedEvent } from './rules';
import { completionDays, lessonProgressOf, lessonState } from './store';

/** Gives each planned event its id; without one, the envelope gets a fresh UUID. */
export type EventIds = (event: PlannedEvent) => string | undefined;

const instantOf = (e: PlannedEvent) => (e.kind === 'started' ? e.payload.startedAt : e.kind === 'completed' ? e.payload.completedAt : undefined);

export interface WriteOptions {
  /** When it happened: now for a request, the cause's time for a reaction. */
  at: string;
  context?: CallContext;
  ids?: EventIds;
}

/** Starts and completions for one learner at a time, shared by the request handlers and the quiz reaction. */
export interface ProgressActions {
  start(userId: string, lessonId: string, options: WriteOptions): Promise<LessonProgressRecord>;
  complete(userId: string, lessonId: string, score: number | null, options: WriteOptions): Promise<LessonProgressRecord>;
}

const byRuntime = new WeakMap<ServiceRuntime, ProgressActions>();

/** One instance per running service, so its handlers and reactions share the per-learner queue. */
export function progressActions(runtime: ServiceRuntime): ProgressActions {
  const existing = byRuntime.get(runtime);
  if (existing) return existing;
  const { db, emit } = runtime;
  const queue = new KeyedQueue();

  // In order: a completion's auto-start must be in the store before the completion is.
  const emitAll = async (userId: string, planned: PlannedEvent[], { context, ids }: WriteOptions) => {
    for (const e of planned) await emit({ id: ids?.(e), type: e.type, subject: userId, payload: e.payload, occurredAt: instantOf(e) }, context);
  };
  const current = (userId: string, lessonId: string) => lessonProgressOf(db, [{ userId, lessonId }])[0]!;

  // Read, decide and emit without another write for the same learner in between.
  const startNow = async (userId: string, lessonId: string, options: WriteOptions) => {
    await emitAll(userId, planStart(userId, lessonId, lessonState(db, userId, lessonId), options.at), options);
    return current(userId, lessonId);
  };
  const completeNow = async (userId: string, lessonId: string, score: number | null, options: WriteOptions) => {
    const state = lessonState(db, userId, lessonId);
    await emitAll(userId, planCompletion({ userId, lessonId, state, score, at: options.at, completionDays: completionDays(db, userId) }), options);
    return current(userId, lessonId);
  };

  const actions: ProgressActions = {
    start: (userId, lessonId, options) => queue.run(userId, () => startNow(userId, lessonId, options)),
    complete: (userId, lessonId, score, options) => queue.run(userId, () => completeNow(userId, lessonId, score, options)),
  };
  byRuntime.set(runtime, actions);
  return actions;
}
