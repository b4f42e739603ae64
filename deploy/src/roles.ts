import { DOMAINS, isDomain, type Domain } from '@puchi/domains';

/**
 * What one container of the image runs, named by its first argument: the gateway, the topics job, or one domain's
 * service. Each role is a process entry the repo already has (`npm run dev:gateway`, `npm run kafka:topics`,
 * `npm run dev -- <domain>`), so the image starts exactly what `npm start` starts.
 */
export type Role = { kind: 'gateway' } | { kind: 'topics'; args: string[] } | { kind: 'domain'; domain: Domain };

/** The script each kind of role runs, from the repo root, without its extension (`.ts` in the repo, `.js` in the image). */
export const ROLE_SCRIPTS: Record<Role['kind'], string> = {
  gateway: 'gateway/src/main',
  topics: 'scripts/topics',
  domain: 'scripts/dev',
};

export const ROLE_USAGE = `usage: <gateway | topics [--list] | ${DOMAINS.join(' | ')}>`;

/** A command line the image does not take; the entrypoint exits 2 with it, as the repo's scripts do. */
export class RoleError extends Error {
  readonly code = 'BAD_ROLE';
  constructor(problem: string) {
    super(`${problem}\n${ROLE_USAGE}`);
    this.name = 'RoleError';
  }
}

/** The role `args` (the container's command) name. Only `topics` takes further arguments (its own flags). */
export function parseRole(args: readonly string[]): Role {
  const [name = '', ...rest] = args;
  if (name === 'topics') return { kind: 'topics', args: rest };
  if (rest.length > 0) throw new RoleError(`"${name}" takes no arguments, got ${rest.join(' ')}`);
  if (name === 'gateway') return { kind: 'gateway' };
  if (isDomain(name)) return { kind: 'domain', domain: name };
  throw new RoleError(name ? `"${name}" is neither gateway, topics nor a domain` : 'which role?');
}

/** The script `role` runs and the arguments it reads from `process.argv.slice(2)`. */
export function roleCommand(role: Role): { script: string; args: string[] } {
  switch (role.kind) {
    case 'gateway':
      return { script: ROLE_SCRIPTS.gateway, args: [] };
    case 'topics':
      return { script: ROLE_SCRIPTS.topics, args: role.args };
    case 'domain':
      return { script: ROLE_SCRIPTS.domain, args: [role.domain] };
  }
}
