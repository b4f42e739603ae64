import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JavaMissingError, JavaTooOldError } from './errors';
import { checkJava, javaPath, parseJavaMajor } from './java';

/** A JAVA_HOME whose `bin/java -version` prints `versionLine`, as a real JDK does, on stderr. */
function fakeJavaHome(versionLine: string): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-jdk-'));
  fs.mkdirSync(path.join(home, 'bin'));
  fs.writeFileSync(path.join(home, 'bin', 'java'), `#!/bin/sh\necho '${versionLine}' >&2\n`, { mode: 0o755 });
  return home;
}

describe('java detection', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.22" 2024-01-16 LTS', 11],
  ])('reads the major version of %s', (line, major) => {
    expect(parseJavaMajor(line)).toBe(major);
  });

  it('refuses Java older than 17, naming the fix', () => {
    const env = { JAVA_HOME: fakeJavaHome('openjdk version "11.0.22" 2024-01-16') };
    expect(() => checkJava(javaPath(env.JAVA_HOME))).toThrow(JavaTooOldError);
    expect(() => checkJava(javaPath(env.JAVA_HOME))).toThrow(/Java 11 .* too old/);
  });

  it('says so when there is no java at all', () => {
    const env = { JAVA_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'no-jdk-')) };
    const err = (() => {
      try {
        checkJava(javaPath(env.JAVA_HOME));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(JavaMissingError);
    expect((err as JavaMissingError).fix).toMatch(/OpenJDK 17/);
  });

  it('accepts Java 17', () => {
    const env = { JAVA_HOME: fakeJavaHome('openjdk version "17.0.15" 2025-04-15') };
    expect(checkJava(javaPath(env.JAVA_HOME))).toBe(path.join(env.JAVA_HOME, 'bin', 'java'));
  });
});
