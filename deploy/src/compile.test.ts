import fs from 'node:fs';
import path from 'node:path';
import { emitOptions, isShipped, packageFolders, runtimePackageJson, transpile } from './compile';

const ROOT = path.resolve(__dirname, '../..');

describe('the image build step', () => {
  it('compiles every workspace, and the scripts and deploy/src folders the roles run from', () => {
    const folders = packageFolders(ROOT);
    expect(folders).toEqual(expect.arrayContaining(['kafka', 'schema', 'gateway', 'subgraphs/kit', 'subgraphs/registry', 'subgraphs/user', 'scripts', 'deploy/src']));
    for (const folder of folders) expect(fs.existsSync(path.join(ROOT, folder))).toBe(true);
  });

  it('ships sources and the files they read, never tests, dependencies or build files', () => {
    expect(isShipped('subgraphs/user/src/store.ts')).toBe(true);
    expect(isShipped('subgraphs/user/schema.graphql')).toBe(true);
    expect(isShipped('gateway/package.json')).toBe(true);
    expect(isShipped('subgraphs/user/src/store.test.ts')).toBe(false);
    expect(isShipped('kafka/src/rpc/client.int.test.ts')).toBe(false);
    expect(isShipped('gateway/node_modules/jose/dist/index.js')).toBe(false);
    expect(isShipped('gateway/tsconfig.json')).toBe(false);
  });

  it('points package entries at the compiled files and leaves the rest alone', () => {
    const manifest = { name: '@puchi/kafka', main: 'src/index.ts', types: 'src/index.ts', exports: { '.': './src/index.ts', './launcher': './src/launcher/index.ts' }, dependencies: { kafkajs: '^2.2.4' } };
    expect(runtimePackageJson(manifest)).toEqual({ ...manifest, main: 'src/index.js', exports: { '.': './src/index.js', './launcher': './src/launcher/index.js' } });
  });

  it('emits CommonJS that keeps __dirname, decorators and the import of a JSON file working', () => {
    const js = transpile("import fs from 'node:fs';\nimport data from './x.json';\nexport const dir = __dirname;\nexport const n: number = fs.readdirSync(dir).length + data.a;\n", 'x.ts', emitOptions(ROOT));
    expect(js).toContain('require("node:fs")');
    expect(js).toContain('require("./x.json")');
    expect(js).toContain('exports.dir = __dirname');
    expect(js).not.toMatch(/^import /m);
  });

  it('refuses a file it cannot parse rather than ship it', () => {
    expect(() => transpile('export const = ;', 'broken.ts', emitOptions(ROOT))).toThrow(/broken\.ts/);
  });
});
