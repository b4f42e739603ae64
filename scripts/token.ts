/**
 * `npm run token -- --user <id> [--role learner|analyst|admin]... [--expires 12h]`: prints a development JWT
 * signed with the gateway's HS256 secret (JWT_SECRET, or the development default).
 */
import { loadConfig, signDevToken } from '@puchi/gateway';

function parse(argv: string[]) {
  let user: string | undefined;
  const roles: string[] = [];
  let expires = '12h';
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i] ?? '';
    if (argv[i] === '--user') user = next();
    else if (argv[i] === '--role') roles.push(next());
    else if (argv[i] === '--expires') expires = next();
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!user) throw new Error('usage: npm run token -- --user <id> [--role learner|analyst|admin] [--expires 12h]');
  for (const role of roles) if (!['learner', 'analyst', 'admin'].includes(role)) throw new Error(`unknown role "${role}"`);
  return { user, roles: roles.length ? roles : ['learner'], expires };
}

const { user, roles, expires } = parse(process.argv.slice(2));
signDevToken(loadConfig().auth, user, roles, expires).then(
  (token) => console.log(token),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
