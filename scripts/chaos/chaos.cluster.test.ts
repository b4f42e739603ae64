import { spawn } from 'node:child_process';
import path from 'node:path';

// The quick chaos run (`npm run chaos -- --quick --seed 1`) as a child process: its own 3-node cluster, service
// instances and gateways, faults, and the checks of checks.ts. Any violation makes it exit 1, and this test fail.
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TIMEOUT_MS = 12 * 60_000;

function runQuickChaos(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'main.ts'), '--quick', '--seed', process.env.CHAOS_SEED ?? '1'], { cwd: REPO_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run chaos -- --quick', () => {
  it(
    'finds no lost or duplicated write, no stale read, no diverging store, no unanswered request',
    async () => {
      const { code, output } = await runQuickChaos();
      const report = output.slice(output.lastIndexOf('chaos quick run'));
      console.log(code === 0 ? report : output.split('\n').slice(-80).join('\n'));
      expect(report).toContain('PASS: no violations');
      expect(code).toBe(0);
    },
    TIMEOUT_MS,
  );
});
