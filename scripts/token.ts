/**
 * `npm run token -- --user <id> [--role learner|analyst|admin]... [--expires 12h]`: prints a development JWT
 * signed with the gateway's HS256 secret (JWT_SECRET, or the development default).
 */
import { loadConfig, signDevToken } from '@puchi/gateway';
import { parseCommandLine, UsageError } from './command-line';

export const TOKEN_USAGE = 'usage: npm run token -- --user <id> [--role learner|analyst|admin]... [--expires 12h]';
export const TOKEN_ROLES = ['learner', 'analyst', 'admin'] as const;

export interface TokenRequest {
  user: string;
  /** Every `--role` given, in order; `learner` when none is. */
  roles: string[];
  /** How long the token is valid, as jose reads it (`12h`, `30m`, `7 days`). Default 12h. */
  expires: string;
}

/** Reads the command line; an unknown flag, a missing `--user` or an unknown role is a `UsageError`. */
export function parseTokenArgs(argv: string[]): TokenRequest {
  const { values } = parseCommandLine(
    { args: argv, options: { user: { type: 'string' }, role: { type: 'string', multiple: true }, expires: { type: 'string', default: '12h' } } },
    TOKEN_USAGE,
  );
  if (!values.user) throw new UsageError('--user is required', TOKEN_USAGE);
  const roles = values.role ?? [];
  for (const role of roles) if (!(TOKEN_ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role "${role}"`, TOKEN_USAGE);
  return { user: values.user, roles: roles.length ? roles : ['learner'], expires: values.expires };
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { user, roles, expires } = parseTokenArgs(argv);
  console.log(await signDevToken(loadConfig(env).auth, user, roles, expires));
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
