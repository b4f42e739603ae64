import { randomBytes } from 'node:crypto';
import type { RequestContext } from '@puchi/kafka';
import { BadUserInputError, handler, NotFoundError, projection, requireUser, stableHex, type Db, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { getUserProfile, registerUser, updateUserProfile, type UserRecord } from './contracts';
import { canSeeEmail, emailKey, maskEmail } from './email';
import { USER_EVENTS, UserProfileUpdated, UserRegistered } from './events';
import { changedFields } from './profile-changes';
import { SEED_USERS } from './seed';
import { allUserIds, insertUser, isEmailRegistered, updateUser, userById, usersByIds, MIGRATIONS } from './store';

/** `u-` + 8 random hex characters; drawn again on the (unlikely) clash with an existing id. */
/**
 * A new account's id: random, or under an idempotency key the same on every run of that registration (so a repeat
 * describes the same account, on the same partition).
 */
function newUserId(db: Db, context: RequestContext, email: string): string {
  const stable = stableHex(context, 'user-id', 8);
  // Taken by another account (one chance in 2^32): a random id, as without a key.
  if (stable) {
    const taken = userById(db, `u-${stable}`);
    if (!taken || emailKey(taken.email) === email) return `u-${stable}`;
  }
  for (;;) {
    const id = `u-${randomBytes(4).toString('hex')}`;
    if (!userById(db, id)) return id;
  }
}

/** The row was just written by the projection; its absence is a broken store, not a client error. */
function stored(db: Db, id: string): UserRecord {
  const user = userById(db, id);
  if (!user) throw new Error(`user ${id} is missing right after it was written`);
  return user;
}

/** The user service: owns accounts and profiles, answers reads, publishes `user-events`. */
export const userService: DomainServiceDefinition = {
  domain: 'user',
  migrations: MIGRATIONS,

  projections: {
    [USER_EVENTS.registered]: projection(UserRegistered, insertUser),
    [USER_EVENTS.profileUpdated]: projection(UserProfileUpdated, updateUser),
  },

  handlers: ({ db, emit }) => {
    // Emails being registered right now. Callers key register requests by email, so one address is handled in
    // order on one partition; this set also covers unkeyed requests racing in this process between the check
    // and the store write.
    const registering = new Set<string>();

    return [
      // Public profiles: the email is only readable by its owner and admins (see email.ts); others get it masked.
      handler(getUserProfile, ({ keys }, { identity }) => ({
        values: usersByIds(db, keys).map((u) => (u && !canSeeEmail(identity, u.id) ? { ...u, email: maskEmail(u.email) } : u)),
      })),

      handler(registerUser, async (input, context) => {
        const key = emailKey(input.email);
        const userId = newUserId(db, context, key);
        // A repeat of this very registration (its first run's reply lost): the account it made.
        const mine = userById(db, userId);
        if (mine && emailKey(mine.email) === key) return mine;
        if (registering.has(key) || isEmailRegistered(db, key)) throw new BadUserInputError('email', 'is already registered');
        registering.add(key);
        try {
          const { level, ...details } = input;
          const payload: UserRegistered = { userId, ...details, level: level ?? 'A1', registeredAt: new Date().toISOString() };
          await emit({ type: USER_EVENTS.registered, subject: userId, payload, occurredAt: payload.registeredAt }, context);
          return stored(db, userId);
        } finally {
          registering.delete(key);
        }
      }),

      // The profile changed is always the caller's own: the user id comes from the verified identity.
      handler(updateUserProfile, async (changes, context) => {
        const { userId } = requireUser(context.identity);
        const current = userById(db, userId);
        if (!current) throw new NotFoundError('user', userId);
        const changed = changedFields(current, changes);
        if (Object.keys(changed).length === 0) return current;
        const payload: UserProfileUpdated = { userId, ...changed, updatedAt: new Date().toISOString() };
        await emit({ type: USER_EVENTS.profileUpdated, subject: userId, payload, occurredAt: payload.updatedAt }, context);
        return stored(db, userId);
      }),
    ];
  },

  /** Registers the seed accounts the store lacks; event ids are fixed, so a second run (or instance) adds nothing. */
  async afterStart({ db, emit }) {
    const known = new Set(allUserIds(db));
    await Promise.all(
      SEED_USERS.filter((u) => !known.has(u.userId)).map((u) =>
        emit({ id: `seed:user:${u.userId}`, type: USER_EVENTS.registered, subject: u.userId, payload: u, occurredAt: u.registeredAt }),
      ),
    );
  },
};
