import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Runs `script` in a fresh Node process as the gateway runs (tsx, CommonJS): Jest's module registry has no `require.cache`. */
function inFreshProcess(script: string): unknown {
  const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('apollo-flat-exports', () => {
  it('gives the Apollo modules the gateway entry loads plain properties with the same values, none loaded before', () => {
    const result = inFreshProcess(`
      require('./gateway/src/index');
      const { flatExports } = require('./gateway/src/apollo-flat-exports');
      const internals = require('@apollo/federation-internals');
      const descriptor = Object.getOwnPropertyDescriptor(internals, 'isObjectType');
      console.log(JSON.stringify({
        flatExports,
        plain: 'value' in descriptor && !('get' in descriptor),
        sameClass: internals.Schema === require('@apollo/federation-internals/dist/definitions').Schema,
        sameFunction: internals.isObjectType === require('@apollo/federation-internals/dist/definitions').isObjectType,
        esModule: internals.__esModule === true,
      }));
    `);
    expect(result).toEqual({ flatExports: { state: 'flattened', loadedBefore: [] }, plain: true, sameClass: true, sameFunction: true, esModule: true });
  });

  it('names the consumer modules that loaded the package first (they keep the getters)', () => {
    const result = inFreshProcess(`
      require('@apollo/gateway');
      const { flatExports } = require('./gateway/src/apollo-flat-exports');
      console.log(JSON.stringify({ state: flatExports.state, gatewayBefore: flatExports.loadedBefore.some((f) => f.includes('/@apollo/gateway/')) }));
    `);
    expect(result).toEqual({ state: 'flattened', gatewayBefore: true });
  });
});
