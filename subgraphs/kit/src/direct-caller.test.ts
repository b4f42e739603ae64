import { NoResponderError, requestTopic, route } from '@puchi/kafka';
import { z } from 'zod';
import { defineBatchCall, defineCall } from './contract';
import { createDirectCaller } from './direct-caller';
import { BadUserInputError, InvalidEventError } from './errors';
import { projection } from './projections';
import { handler, type DomainServiceDefinition } from './definition';
import { openStore, type Db } from './store';

/** A tiny domain: notes are added (an event, projected into `notes`) and read back by id. */
const NOTE_EVENTS = { added: 'note.added' } as const;
const NoteAdded = z.object({ noteId: z.string(), text: z.string().min(1) });
const Note = z.object({ noteId: z.string(), text: z.string() });

const addNote = defineCall(requestTopic('add-note', 'notes'), z.object({ text: z.string().min(1).max(40) }), Note);
const getNoteById = defineBatchCall(requestTopic('get-note-by-id', 'notes'), z.string(), Note);

const notesService: DomainServiceDefinition = {
  domain: 'notes',
  migrations: ['CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)'],
  projections: {
    [NOTE_EVENTS.added]: projection(NoteAdded, (db, note) => db.prepare('INSERT INTO notes (id, text) VALUES (?, ?)').run(note.noteId, note.text)),
  },
  handlers: ({ db, emit }) => [
    handler(addNote, async ({ text }, context) => {
      const noteId = `n${(db.prepare('SELECT COUNT(*) FROM notes').pluck().get() as number) + 1}`;
      await emit({ type: NOTE_EVENTS.added, subject: noteId, payload: { noteId, text } }, context);
      return { noteId, text };
    }),
    handler(getNoteById, ({ keys }) => ({
      values: keys.map((id) => {
        const row = db.prepare('SELECT id, text FROM notes WHERE id = ?').get(id) as { id: string; text: string } | undefined;
        return row ? { noteId: row.id, text: row.text } : null;
      }),
    })),
  ],
};

describe('the direct caller', () => {
  let db: Db;
  beforeEach(() => {
    db = openStore(':memory:', notesService.migrations);
  });
  afterEach(() => db.close());

  it('validates a request against its contract first: a bad payload is BAD_USER_INPUT naming the field and changes nothing', async () => {
    const caller = createDirectCaller(notesService, db);
    const refused = caller.request(addNote.route, { text: '' });
    await expect(refused).rejects.toBeInstanceOf(BadUserInputError);
    await expect(refused).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(db.prepare('SELECT COUNT(*) FROM applied_events').pluck().get()).toBe(0);
  });

  it('handles a call and applies the event it emits through the definition’s projections, once', async () => {
    const caller = createDirectCaller(notesService, db);
    expect(await caller.request(addNote.route, { text: 'hola' })).toEqual({ noteId: 'n1', text: 'hola' });
    expect(await caller.request(getNoteById.route, { keys: ['n1', 'n9'] })).toEqual({ values: [{ noteId: 'n1', text: 'hola' }, null] });
    expect(db.prepare('SELECT COUNT(*) FROM applied_events').pluck().get()).toBe(1);
    expect(Object.fromEntries(caller.counts)).toEqual({ 'add-note': 1, 'get-note-by-id': 1 });
  });

  it('refuses to emit an event whose payload its projection would refuse, writing nothing', async () => {
    const caller = createDirectCaller(notesService, db);
    await expect(caller.runtime.emit({ type: NOTE_EVENTS.added, subject: 'n1', payload: { noteId: 'n1' } })).rejects.toBeInstanceOf(InvalidEventError);
    expect(db.prepare('SELECT COUNT(*) FROM notes').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM applied_events').pluck().get()).toBe(0);
  });

  it('answers a topic its domain does not serve with NoResponderError, as Kafka would', async () => {
    const caller = createDirectCaller(notesService, db);
    await expect(caller.request(route('get-lessons'), {})).rejects.toBeInstanceOf(NoResponderError);
  });

  it('refuses a definition with two handlers for one topic', () => {
    const twice: DomainServiceDefinition = { ...notesService, handlers: (runtime) => [...notesService.handlers(runtime), handler(addNote, () => ({ noteId: 'x', text: 'x' }))] };
    expect(() => createDirectCaller(twice, db)).toThrow('two handlers for "add-note"');
  });
});
