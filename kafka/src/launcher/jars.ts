import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config';
import { MavenMissingError, MavenResolveError } from './errors';

/** The POM listing the broker and the logging jars the binary distribution ships. */
export const BROKER_POM = path.join(REPO_ROOT, 'kafka', 'broker', 'pom.xml');
const MARKER = '.resolved';

export interface EnsureJarsOptions {
  jarsDir: string;
  pom?: string;
  /** Maven binary. Default `mvn` from PATH (entry points pass `MVN`: `LauncherConfig.mvn`). */
  mvn?: string;
  onProgress?: (line: string) => void;
}

function pomDigest(pom: string): string {
  return createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
}

/** Whether the cache holds the jars of exactly this POM (a changed Kafka version re-resolves). */
export function jarsReady(jarsDir: string, pom = BROKER_POM): boolean {
  try {
    return fs.readFileSync(path.join(jarsDir, MARKER), 'utf8').trim() === pomDigest(pom);
  } catch {
    return false;
  }
}

/**
 * Copies the broker's runtime jars into `jarsDir` with Maven, once. Resolves into a sibling temp folder and
 * renames it into place, so an interrupted download never leaves a half-filled cache that looks complete.
 */
export async function ensureJars(options: EnsureJarsOptions): Promise<{ downloaded: boolean; jarsDir: string }> {
  const pom = options.pom ?? BROKER_POM;
  const { jarsDir } = options;
  if (jarsReady(jarsDir, pom)) return { downloaded: false, jarsDir };

  const mvn = options.mvn ?? 'mvn';
  const staging = `${jarsDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(jarsDir), { recursive: true });
  options.onProgress?.(`resolving Kafka broker jars with Maven into ${jarsDir} (first run only)`);

  const args = ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(mvn, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? reject(new MavenMissingError(mvn)) : reject(err)));
    child.on('close', (code) => resolve({ code, output }));
  });
  if (code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new MavenResolveError(output.trim().split('\n').slice(-20).join('\n'), code);
  }
  fs.writeFileSync(path.join(staging, MARKER), pomDigest(pom) + '\n');
  fs.rmSync(jarsDir, { recursive: true, force: true });
  fs.renameSync(staging, jarsDir);
  options.onProgress?.(`${fs.readdirSync(jarsDir).filter((f) => f.endsWith('.jar')).length} jars ready`);
  return { downloaded: true, jarsDir };
}
