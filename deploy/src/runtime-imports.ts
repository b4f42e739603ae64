/**
 * The packages the image's processes load, found the way Node finds them in the image: each file compiled as
 * `compile.ts` compiles it, its `require`s followed through relative paths and our workspaces' package.json
 * entries. What is left are npm packages, which `npm ci --omit=dev` must have installed (runtime-imports.test.ts).
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { emitOptions, packageFolders, transpile } from './compile';

interface Workspace {
  dir: string;
  main?: string;
  exports?: Record<string, string>;
}

/** Our packages by name (`@puchi/kafka` → its folder and entries), from the workspaces' package.json files. */
export function workspacesOf(root: string): Map<string, Workspace> {
  const out = new Map<string, Workspace>();
  for (const folder of packageFolders(root)) {
    const file = path.join(root, folder, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; main?: string; exports?: string | Record<string, string> };
    const exports = typeof manifest.exports === 'string' ? { '.': manifest.exports } : manifest.exports;
    out.set(manifest.name, { dir: path.join(root, folder), main: manifest.main, exports });
  }
  return out;
}

/** The npm package an import names: `@scope/name` or `name`, without a subpath. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function resolveFile(base: string): string | undefined {
  for (const candidate of [base, `${base}.ts`, `${base}.json`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** An npm package a file of ours loads at run time. */
export interface PackageUse {
  name: string;
  /** The requiring file, relative to the repo. */
  from: string;
}

/**
 * Follows every `require` from `entries` (repo files) and returns each npm package reached with each file that
 * requires it. Throws for a relative or workspace import that leads nowhere.
 */
export function runtimePackages(root: string, entries: string[]): PackageUse[] {
  const options = emitOptions(root);
  const workspaces = workspacesOf(root);
  const uses: PackageUse[] = [];
  const seen = new Set<string>();
  const queue = entries.map((entry) => path.resolve(root, entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    const output = transpile(fs.readFileSync(file, 'utf8'), path.relative(root, file), options);
    for (const [, specifier] of output.matchAll(/\brequire\("([^"]+)"\)/g)) {
      const from = path.relative(root, file);
      if (specifier!.startsWith('.')) {
        const target = resolveFile(path.resolve(path.dirname(file), specifier!));
        if (!target) throw new Error(`${from}: nothing at ${specifier}`);
        queue.push(target);
        continue;
      }
      if (isBuiltin(specifier!)) continue;
      const name = packageName(specifier!);
      const workspace = workspaces.get(name);
      if (workspace) {
        const subpath = `.${specifier!.slice(name.length)}`;
        const entry = workspace.exports?.[subpath] ?? (subpath === '.' ? workspace.main : undefined);
        const target = entry && resolveFile(path.join(workspace.dir, entry.replace(/\.ts$/, '')));
        if (!target) throw new Error(`${from}: ${specifier} is not an entry of ${name}`);
        queue.push(target);
        continue;
      }
      if (!uses.some((use) => use.name === name && use.from === from)) uses.push({ name, from });
    }
  }
  return uses;
}

type Lock = { packages: Record<string, { dev?: boolean }> };

/**
 * What `npm ci --omit=dev` gives the file `from` when it requires `name`, by package-lock.json: Node looks in
 * `node_modules` from the file's folder up to the repo's, and the first the lock lists is the one loaded;
 * `production` unless the lock marks it `dev` (left out by `--omit=dev`), `missing` when none is listed.
 */
export function installedFor(root: string, from: string, name: string, lock: Lock = readLock(root)): 'production' | 'dev' | 'missing' {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const key = dir === '.' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    const entry = lock.packages[key];
    if (entry) return entry.dev ? 'dev' : 'production';
    if (dir === '.') return 'missing';
  }
}

export function readLock(root: string): Lock {
  return JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lock;
}
