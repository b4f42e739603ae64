/**
 * Runs a test command and fails it when it is still running `--grace-ms` (default 120 s) after its runner printed
 * its summary: a runner that has reported but does not exit is waiting on something its tests left open (issue
 * 16: Jest after the cluster suite). It says which command and what its process tree still holds, then kills
 * the tree. Jest's `forceExit` would hide such a leak; this makes it fail loudly instead.
 *
 *   tsx scripts/watchdog.ts [--grace-ms N] -- <command> [args…]
 *
 * The exit code is the command's own, or 124 when the watchdog stopped it.
 */
import { spawn, spawnSync } from 'node:child_process';
import readline from 'node:readline';
import { parseArgs } from 'node:util';

/** Lines test runners print once all tests have run: Jest, node:test, and the plain `N passed, N failed`. */
export const SUMMARY_LINES: readonly RegExp[] = [/^Ran all test suites/, /^Tests:\s+\d+/, /^# (pass|fail) \d+/, /^(\w+: )?\d+ passed, \d+ failed/];

/** The exit code when the watchdog stopped the command (as coreutils `timeout` uses). */
export const WATCHDOG_EXIT_CODE = 124;

/** Jest colours its summary when it writes to a terminal. */
// eslint-disable-next-line no-control-regex
const COLOUR_CODES = /\x1b\[[0-9;]*m/g;

export function isSummaryLine(line: string): boolean {
  const plain = line.replace(COLOUR_CODES, '').trim();
  return SUMMARY_LINES.some((pattern) => pattern.test(plain));
}

/** What is left of a process tree, for the message: `ps` lines of the group. */
function describeGroup(pgid: number): string {
  const ps = spawnSync('ps', ['-o', 'pid,etime,args', '-g', String(pgid)], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.trim() : '(ps unavailable)';
}

export interface WatchOptions {
  command: string[];
  graceMs: number;
  /** Where the watchdog's own lines go. Default stderr. */
  say?: (line: string) => void;
  /** Where the command's output is forwarded. Default this process's stdout and stderr. */
  output?: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
}

/** Runs `command`, forwarding its output; resolves with the exit code to use. */
export function watch({ command, graceMs, say = (l) => process.stderr.write(`${l}\n`), output = process }: WatchOptions): Promise<number> {
  const [file, ...args] = command;
  if (!file) throw new Error('watchdog: no command given (tsx scripts/watchdog.ts -- <command> [args…])');
  const shown = command.join(' ');
  // A process group of its own, so the whole tree can be stopped (Jest's workers, a broker it started…).
  const child = spawn(file, args, { stdio: ['inherit', 'pipe', 'pipe'], detached: true });
  let timer: NodeJS.Timeout | undefined;
  let stoppedByUs = false;
  const onLine = (line: string) => {
    if (timer || !isSummaryLine(line)) return;
    timer = setTimeout(() => {
      stoppedByUs = true;
      say(`watchdog: \`${shown}\` is still running ${Math.round(graceMs / 1000)} s after its runner printed its summary; something it started was never released. Stopping it. Its processes:\n${describeGroup(child.pid!)}`);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
  };
  for (const [stream, out] of [
    [child.stdout, output.stdout],
    [child.stderr, output.stderr],
  ] as const) {
    stream.on('data', (chunk: Buffer) => out.write(chunk));
    readline.createInterface({ input: stream }).on('line', onLine);
  }
  const forward = (signal: NodeJS.Signals) => () => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (stoppedByUs) resolve(WATCHDOG_EXIT_CODE);
      else resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { 'grace-ms': { type: 'string', default: '120000' } }, allowPositionals: true });
  const graceMs = Number(values['grace-ms']);
  if (!Number.isInteger(graceMs) || graceMs <= 0) {
    process.stderr.write(`watchdog: --grace-ms must be a positive integer (got ${values['grace-ms']})\n`);
    process.exit(2);
  }
  watch({ command: positionals, graceMs }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`watchdog: could not run \`${positionals.join(' ')}\`: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(127);
    },
  );
}

if (require.main === module) main();
