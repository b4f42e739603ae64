import type { UserRegistered } from './events';

/**
 * Seed accounts: five learners of the seed courses (es, fr, ja, de) and two staff members. Roles are not
 * stored here; they come from the caller's token (`analyst-ida` signs in with the analyst role, `admin-max`
 * with admin). Pure data, safe for other domains to import.
 */
const ACCOUNTS: Omit<UserRegistered, 'registeredAt'>[] = [
  { userId: 'learner-ana', displayName: 'Ana Lima', email: 'ana.lima@example.com', nativeLanguage: 'pt', targetLanguage: 'es', level: 'A1' },
  { userId: 'learner-ben', displayName: 'Ben Carter', email: 'ben.carter@example.com', nativeLanguage: 'en', targetLanguage: 'fr', level: 'A1' },
  { userId: 'learner-chen', displayName: 'Chen Wei', email: 'chen.wei@example.com', nativeLanguage: 'zh', targetLanguage: 'ja', level: 'A1' },
  { userId: 'learner-dara', displayName: 'Dara Okafor', email: 'dara.okafor@example.com', nativeLanguage: 'en', targetLanguage: 'de', level: 'A2' },
  { userId: 'learner-eli', displayName: 'Eli Novak', email: 'eli.novak@example.com', nativeLanguage: 'cs', targetLanguage: 'es', level: 'A2' },
  { userId: 'analyst-ida', displayName: 'Ida Lindqvist', email: 'ida.lindqvist@example.com', nativeLanguage: 'sv', targetLanguage: 'de', level: 'B1' },
  { userId: 'admin-max', displayName: 'Max Keller', email: 'max.keller@example.com', nativeLanguage: 'de', targetLanguage: 'fr', level: 'B2' },
];

/** Registered on consecutive days from 2 January 2026, so `createdAt` is fixed and replays are identical. */
export const SEED_USERS: UserRegistered[] = ACCOUNTS.map((user, i) => ({ ...user, registeredAt: new Date(Date.UTC(2026, 0, 2 + i, 9)).toISOString() }));

export const SEED_USER_IDS = SEED_USERS.map((u) => u.userId);
