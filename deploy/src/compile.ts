/**
 * `tsx deploy/src/compile.ts <out>`: the image's build step. Writes the runtime tree to `<out>`, laid out as the
 * repo: each package's TypeScript as CommonJS next to where its source sits, its other files (schema.graphql, JSON)
 * as they are, and package.json entries pointed at `.js`. Per file and not bundled on purpose: the code finds
 * its files from `__dirname` (a domain's schema.graphql, the supergraph), which a bundle would move. Transpiled
 * only: `npm run typecheck` is where types are checked, and the image is built from a tree that passed it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Folders the image runs from besides the workspaces: the process entries of `topics` and a domain, and the image's own (entrypoint, probe). */
const EXTRA_FOLDERS = ['scripts', 'deploy/src'];
/** Never shipped: dependencies come from `npm ci --omit=dev`, tests and build files are not run. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', '.turbo', '__generated__.tmp']);
const SKIPPED_FILES = [/\.test\.ts$/, /\.d\.ts$/, /^tsconfig(\..*)?\.json$/, /\.tsbuildinfo$/, /\.md$/];

/** The folders to compile: the root package.json's workspaces (`subgraphs/*` expanded) and `EXTRA_FOLDERS`. */
export function packageFolders(root: string): string[] {
  const { workspaces = [] } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const folders = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return fs
      .readdirSync(path.join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, parent, entry.name, 'package.json')))
      .map((entry) => `${parent}/${entry.name}`);
  });
  return [...folders, ...EXTRA_FOLDERS].sort();
}

/** Whether a file (path relative to the repo, `/`-separated) belongs in the image. */
export function isShipped(file: string): boolean {
  const parts = file.split('/');
  if (parts.slice(0, -1).some((part) => SKIPPED_FOLDERS.has(part))) return false;
  return !SKIPPED_FILES.some((pattern) => pattern.test(parts[parts.length - 1]!));
}

/** `./src/index.ts` → `./src/index.js` in `main` and every `exports` target; the rest as it is. */
export function runtimePackageJson(manifest: Record<string, unknown>): Record<string, unknown> {
  const toJs = (value: unknown): unknown => {
    if (typeof value === 'string') return value.endsWith('.ts') && !value.endsWith('.d.ts') ? `${value.slice(0, -3)}.js` : value;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJs(inner)]));
    return value;
  };
  const out = { ...manifest };
  for (const field of ['main', 'exports']) if (field in out) out[field] = toJs(out[field]);
  return out;
}

/** The repo's compiler options (tsconfig.base.json: target, decorators, interop), emitting CommonJS. */
export function emitOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(file, (name) => ts.sys.readFile(name));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, file);
  return { ...options, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, noEmit: false, declaration: false, sourceMap: false };
}

/** One TypeScript file as CommonJS; throws on a syntax error (a tree that fails typecheck is not built from). */
export function transpile(source: string, fileName: string, options: ts.CompilerOptions): string {
  const { outputText, diagnostics = [] } = ts.transpileModule(source, { compilerOptions: options, fileName, reportDiagnostics: true });
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(`${fileName}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
  return outputText;
}

function* filesUnder(root: string, folder: string): Generator<string> {
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* filesUnder(root, file);
    } else if (entry.isFile() && isShipped(file)) {
      yield file;
    }
  }
}

/** Writes the runtime tree of `root` to `out`; returns how many files were compiled and copied. */
export function compile(root: string, out: string): { compiled: number; copied: number } {
  const options = emitOptions(root);
  let compiled = 0;
  let copied = 0;
  for (const folder of packageFolders(root)) {
    for (const file of filesUnder(root, folder)) {
      const target = path.join(out, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (file.endsWith('.ts')) {
        fs.writeFileSync(target.replace(/\.ts$/, '.js'), transpile(fs.readFileSync(path.join(root, file), 'utf8'), file, options));
        compiled++;
      } else if (path.basename(file) === 'package.json') {
        const manifest = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(target, `${JSON.stringify(runtimePackageJson(manifest), null, 2)}\n`);
        copied++;
      } else {
        fs.copyFileSync(path.join(root, file), target);
        copied++;
      }
    }
  }
  return { compiled, copied };
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: tsx deploy/src/compile.ts <out>');
    process.exit(2);
  }
  const { compiled, copied } = compile(REPO_ROOT, path.resolve(out));
  console.log(`compiled ${compiled} TypeScript files and copied ${copied} others to ${out}`);
}
