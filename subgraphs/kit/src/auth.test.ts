import { requireRole, requireSelfOrRole, requireUser } from './auth';
import { ForbiddenError, UnauthenticatedError } from './errors';

const learner = { userId: 'u1', roles: ['learner'] };
const analyst = { userId: 'a1', roles: ['analyst'] };

describe('authorization helpers', () => {
  it('needs a user', () => {
    expect(() => requireUser(undefined)).toThrow(UnauthenticatedError);
    expect(requireUser(learner)).toBe(learner);
  });

  it('lets learners act on their own data only', () => {
    expect(requireSelfOrRole(learner, 'u1')).toBe(learner);
    expect(() => requireSelfOrRole(learner, 'u2')).toThrow(ForbiddenError);
    expect(requireSelfOrRole(analyst, 'u2', ['analyst'])).toBe(analyst);
  });

  it('checks roles', () => {
    expect(() => requireRole(learner, ['analyst', 'admin'])).toThrow(/analyst or admin/);
    expect(requireRole(analyst, ['analyst', 'admin'])).toBe(analyst);
  });
});
