import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { memoizeOperations } from './apollo-hot-paths';

const root = path.resolve(__dirname, '../..');

/** Runs tsx with `args` in a fresh Node process, as the gateway runs (Jest's module registry has no `require.cache`); its last line is JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the child's JSON, checked by toEqual
function inFreshProcess(...args: string[]): any {
  const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('apollo-hot-paths in the gateway process', () => {
  it('replaces before the entry loads any Apollo package: plain properties with the same values, a createHash that hashes', () => {
    const result = inFreshProcess('-e', `
      require('./gateway/src/index');
      const { hotPaths } = require('./gateway/src/apollo-hot-paths');
      const internals = require('@apollo/federation-internals');
      const definitions = require('@apollo/federation-internals/dist/definitions');
      const descriptor = Object.getOwnPropertyDescriptor(internals, 'isObjectType');
      const serverHash = require(require.resolve('@apollo/utils.createhash', { paths: [require('path').dirname(require.resolve('@apollo/server'))] }));
      console.log(JSON.stringify({
        hotPaths,
        plain: 'value' in descriptor && !('get' in descriptor),
        sameClass: internals.Schema === definitions.Schema,
        sameFunction: internals.isObjectType === definitions.isObjectType,
        esModule: internals.__esModule === true,
        hash: serverHash.createHash('sha256').update('{ me { id } }').digest('hex'),
      }));
    `);
    expect(result).toEqual({
      hotPaths: { state: 'replaced', loadedBefore: [], operations: { built: 0, reused: 0 } },
      plain: true,
      sameClass: true,
      sameFunction: true,
      esModule: true,
      hash: crypto.createHash('sha256').update('{ me { id } }').digest('hex'),
    });
  });

  it('a real gateway answers each request by its own variables while reusing the operation', () => {
    const { answers, hotPaths } = inFreshProcess('gateway/src/apollo-hot-paths.child.ts');
    expect(answers).toEqual([
      { data: { lessons: [{ title: 'Greetings', level: 1 }, { title: 'Numbers', level: 2 }] } },
      { data: { lessons: [{ title: 'Greetings' }] } },
      { data: { lessons: [{ title: 'Greetings', level: 1 }] } },
      { data: { lessons: [{ id: 'l1' }, { id: 'l2' }] } },
    ]);
    expect(hotPaths.operations).toEqual({ built: 2, reused: 2 });
  });

  it('names the consumer modules that loaded a package first (they keep the original exports)', () => {
    const result = inFreshProcess('-e', `
      require('@apollo/gateway');
      const { hotPaths } = require('./gateway/src/apollo-hot-paths');
      console.log(JSON.stringify({ state: hotPaths.state, gatewayBefore: hotPaths.loadedBefore.some((f) => f.includes('/@apollo/gateway/')) }));
    `);
    expect(result).toEqual({ state: 'replaced', gatewayBefore: true });
  });
});

describe('memoizeOperations', () => {
  const schema = {};
  const document = (text: string): DocumentNode => parse(text);
  const counting = () => {
    const calls: unknown[] = [];
    const build = (s: object, d: DocumentNode, o?: { operationName?: string; validate?: boolean }) => {
      calls.push([s, d, o]);
      return { built: calls.length };
    };
    return { calls, build };
  };

  it('builds once per schema and operation node for calls without validation', () => {
    const { calls, build } = counting();
    const memo = memoizeOperations(build);
    const doc = document('query Q { a }');
    const first = memo(schema, { ...doc }, { validate: false });
    expect(memo(schema, { ...doc }, { validate: false })).toBe(first);
    expect(calls).toHaveLength(1);
    memo({}, doc, { validate: false });
    memo(schema, document('query Q { a }'), { validate: false });
    expect(calls).toHaveLength(3);
  });

  it('passes every other call through', () => {
    const { calls, build } = counting();
    const memo = memoizeOperations(build);
    const doc = document('query Q { a }');
    memo(schema, doc);
    memo(schema, doc);
    memo(schema, doc, { validate: false, operationName: 'Q' });
    memo(schema, doc, { validate: false, operationName: 'Q' });
    memo(schema, document('fragment F on T { a }'), { validate: false });
    expect(calls).toHaveLength(5);
  });

  it('remembers no failure', () => {
    let calls = 0;
    const memo = memoizeOperations(() => {
      calls++;
      if (calls === 1) throw new Error('unknown type');
      return { built: calls };
    });
    const doc = document('query Q { a }');
    expect(() => memo(schema, doc, { validate: false })).toThrow('unknown type');
    expect(memo(schema, doc, { validate: false })).toEqual({ built: 2 });
    expect(memo(schema, doc, { validate: false })).toEqual({ built: 2 });
    expect(calls).toBe(2);
  });
});
