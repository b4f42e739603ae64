import { execFileSync } from 'node:child_process';

/** What the evolution check reads from git. */
export interface GitReader {
  /** The text of `file` at `revision` (`HEAD`, a commit), or undefined when it has none there. */
  show(revision: string, file: string): string | undefined;
  /** The commits that changed `file`, newest first (`git log --format=%H -- <file>`); empty without history. */
  log(file: string): string[];
  /** Whether the clone is shallow (CI's may be): its history stops short. */
  shallow(): boolean;
}

/** The document to compare with and what it is, or why there is none. */
export type Baseline = { text: string; label: string } | { text?: undefined; reason: string };

/**
 * What the document generated from the working tree is compared with. When it differs from the committed
 * one at HEAD (a developer changing contracts), that committed one. When it equals it (CI on a clean clone of
 * main), the version before HEAD's: the newest commit in the file's history whose text differs. Without one (the
 * file's first version, or a clone without history) there is nothing to compare, which is not a failure.
 */
export function chooseBaseline(current: string, git: GitReader, file: string): Baseline {
  const head = git.show('HEAD', file);
  if (head === undefined) return { reason: `${file} is not committed at HEAD (its first version, or no git repository)` };
  if (head !== current) return { text: head, label: `${file} at HEAD` };
  for (const commit of git.log(file)) {
    const text = git.show(commit, file);
    if (text !== undefined && text !== head) return { text, label: `${file} at ${commit.slice(0, 12)}, the version before HEAD’s` };
  }
  return { reason: git.shallow() ? `this clone is shallow: its history holds no earlier ${file}` : `HEAD holds the first version of ${file}` };
}

/** A `GitReader` running git in `cwd`; a git that fails (no repository, no such file there) reads as nothing. */
export function gitReader(cwd: string): GitReader {
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    } catch {
      return undefined;
    }
  };
  return {
    // `./` makes the path relative to cwd rather than to the top of the repository.
    show: (revision, file) => git('show', `${revision}:./${file}`),
    log: (file) => (git('log', '--format=%H', '--', file) ?? '').split('\n').filter(Boolean),
    shallow: () => git('rev-parse', '--is-shallow-repository')?.trim() === 'true',
  };
}
