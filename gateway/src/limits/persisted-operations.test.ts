import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPersistedOperations, persistedQueryCache, sha256 } from './persisted-operations';

const query = '{ courses { id } }';

describe('persisted operations', () => {
  it('loads a manifest and refuses an entry whose key is not its query hash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-'));
    const good = path.join(dir, 'good.json');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(good, JSON.stringify({ [sha256(query)]: query }));
    fs.writeFileSync(bad, JSON.stringify({ [sha256('{ x }')]: query }));
    expect(loadPersistedOperations(good).get(sha256(query))).toBe(query);
    expect(() => loadPersistedOperations(bad)).toThrow(/is not the sha256 of its query/);
    fs.rmSync(dir, { recursive: true });
  });

  it('serves the manifest to hash-only requests and learns client registrations unless allow-list only', async () => {
    const manifest = new Map([[sha256(query), query]]);
    const open = persistedQueryCache(manifest, { allowListOnly: false, maxEntries: 1 });
    const closed = persistedQueryCache(manifest, { allowListOnly: true });
    expect(await open.get(`apq:${sha256(query)}`)).toBe(query);
    await open.set('apq:abc', '{ a }');
    await closed.set('apq:abc', '{ a }');
    expect(await open.get('apq:abc')).toBe('{ a }');
    expect(await closed.get('apq:abc')).toBeUndefined();
    await open.set('apq:def', '{ b }'); // bounded: the oldest learned entry goes
    expect(await open.get('apq:abc')).toBeUndefined();
  });
});
