import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MavenMissingError, MavenResolveError } from './errors';
import { ensureJars, jarsReady } from './jars';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jars-test-'));

function fakeMvn(script: string): string {
  const file = path.join(tmp(), 'mvn');
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

/** Mimics `mvn dependency:copy-dependencies -DoutputDirectory=X`: writes a jar into X. */
const copyingMvn = () => fakeMvn('for a in "$@"; do case "$a" in -DoutputDirectory=*) d="${a#-DoutputDirectory=}";; esac; done; mkdir -p "$d"; echo jar > "$d/kafka.jar"');

describe('ensureJars', () => {
  it('resolves once, then trusts the cache for the same POM', async () => {
    const jarsDir = path.join(tmp(), 'libs');
    const first = await ensureJars({ jarsDir, mvn: copyingMvn() });
    expect(first.downloaded).toBe(true);
    expect(fs.readdirSync(jarsDir)).toContain('kafka.jar');
    expect(jarsReady(jarsDir)).toBe(true);

    const second = await ensureJars({ jarsDir, mvn: fakeMvn('exit 7') });
    expect(second.downloaded).toBe(false);
  });

  it('re-resolves when the POM changes', async () => {
    const dir = tmp();
    const pom = path.join(dir, 'pom.xml');
    fs.writeFileSync(pom, '<project>v1</project>');
    const jarsDir = path.join(dir, 'libs');
    await ensureJars({ jarsDir, pom, mvn: copyingMvn() });
    fs.writeFileSync(pom, '<project>v2</project>');
    expect(jarsReady(jarsDir, pom)).toBe(false);
  });

  it('reports a Maven failure with its output and leaves no cache that looks complete', async () => {
    const jarsDir = path.join(tmp(), 'libs');
    const err = await ensureJars({ jarsDir, mvn: fakeMvn('echo "Could not resolve dependencies: network is unreachable"; exit 1') }).catch((e) => e);
    expect(err).toBeInstanceOf(MavenResolveError);
    expect(err.message).toMatch(/network is unreachable/);
    expect(err.fix).toMatch(/Maven Central/);
    expect(jarsReady(jarsDir)).toBe(false);
    expect(fs.existsSync(jarsDir)).toBe(false);
  });

  it('names the fix when Maven is not installed', async () => {
    const err = await ensureJars({ jarsDir: path.join(tmp(), 'libs'), mvn: '/nonexistent/mvn' }).catch((e) => e);
    expect(err).toBeInstanceOf(MavenMissingError);
    expect(err.fix).toMatch(/apt-get install maven|KAFKA_BROKERS/);
  });
});
