import { canSeeEmail, emailKey, maskEmail } from './email';

describe('email visibility', () => {
  it('shows the email to the user themself and to admins only', () => {
    expect(canSeeEmail({ userId: 'learner-ana', roles: ['learner'] }, 'learner-ana')).toBe(true);
    expect(canSeeEmail({ userId: 'admin-max', roles: ['admin'] }, 'learner-ana')).toBe(true);
    expect(canSeeEmail({ userId: 'learner-ben', roles: ['learner'] }, 'learner-ana')).toBe(false);
    expect(canSeeEmail({ userId: 'analyst-ida', roles: ['analyst'] }, 'learner-ana')).toBe(false);
    expect(canSeeEmail(undefined, 'learner-ana')).toBe(false);
  });

  it('masks all but the first character and the domain, idempotently', () => {
    expect(maskEmail('ana.lima@example.com')).toBe('a***@example.com');
    expect(maskEmail(maskEmail('ana.lima@example.com'))).toBe('a***@example.com');
    expect(maskEmail('x@example.com')).toBe('x***@example.com');
    expect(maskEmail('no-at-sign')).toBe('***');
  });

  it('compares emails case-insensitively', () => {
    expect(emailKey(' Ana.Lima@Example.COM ')).toBe(emailKey('ana.lima@example.com'));
  });
});
