import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A process the benchmark started (or found) and measures. */
export interface Proc {
  /** `gateway`, `user`, `broker`, … */
  name: string;
  pid: number;
  child?: ChildProcess;
  logFile?: string;
}

function lastLines(file: string | undefined, n = 20): string {
  if (!file) return '';
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface SpawnOptions {
  name: string;
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Extra node flags (`--cpu-prof`, …). */
  nodeFlags?: string[];
  ipc?: boolean;
  /** The checkout whose code runs (`script` is relative to it). Default this one. */
  root?: string;
}

/**
 * V8 flags of every process a benchmark starts, as `npm start` and the image run them (package.json, Dockerfile;
 * deploy/src/dockerfile.test.ts keeps the three equal): 64 MB semi-spaces, so the gateway's per-query garbage is
 * swept by fewer scavenges (bench/README.md, "Node's young generation").
 */
export const NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * Starts `node --import tsx <script>` (not the tsx CLI, which would put a wrapper process between us and the
 * one to measure), its output in `logFile`.
 */
export function spawnNode(options: SpawnOptions): Proc {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'w');
  const child = spawn(process.execPath, [...NODE_FLAGS, ...(options.nodeFlags ?? []), '--import', 'tsx', options.script, ...(options.args ?? [])], {
    cwd: options.root ?? REPO_ROOT,
    env: options.env,
    stdio: options.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  return { name: options.name, pid: child.pid, child, logFile: options.logFile };
}

/** Polls `ready` until it returns true; fails early with the log's tail if the process exits. */
export async function waitUntil(proc: Proc, ready: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child && proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}) while starting. Last lines of ${proc.logFile}:\n${lastLines(proc.logFile)}`);
    if (await Promise.resolve().then(ready).catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${proc.name} was not ready within ${timeoutMs} ms. Last lines of ${proc.logFile}:\n${lastLines(proc.logFile)}`);
}

/** Resolves with the first IPC message carrying `ready`. */
export function waitForIpcReady(proc: Proc, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${proc.name} sent no ready message within ${timeoutMs} ms:\n${lastLines(proc.logFile)}`)), timeoutMs);
    proc.child?.on('message', (m: { ready?: string }) => {
      if (m.ready) {
        clearTimeout(timer);
        resolve(m.ready);
      }
    });
    proc.child?.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${proc.name} exited (${code}) while starting:\n${lastLines(proc.logFile)}`));
    });
  });
}

/** SIGTERM (a clean stop writes `--cpu-prof` profiles), SIGKILL after `graceMs`. */
export async function stopProc(proc: Proc, graceMs = 15_000): Promise<void> {
  const child = proc.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The pid of the local process listening on TCP `port` (from /proc/net/tcp and /proc/<pid>/fd), if any. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN.
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1]?.split(':')[1] ?? '', 16) === port) inodes.add(cols[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(entry);
      } catch {
        // The fd closed meanwhile.
      }
    }
  }
  return undefined;
}
