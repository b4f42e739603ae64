import { PassThrough } from 'node:stream';
import { isSummaryLine, watch, WATCHDOG_EXIT_CODE, type WatchOptions } from './watchdog';

const node = (script: string) => [process.execPath, '-e', script];
// The commands' summaries stay out of this run's output, where they could pass for its own.
const quiet = (): WatchOptions['output'] => ({ stdout: new PassThrough().resume(), stderr: new PassThrough().resume() });

describe('the test watchdog', () => {
  it('recognises the closing lines of the runners it watches', () => {
    expect(isSummaryLine('Ran all test suites.')).toBe(true);
    expect(isSummaryLine('\x1b[1mTests:\x1b[22m       \x1b[1m\x1b[32m3 passed\x1b[39m\x1b[22m, 3 total')).toBe(true);
    expect(isSummaryLine('# pass 12')).toBe(true);
    expect(isSummaryLine('unit: 245 passed, 0 failed')).toBe(true);
    expect(isSummaryLine('PASS kafka/src/rpc/pending.test.ts')).toBe(false);
  });

  it('fails a command that keeps running after its summary, and names it', async () => {
    const said: string[] = [];
    const started = Date.now();
    const code = await watch({ command: node("console.log('Ran all test suites.'); setInterval(() => {}, 1000)"), graceMs: 300, say: (l) => said.push(l), output: quiet() });
    expect(code).toBe(WATCHDOG_EXIT_CODE);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(said.join('\n')).toMatch(/still running 0 s after its runner printed its summary/);
    expect(said.join('\n')).toContain('setInterval');
  });

  it('passes through the exit code of a command that exits after its summary', async () => {
    const said: string[] = [];
    expect(await watch({ command: node("console.error('Tests: 1 failed, 1 total'); process.exitCode = 3"), graceMs: 5000, say: (l) => said.push(l), output: quiet() })).toBe(3);
    expect(await watch({ command: node("console.log('Ran all test suites.')"), graceMs: 5000, say: (l) => said.push(l), output: quiet() })).toBe(0);
    expect(said).toEqual([]);
  });

  it('leaves a command without a summary alone for as long as it runs', async () => {
    const said: string[] = [];
    expect(await watch({ command: node('setTimeout(() => {}, 800)'), graceMs: 100, say: (l) => said.push(l), output: quiet() })).toBe(0);
    expect(said).toEqual([]);
  });
});
