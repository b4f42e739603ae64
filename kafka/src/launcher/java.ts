import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { JavaMissingError, JavaTooOldError } from './errors';

export const MIN_JAVA_MAJOR = 17;

/** The java of a JDK home (`JAVA_HOME`): `<home>/bin/java`, else `java` from PATH, as Kafka's own scripts do. */
export function javaPath(javaHome: string | undefined): string {
  return javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
}

/** The major version in `java -version` output: `openjdk version "17.0.15"` → 17, `java version "1.8.0_392"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Returns `java` (a binary, default `java` from PATH) when it is Java 17 or newer, or throws a typed error naming the fix. */
export function checkJava(java = 'java'): string {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) throw new JavaMissingError(java);
  const major = parseJavaMajor(`${result.stderr}\n${result.stdout}`);
  if (major === undefined) throw new JavaMissingError(java);
  if (major < MIN_JAVA_MAJOR) throw new JavaTooOldError(java, major);
  return java;
}
