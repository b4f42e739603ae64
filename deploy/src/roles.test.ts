import { DOMAINS } from '@puchi/domains';
import fs from 'node:fs';
import path from 'node:path';
import { parseRole, roleCommand, RoleError, ROLE_SCRIPTS } from './roles';

const ROOT = path.resolve(__dirname, '../..');

describe('the image roles', () => {
  it('takes the gateway, the topics job with its flags, and every domain of the registry', () => {
    expect(parseRole(['gateway'])).toEqual({ kind: 'gateway' });
    expect(parseRole(['topics', '--list'])).toEqual({ kind: 'topics', args: ['--list'] });
    for (const domain of DOMAINS) expect(parseRole([domain])).toEqual({ kind: 'domain', domain });
  });

  it('refuses a name that is no role, no role at all, and arguments a role does not take', () => {
    expect(() => parseRole(['billing'])).toThrow(RoleError);
    expect(() => parseRole([])).toThrow(/which role/);
    expect(() => parseRole(['gateway', '--port', '9000'])).toThrow(/takes no arguments/);
    expect(() => parseRole(['user', 'lesson'])).toThrow(/takes no arguments/);
  });

  it('runs the scripts npm runs, which exist in the repo', () => {
    expect(roleCommand({ kind: 'domain', domain: 'quiz' })).toEqual({ script: 'scripts/dev', args: ['quiz'] });
    expect(roleCommand({ kind: 'topics', args: ['--list'] })).toEqual({ script: 'scripts/topics', args: ['--list'] });
    for (const script of Object.values(ROLE_SCRIPTS)) expect(fs.existsSync(path.join(ROOT, `${script}.ts`))).toBe(true);
  });
});
