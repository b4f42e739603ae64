import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './processes';

/**
 * Another revision of this repository, runnable next to this one (`bench:variant -- --base=<rev>`): a detached git
 * worktree in a temp folder whose `node_modules` links every installed package of this checkout except our own
 * workspaces (`@puchi/*`), which link to the worktree's. So its code runs on the same dependencies with its own
 * sources, without an install; a revision that needs a dependency this checkout lacks fails to start, and says so.
 */
export function prepareRevision(revision: string): { root: string; commit: string; remove(): void } {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${revision}^{commit}`], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `puchi-rev-${commit.slice(0, 7)}-`));
  fs.rmSync(root, { recursive: true });
  execFileSync('git', ['worktree', 'add', '--detach', root, commit], { cwd: REPO_ROOT, stdio: 'ignore' });
  linkModules(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), root);
  // Workspaces with packages of their own (versions the root could not hoist).
  for (const workspace of ['gateway', 'kafka', 'schema', ...fs.readdirSync(path.join(REPO_ROOT, 'subgraphs')).map((d) => `subgraphs/${d}`)]) {
    const own = path.join(REPO_ROOT, workspace, 'node_modules');
    if (fs.existsSync(own) && fs.existsSync(path.join(root, workspace))) fs.symlinkSync(own, path.join(root, workspace, 'node_modules'));
  }
  return {
    root,
    commit,
    remove: () => execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: REPO_ROOT, stdio: 'ignore' }),
  };
}

function linkModules(from: string, to: string, root: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from)) {
    if (entry === '@puchi') {
      fs.mkdirSync(path.join(to, entry));
      for (const pkg of fs.readdirSync(path.join(from, entry))) {
        // `../../kafka`, `../../subgraphs/kit`…: the same place in the worktree.
        const target = fs.readlinkSync(path.join(from, entry, pkg));
        const inRoot = path.resolve(path.join(REPO_ROOT, 'node_modules', entry), target);
        fs.symlinkSync(path.join(root, path.relative(REPO_ROOT, inRoot)), path.join(to, entry, pkg));
      }
      continue;
    }
    fs.symlinkSync(path.join(from, entry), path.join(to, entry));
  }
}
