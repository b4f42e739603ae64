import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Domain } from '@puchi/domains';

/** A domain service running as its own process (as in production), its structured log in a file. */
export interface ServiceProcess {
  domain: Domain;
  child: ChildProcess;
  logFile: string;
}

const REPO_ROOT = path.resolve(__dirname, '..');
const DEV = path.join(REPO_ROOT, 'scripts', 'dev.ts');

function lastLines(file: string, n = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts the domain's service (`scripts/dev.ts <domain>`, as `npm run dev -- <domain>`) and resolves once it logs "service started" (its seed is published then). */
export async function startServiceProcess(domain: Domain, logDir: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServiceProcess> {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${domain}.log`);
  const out = fs.openSync(logFile, 'w');
  // `node --import tsx`, not the tsx CLI: the CLI is a wrapper process, and a SIGKILL of the wrapper (a service
  // that did not stop in time) left the service itself running, orphaned, with its consumers retrying forever.
  const child = spawn(process.execPath, ['--import', 'tsx', DEV, domain], { cwd: REPO_ROOT, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the ${domain} service exited (${child.exitCode}) while starting. Last lines of ${logFile}:\n${lastLines(logFile)}`);
    if (fs.readFileSync(logFile, 'utf8').includes('"msg":"service started"')) return { domain, child, logFile };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the ${domain} service did not start within ${timeoutMs} ms. Last lines of ${logFile}:\n${lastLines(logFile)}`);
}

/** SIGTERM (the service drains in-flight work), SIGKILL after `graceMs`. */
export async function stopServiceProcess(service: ServiceProcess, graceMs = 15_000): Promise<void> {
  if (service.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
