import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { JavaMissingError, JavaTooOldError } from './errors';

export const MIN_JAVA_MAJOR = 17;

/** `JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH, as Kafka's own scripts do. */
export function javaPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The major version in `java -version` output: `openjdk version "17.0.15"` → 17, `java version "1.8.0_392"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Returns the java binary to use, or throws a typed error naming the fix. */
export function checkJava(env: NodeJS.ProcessEnv = process.env): string {
  const java = javaPath(env);
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) throw new JavaMissingError(java);
  const major = parseJavaMajor(`${result.stderr}\n${result.stdout}`);
  if (major === undefined) throw new JavaMissingError(java);
  if (major < MIN_JAVA_MAJOR) throw new JavaTooOldError(java, major);
  return java;
}
