import path from 'node:path';
import { installedFor, readLock, runtimePackages } from './runtime-imports';
import { ROLE_SCRIPTS } from './roles';

const ROOT = path.resolve(__dirname, '../..');
/** What a container of the image can load: its entrypoint, the role scripts it hands over to, its health probe. */
const ENTRIES = ['deploy/src/entrypoint.ts', 'deploy/src/probe.ts', ...Object.values(ROLE_SCRIPTS).map((script) => `${script}.ts`)];

describe('what the image loads', () => {
  const lock = readLock(ROOT);
  const uses = runtimePackages(ROOT, ENTRIES);

  it('finds the packages the roles load', () => {
    const names = new Set(uses.map((use) => use.name));
    for (const name of ['kafkajs', 'better-sqlite3', '@apollo/gateway', 'zod', 'graphql']) expect(names).toContain(name);
  });

  // `npm ci --omit=dev` in the Dockerfile installs the production dependencies only: a package that any file of a
  // role requires and the lock marks `dev` (or does not list) makes that role fail at startup in the image.
  it('is production dependencies only: every package a role requires is installed by npm ci --omit=dev', () => {
    const notInstalled = uses.map((use) => ({ ...use, installed: installedFor(ROOT, use.from, use.name, lock) })).filter((use) => use.installed !== 'production');
    expect(notInstalled.map(({ name, from, installed }) => `${name} (${installed}) required by ${from}`)).toEqual([]);
  });

  it('tells a dev dependency from a production one by where Node finds it', () => {
    expect(installedFor(ROOT, 'kafka/src/client.ts', 'kafkajs', lock)).toBe('production');
    expect(installedFor(ROOT, 'kafka/src/client.ts', 'typescript', lock)).toBe('dev');
    expect(installedFor(ROOT, 'kafka/src/client.ts', 'left-pad-that-is-not-there', lock)).toBe('missing');
  });
});
