import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseBaseline, gitReader, type GitReader } from './evolution-baseline';

const FILE = 'docs/asyncapi.yaml';

/** A history of the file, newest commit first: [commit, text or undefined when the commit has no such file]. */
function fakeGit(history: [string, string | undefined][], shallow = false): GitReader {
  return {
    show: (revision) => (revision === 'HEAD' ? history[0]?.[1] : history.find(([commit]) => commit === revision)?.[1]),
    log: () => history.filter(([, text]) => text !== undefined).map(([commit]) => commit),
    shallow: () => shallow,
  };
}

describe('what the evolution check compares with', () => {
  it('is the committed document at HEAD when the working tree generates another one (a developer changing contracts)', () => {
    expect(chooseBaseline('v3', fakeGit([['c2', 'v2'], ['c1', 'v1']]), FILE)).toEqual({ text: 'v2', label: `${FILE} at HEAD` });
  });

  it('is the version before HEAD’s when the working tree equals HEAD (CI on a clean clone of main)', () => {
    expect(chooseBaseline('v2', fakeGit([['c3', 'v2'], ['c2', 'v2'], ['c1', 'v1']]), FILE)).toEqual({ text: 'v1', label: `${FILE} at c1, the version before HEAD’s` });
  });

  it('is nothing, without failing, for the first version, an uncommitted document, or a shallow clone', () => {
    expect(chooseBaseline('v1', fakeGit([['c1', 'v1']]), FILE)).toEqual({ reason: `HEAD holds the first version of ${FILE}` });
    expect(chooseBaseline('v1', fakeGit([['c1', undefined]]), FILE)).toEqual({ reason: `${FILE} is not committed at HEAD (its first version, or no git repository)` });
    expect(chooseBaseline('v2', fakeGit([['c9', 'v2']], true), FILE)).toEqual({ reason: `this clone is shallow: its history holds no earlier ${FILE}` });
  });

  it('reads a real repository’s history, and no repository as nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolution-baseline-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
      const commit = (text: string) => {
        fs.writeFileSync(path.join(dir, FILE), text);
        git('add', '.');
        git('commit', '-q', '-m', text);
      };
      expect(chooseBaseline('v1', gitReader(dir), FILE)).toEqual({ reason: `${FILE} is not committed at HEAD (its first version, or no git repository)` });
      git('init', '-q');
      fs.mkdirSync(path.join(dir, 'docs'));
      commit('v1');
      expect(chooseBaseline('v1', gitReader(dir), FILE)).toEqual({ reason: `HEAD holds the first version of ${FILE}` });
      commit('v2');
      fs.writeFileSync(path.join(dir, 'other'), '');
      git('add', '.');
      git('commit', '-q', '-m', 'unrelated');
      expect(chooseBaseline('v2', gitReader(dir), FILE)).toMatchObject({ text: 'v1' });
      expect(chooseBaseline('v3', gitReader(dir), FILE)).toEqual({ text: 'v2', label: `${FILE} at HEAD` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
