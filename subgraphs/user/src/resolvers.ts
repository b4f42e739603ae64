import { BadUserInputError, NotFoundError, requireUser } from '@puchi/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { getUserProfile, registerUser, updateUserProfile, USER_ID_PATTERN } from './contracts';
import { canSeeEmail, emailKey, maskEmail } from './email';

export const resolvers: Resolvers = {
  Query: {
    // Checked here, not only in the service: one malformed key would fail the whole DataLoader batch.
    userProfile: (_parent, { id }, ctx) => {
      if (!USER_ID_PATTERN.test(id)) throw new BadUserInputError('id', 'must be a user id such as "learner-ana"');
      return ctx.load(getUserProfile, id);
    },
    // The SDL says "null for anonymous requests", so no UNAUTHENTICATED here. A token whose subject has no
    // profile (or is not a user id at all) is also null: that user does not exist.
    me: (_parent, _args, ctx) => {
      if (!ctx.identity || !USER_ID_PATTERN.test(ctx.identity.userId)) return null;
      return ctx.load(getUserProfile, ctx.identity.userId);
    },
  },
  Mutation: {
    // Keyed by email: registrations of one address reach one partition and are handled in order.
    registerUser: (_parent, { input }, ctx, info) => ctx.call(registerUser, input, { key: emailKey(input.email), mutation: info.path }),
    updateProfile: (_parent, { input }, ctx, info) => {
      const { userId } = requireUser(ctx.identity);
      return ctx.call(updateUserProfile, input, { key: userId, mutation: info.path });
    },
  },
  User: {
    __resolveReference: (ref, ctx) => (USER_ID_PATTERN.test(ref.id) ? ctx.load(getUserProfile, ref.id) : null),
    // The service already masks for other callers; masking again here guards a record that reached this
    // resolver another way (a mutation reply, a cached load). Only the user themself and admins see it in full.
    email: async (user, _args, ctx) => {
      const email = 'email' in user ? user.email : (await ctx.load(getUserProfile, user.id))?.email;
      if (email === undefined) throw new NotFoundError('user', user.id);
      return canSeeEmail(ctx.identity, user.id) ? email : maskEmail(email);
    },
  },
};
