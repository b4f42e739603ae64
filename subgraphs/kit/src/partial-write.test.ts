import { CONTEXT_HEADERS, envelope, silentLogger, type EventEnvelope, type NewEvent, type RecordHeaders, type RequestContext } from '@puchi/kafka';
import { z } from 'zod';
import { createServiceRuntime, type DomainServiceDefinition } from './definition';
import { idempotentHandler, recordKeyOf } from './idempotency';
import { applyEvent, projection } from './projections';
import { openStore } from './store';

/**
 * A keyed write of two events whose instance died after publishing the first: the repeat decides again from the
 * state the first left (the lesson is started), plans only the completion, and that must be published, not taken
 * for the start that the same rank had in the first run.
 */
const Lesson = z.object({ id: z.string() });
const definition: DomainServiceDefinition = {
  domain: 'lessons',
  migrations: ['CREATE TABLE lessons (id TEXT PRIMARY KEY, status TEXT NOT NULL)'],
  projections: {
    'lesson.started': projection(Lesson, (db, p) => db.prepare("INSERT INTO lessons (id, status) VALUES (?, 'started')").run(p.id)),
    'lesson.completed': projection(Lesson, (db, p) => db.prepare("UPDATE lessons SET status = 'completed' WHERE id = ?").run(p.id)),
  },
  handlers: () => [],
};

it('finishes on a repeat the write its first run left half published', async () => {
  const db = openStore(':memory:', definition.migrations);
  const published: EventEnvelope[] = [];
  // The topic and the projection in one: each published event is applied at once, its key recorded as the projection does.
  const publish = async <T>(event: NewEvent<T>, _context?: unknown, headers: RecordHeaders = {}) => {
    const e = envelope(event, 'lessons-service');
    published.push(e);
    db.transaction(() => {
      applyEvent(definition.projections, db, e);
      recordKeyOf(db, headers, e, Date.now());
    })();
    return e;
  };
  const runtime = createServiceRuntime(definition, db, silentLogger, publish, async () => undefined);
  const status = () => db.prepare('SELECT status FROM lessons WHERE id = ?').pluck().get('l1') as string | undefined;
  let dies = true;
  const complete = idempotentHandler(
    db,
    'lessons',
    'complete-lesson',
    async (_payload, context) => {
      if (status() === undefined) {
        await runtime.emit({ type: 'lesson.started', subject: 'l1', payload: { id: 'l1' } }, context);
        if (dies) throw new Error('killed after its first event');
      }
      if (status() !== 'completed') await runtime.emit({ type: 'lesson.completed', subject: 'l1', payload: { id: 'l1' } }, context);
      return { status: status() };
    },
    (event, headers) => publish(event, undefined, headers),
  );
  const request = () => complete({ lessonId: 'l1' }, { headers: { [CONTEXT_HEADERS.idempotencyKey]: 'k1' }, identity: { userId: 'ana', roles: ['learner'] }, deadline: Date.now() + 500 } as unknown as RequestContext);

  await expect(request()).rejects.toThrow('killed after its first event');
  dies = false;
  await expect(request()).resolves.toEqual({ status: 'completed' });
  expect(published.map((e) => e.type)).toEqual(['lesson.started', 'lesson.completed', 'puchi.idempotency-replied']);
  // A third run answers the remembered reply and publishes nothing.
  await expect(request()).resolves.toEqual({ status: 'completed' });
  expect(published).toHaveLength(3);
});
