import { eventTopic, requestTopic } from '@puchi/kafka';
import { bySubject, defineBatchCall, defineCall } from '@puchi/subgraph-kit';
import { z } from 'zod';
import { isLanguageCode } from './languages';

/** The user domain's message contracts: imported by its resolvers (caller) and its service (responder). */

export const CefrLevel = z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
export type CefrLevel = z.infer<typeof CefrLevel>;

/** Seeded ids are slugs (`learner-ana`), registered ones `u-` + 8 hex; anything else never reaches the store. */
export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const UserId = z.string().regex(USER_ID_PATTERN, 'must be a user id such as "learner-ana"');

/** The SDL documents 1 to 60 characters; surrounding spaces don't count. */
export const MAX_DISPLAY_NAME = 60;
export const DisplayName = z
  .string()
  .trim()
  .min(1, `must be 1 to ${MAX_DISPLAY_NAME} characters`)
  .max(MAX_DISPLAY_NAME, `must be 1 to ${MAX_DISPLAY_NAME} characters`);

/** Accepted in any case (`ES`), stored lower-case (`es`). */
export const LanguageCode = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isLanguageCode, 'must be an ISO 639-1 code such as "en"');

export const Email = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be a valid email address'));

export const UserRecord = z.object({
  id: z.string(),
  displayName: z.string(),
  /** Masked (`a***@example.com`) unless the caller is the user or an admin: see `email.ts`. */
  email: z.string(),
  nativeLanguage: z.string(),
  targetLanguage: z.string(),
  level: CefrLevel,
  createdAt: z.string(),
});
export type UserRecord = z.infer<typeof UserRecord>;

// Accounts are made by registrations keyed by email: one not found yet is asked again behind a read barrier.
// Per caller: whether the email shows depends on who asks. Kept until the user's next event.
export const getUserProfile = defineBatchCall(requestTopic('get-user-profile', 'user'), UserId, UserRecord, {
  partitionKey: (id) => id,
  recheckMissing: true,
  sharing: { scope: 'caller', invalidatedBy: { [eventTopic('user')]: bySubject } },
});

/** Anyone may register; no identity is needed. `level` defaults to A1. */
export const registerUser = defineCall(
  requestTopic('register-user', 'user'),
  z.object({
    displayName: DisplayName,
    email: Email,
    nativeLanguage: LanguageCode,
    targetLanguage: LanguageCode,
    level: CefrLevel.nullish(),
  }),
  UserRecord,
);

/** Omitted or null fields keep their value. */
export const ProfileChanges = z.object({
  displayName: DisplayName.nullish(),
  nativeLanguage: LanguageCode.nullish(),
  targetLanguage: LanguageCode.nullish(),
  level: CefrLevel.nullish(),
});
export type ProfileChanges = z.infer<typeof ProfileChanges>;

/** Changes the caller's own profile (the user id comes from the request's identity, never the payload). */
export const updateUserProfile = defineCall(requestTopic('update-user-profile', 'user'), ProfileChanges, UserRecord);
