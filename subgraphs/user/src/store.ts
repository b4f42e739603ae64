import type { Db } from '@puchi/subgraph-kit';
import type { UserRecord } from './contracts';
import { emailKey } from './email';
import type { UserProfileUpdated, UserRegistered } from './events';

export const MIGRATIONS = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY, display_name TEXT NOT NULL, email TEXT NOT NULL, email_key TEXT NOT NULL,
     native_language TEXT NOT NULL, target_language TEXT NOT NULL, level TEXT NOT NULL, created_at TEXT NOT NULL
   )`,
  // Not UNIQUE on purpose: the register handler enforces uniqueness before it emits. A projection that threw
  // on a duplicate would leave an event in the log the store cannot apply, and every later replay would fail.
  'CREATE INDEX users_email ON users (email_key)',
];

interface UserRow {
  id: string;
  display_name: string;
  email: string;
  email_key: string;
  native_language: string;
  target_language: string;
  level: UserRecord['level'];
  created_at: string;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  displayName: r.display_name,
  email: r.email,
  nativeLanguage: r.native_language,
  targetLanguage: r.target_language,
  level: r.level,
  createdAt: r.created_at,
});

export function insertUser(db: Db, user: UserRegistered): void {
  // A redelivered registration (same user id) is already in; it must not fail or overwrite later updates.
  db.prepare(
    `INSERT INTO users (id, display_name, email, email_key, native_language, target_language, level, created_at)
     VALUES (@userId, @displayName, @email, @emailKey, @nativeLanguage, @targetLanguage, @level, @registeredAt)
     ON CONFLICT (id) DO NOTHING`,
  ).run({ ...user, emailKey: emailKey(user.email) });
}

/** Only the fields present in the event change. */
export function updateUser(db: Db, update: UserProfileUpdated): void {
  db.prepare(
    `UPDATE users SET display_name = COALESCE(@displayName, display_name), native_language = COALESCE(@nativeLanguage, native_language),
       target_language = COALESCE(@targetLanguage, target_language), level = COALESCE(@level, level)
     WHERE id = @userId`,
  ).run({
    userId: update.userId,
    displayName: update.displayName ?? null,
    nativeLanguage: update.nativeLanguage ?? null,
    targetLanguage: update.targetLanguage ?? null,
    level: update.level ?? null,
  });
}

export function userById(db: Db, id: string): UserRecord | null {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? toUser(row) : null;
}

export function usersByIds(db: Db, ids: readonly string[]): (UserRecord | null)[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as UserRow[];
  const byId = new Map(rows.map((r) => [r.id, toUser(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export function isEmailRegistered(db: Db, email: string): boolean {
  return db.prepare('SELECT 1 FROM users WHERE email_key = ? LIMIT 1').get(emailKey(email)) !== undefined;
}

export function allUserIds(db: Db): string[] {
  return db.prepare('SELECT id FROM users').pluck().all() as string[];
}
