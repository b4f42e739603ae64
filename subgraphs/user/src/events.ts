import type { EventViews } from '@puchi/subgraph-kit';
import { z } from 'zod';
import { maskEmail } from './email';

/** Events on `user-events` (subject: the user id). Consumers import these to validate what they read. */
export const USER_EVENTS = { registered: 'user.registered', profileUpdated: 'user.profile-updated' } as const;

export const UserRegistered = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  nativeLanguage: z.string(),
  targetLanguage: z.string(),
  level: z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']),
  registeredAt: z.string(),
});
export type UserRegistered = z.infer<typeof UserRegistered>;

/** Only the fields that changed are present. */
export const UserProfileUpdated = z.object({
  userId: z.string(),
  displayName: z.string().optional(),
  nativeLanguage: z.string().optional(),
  targetLanguage: z.string().optional(),
  level: z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']).optional(),
  updatedAt: z.string(),
});
export type UserProfileUpdated = z.infer<typeof UserProfileUpdated>;

/** What an analyst sees of each event on the `events` feed: the email masked as `User.email` masks it for them. */
export const USER_ANALYST_VIEWS: EventViews = {
  [USER_EVENTS.registered]: { show: ['userId', 'displayName', 'nativeLanguage', 'targetLanguage', 'level', 'registeredAt'], mask: { email: maskEmail } },
  [USER_EVENTS.profileUpdated]: { show: ['userId', 'displayName', 'nativeLanguage', 'targetLanguage', 'level', 'updatedAt'] },
};
