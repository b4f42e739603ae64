import type { Identity } from '@puchi/kafka';
import { ROLES } from '@puchi/subgraph-kit';

/**
 * Who may read a user's email: the user themself and admins. Everyone else (other learners, analysts,
 * anonymous callers) gets a masked address. `User.email` is non-null in the SDL, so hiding it means masking
 * it rather than returning null; the mask keeps the first character and the domain (`a***@example.com`),
 * enough to recognise an account without revealing the address.
 */
export function canSeeEmail(identity: Identity | undefined, userId: string): boolean {
  return !!identity && (identity.userId === userId || identity.roles.includes(ROLES.admin));
}

/** `ana.lima@example.com` → `a***@example.com`. Idempotent, so masking twice (service, then resolver) is harmless. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Emails are unique case-insensitively: `Ana@Example.com` and `ana@example.com` are one account. */
export const emailKey = (email: string) => email.trim().toLowerCase();
