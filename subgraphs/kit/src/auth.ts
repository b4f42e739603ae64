import type { Identity } from '@puchi/kafka';
import { ForbiddenError, UnauthenticatedError } from './errors';

export const ROLES = { learner: 'learner', analyst: 'analyst', admin: 'admin' } as const;

/** The caller, or UNAUTHENTICATED. Used by resolvers and, with the identity a gateway signed for the request, by services. */
export function requireUser(identity: Identity | undefined): Identity {
  if (!identity) throw new UnauthenticatedError();
  return identity;
}

/** A learner acts only on their own data; analysts and admins may read anyone's. */
export function requireSelfOrRole(identity: Identity | undefined, userId: string, roles: readonly string[] = [ROLES.admin]): Identity {
  const caller = requireUser(identity);
  if (caller.userId !== userId && !caller.roles.some((r) => roles.includes(r))) {
    throw new ForbiddenError(`you may only access your own data (user "${userId}" is not you)`);
  }
  return caller;
}

export function requireRole(identity: Identity | undefined, roles: readonly string[]): Identity {
  const caller = requireUser(identity);
  if (!caller.roles.some((r) => roles.includes(r))) throw new ForbiddenError(`needs the role ${roles.join(' or ')}`);
  return caller;
}
