/**
 * The image's entrypoint: `gateway`, `topics [--list]` or a domain name (deploy/README.md). It loads the repo's own
 * entry for that role in this process, so the role's settings, logs and signal handling are the ones `npm start`
 * runs, and the container's PID is the service's.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseRole, roleCommand, RoleError } from './roles';

/** deploy/src → the repo root (the image's /app). */
const ROOT = path.resolve(__dirname, '../..');

let command: { script: string; args: string[] };
try {
  command = roleCommand(parseRole(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof RoleError)) throw error;
  console.error(error.message);
  process.exit(2);
}
// The role's script reads its arguments from process.argv as if it had been started directly.
const script = path.join(ROOT, command.script);
process.argv = [process.argv[0]!, script, ...command.args];
// Extensionless on purpose: `.js` in the image, `.ts` under tsx in the repo.
createRequire(__filename)(script);
