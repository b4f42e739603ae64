import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyOnce, openStore } from './store';

describe('domain store', () => {
  const migrations = ['CREATE TABLE counter (n INTEGER NOT NULL)', 'INSERT INTO counter (n) VALUES (0)'];

  it('applies migrations once and keeps data across reopen', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-')), 'x.sqlite');
    const db = openStore(file, migrations);
    db.prepare('UPDATE counter SET n = n + 5').run();
    db.close();
    const again = openStore(file, migrations);
    expect(again.prepare('SELECT n FROM counter').get()).toEqual({ n: 5 });
    again.close();
  });

  it('runs a migration added later on an existing store', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-')), 'x.sqlite');
    openStore(file, migrations).close();
    const db = openStore(file, [...migrations, 'ALTER TABLE counter ADD COLUMN label TEXT']);
    expect(db.prepare('SELECT n, label FROM counter').get()).toEqual({ n: 0, label: null });
  });

  it('applies an event id once, however often it is delivered', () => {
    const db = openStore(':memory:', migrations);
    const bump = () => db.prepare('UPDATE counter SET n = n + 1').run();
    expect(applyOnce(db, 'e1', bump)).toBe(true);
    expect(applyOnce(db, 'e1', bump)).toBe(false);
    expect(applyOnce(db, 'e2', bump)).toBe(true);
    expect(db.prepare('SELECT n FROM counter').get()).toEqual({ n: 2 });
  });

  it('prepares each SQL text once, and a cached statement comes back in its default mode', () => {
    const db = openStore(':memory:', migrations);
    const first = db.prepare('SELECT n FROM counter');
    expect(db.prepare('SELECT n FROM counter')).toBe(first);
    expect(db.prepare('SELECT n FROM counter').pluck().get()).toBe(0);
    // The previous caller plucked; this one did not ask to.
    expect(db.prepare('SELECT n FROM counter').get()).toEqual({ n: 0 });
    expect(db.prepare('UPDATE counter SET n = n + 1')).toBe(db.prepare('UPDATE counter SET n = n + 1'));
  });

  it('rolls back the ledger entry when applying fails, so a redelivery can succeed', () => {
    const db = openStore(':memory:', migrations);
    expect(() => applyOnce(db, 'e1', () => { throw new Error('boom'); })).toThrow('boom');
    expect(applyOnce(db, 'e1', () => db.prepare('UPDATE counter SET n = 1').run())).toBe(true);
  });
});
