import fs from 'node:fs';
import path from 'node:path';
import { argumentsOf, copyOf, envOf, parseInstructions, parseStages, type Stage } from './dockerfile';
import { parseRole } from './roles';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const stages = parseStages(read('Dockerfile'));
const final = stages[stages.length - 1]!;
const last = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.text);
const workdirOf = (stage: Stage) => last(stage, 'WORKDIR')?.text ?? '/';
/** The stage a `COPY --from=` names, by name or index. */
const stageNamed = (from: string) => stages.find((s) => s.name === from) ?? stages[Number(from)];
/** An install that brings dev dependencies: `npm ci`/`npm install` without `--omit=dev`. */
const installsDev = (stage: Stage) => runs(stage).some((run) => /\bnpm (ci|install|i)\b/.test(run) && !/--omit=dev|--production\b/.test(run));

describe('Dockerfile', () => {
  it('builds in stages and runs the last one as a user that is not root', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const user = last(final, 'USER')?.text;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('runs in production mode', () => {
    const env = Object.assign({}, ...final.instructions.filter((i) => i.keyword === 'ENV').map(envOf)) as Record<string, string>;
    expect(env.NODE_ENV).toBe('production');
  });

  it('runs node with the options `npm start` and the benchmarks use', () => {
    const env = Object.assign({}, ...final.instructions.filter((i) => i.keyword === 'ENV').map(envOf)) as Record<string, string>;
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(env.NODE_OPTIONS).toMatch(/^--max-semi-space-size=\d+$/);
    expect(start).toContain(`NODE_OPTIONS=${env.NODE_OPTIONS} `);
    expect(read('bench/e2e/processes.ts')).toContain(`'${env.NODE_OPTIONS}'`);
  });

  it('installs production dependencies only into what the last stage carries', () => {
    expect(installsDev(final)).toBe(false);
    for (const instruction of final.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
      const { flags, sources } = copyOf(instruction);
      if (!flags.from) continue;
      const source = stageNamed(flags.from);
      expect(source).toBeDefined();
      // From a stage that installed dev dependencies, only what lies outside its install (its WORKDIR) may come.
      if (installsDev(source!)) {
        for (const src of sources) expect({ line: instruction.line, src, insideInstall: path.posix.resolve(workdirOf(source!), src).startsWith(workdirOf(source!)) }).toEqual({ line: instruction.line, src, insideInstall: false });
      }
    }
    const productionInstall = stages.flatMap(runs).filter((run) => /--omit=dev/.test(run));
    expect(productionInstall.length).toBeGreaterThan(0);
  });

  it('copies from the build context only paths that exist, and keeps dependencies and local state out of it', () => {
    for (const instruction of parseInstructions(read('Dockerfile')).filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
      const { flags, sources } = copyOf(instruction);
      if (flags.from) continue;
      for (const src of sources) expect({ line: instruction.line, src, exists: fs.existsSync(path.join(ROOT, src)) }).toEqual({ line: instruction.line, src, exists: true });
    }
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['**/node_modules', '.git', '.kafka', '.data', '.env']) expect(ignored).toContain(entry);
  });

  it('compiles with the repo’s build step and starts the entrypoint with a role it takes', () => {
    const compile = stages.flatMap(runs).find((run) => run.includes('deploy/src/compile.ts'));
    expect(compile).toBeDefined();
    const [node, script] = argumentsOf(last(final, 'ENTRYPOINT')!);
    expect(node).toBe('node');
    expect(fs.existsSync(path.join(ROOT, script!.replace(/\.js$/, '.ts')))).toBe(true);
    expect(() => parseRole(argumentsOf(last(final, 'CMD')!))).not.toThrow();
  });

  it('runs the native module where it was built: the same Debian release in the install and the last stage', () => {
    const release = (image: string) => /-(bookworm|bullseye|trixie)(-slim)?$/.exec(image)?.[1];
    const install = stages.find((stage) => runs(stage).some((run) => run.includes('npm rebuild better-sqlite3')));
    expect(install).toBeDefined();
    expect(release(final.image)).toBeDefined();
    expect(release(install!.image)).toBe(release(final.image));
  });

  it('reads instructions as Docker does: continuations joined, comments inside them dropped', () => {
    const [run] = parseInstructions('FROM x AS y\n# c\nRUN a \\\n  # dropped\n  && b \\\n  && c\n').slice(1);
    expect(run).toEqual({ keyword: 'RUN', text: 'a && b && c', line: 3 });
    expect(parseStages('ARG V=1\nFROM node:${V} AS build\nRUN x\nFROM scratch\n').map((s) => [s.image, s.name, s.instructions.length])).toEqual([
      ['node:${V}', 'build', 1],
      ['scratch', undefined, 0],
    ]);
  });
});
