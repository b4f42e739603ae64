/** The run's figures: a table on stdout, and JSON and Markdown under `bench/results/`. */
import fs from 'node:fs';
import path from 'node:path';
import { CHECK_NAMES, type Violation } from './checks';
import type { Attempt, History } from './history';
import { isSingleFault } from './settings';

export const WINDOW_MS = 10_000;
/** A run of one fault looks at the 30 s after it: the whole error window, however long. */
export const faultWindowMs = (mode: string): number => (isSingleFault(mode) ? 30_000 : WINDOW_MS);

export interface FaultWindow {
  fault: string;
  at: number;
  recoveredAfterMs?: number;
  skipped?: string;
  requests: number;
  errors: number;
  codes: Record<string, number>;
  /** The requests of the window that got no data, by what they asked (`reviewWord`, `read:startLesson`…). */
  errorsByOp: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  /** When the last request of the window that did not get data started, ms after the fault. */
  lastErrorAfterMs?: number;
  /** For a killed gateway: the requests of the window sent to the other gateways, and how many got no data. */
  otherGateways?: { requests: number; errors: number };
  /** Per second after the fault (by start), the requests that got no data and all requests: the window's shape. */
  perSecond: { errors: number; requests: number; codes: Record<string, number> }[];
}

export interface RunSummary {
  seed: number;
  mode: string;
  settings: Record<string, unknown>;
  startedAt: string;
  durations: Record<string, number>;
  requests: { total: number; byOutcome: Record<string, number>; byCode: Record<string, number>; p50Ms: number; p99Ms: number; maxMs: number; perSecond: number };
  writes: Record<string, Record<string, number>>;
  reads: Record<string, number>;
  events: number;
  faults: FaultWindow[];
  violations: Record<string, { count: number; examples: string[] }>;
  totalViolations: number;
  /** Process starts that failed and were retried (not a checked property, but a finding). */
  startFailures: string[];
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const count = <T>(items: T[], key: (t: T) => string) => items.reduce<Record<string, number>>((acc, t) => ((acc[key(t)] = (acc[key(t)] ?? 0) + 1), acc), {});
const latency = (a: Attempt) => a.end - a.start;

/** The attempts of `inWindow` that went to a gateway other than `killed`, and how many of them got no data. */
function otherGateways(inWindow: Attempt[], killed: number): { requests: number; errors: number } {
  const others = inWindow.filter((a) => a.gateway !== killed);
  return { requests: others.length, errors: others.filter((a) => a.outcome !== 'data').length };
}

export function summarize(history: History, violations: Violation[], meta: { seed: number; mode: string; settings: Record<string, unknown>; startedAt: string; durations: Record<string, number>; events: number; loadStart: number; loadMs: number; startFailures: string[] }): RunSummary {
  const { attempts } = history;
  const lat = attempts.map(latency);
  const writes: RunSummary['writes'] = {};
  for (const w of history.writes) (writes[w.op] ??= {})[w.status] = (writes[w.op]![w.status] ?? 0) + 1;
  const faults = history.faults
    .slice()
    .sort((a, b) => a.at - b.at)
    .map((f): FaultWindow => {
      const inWindow = attempts.filter((a) => a.start >= f.at && a.start < f.at + faultWindowMs(meta.mode));
      const failed = inWindow.filter((a) => a.outcome !== 'data');
      return {
        fault: `${f.kind} ${f.target}`,
        at: f.at - meta.loadStart,
        ...(f.recoveredAt !== undefined ? { recoveredAfterMs: f.recoveredAt - f.at } : {}),
        ...(f.skipped ? { skipped: f.skipped } : {}),
        requests: inWindow.length,
        errors: failed.length,
        codes: count(failed, (a) => a.code ?? a.outcome),
        errorsByOp: count(failed, (a) => a.op),
        p50Ms: percentile(inWindow.map(latency), 50),
        p99Ms: percentile(inWindow.map(latency), 99),
        ...(f.kind === 'kill-gateway' ? { otherGateways: otherGateways(inWindow, Number(f.target.split('#')[1])) } : {}),
        ...(failed.length > 0 ? { lastErrorAfterMs: Math.max(...failed.map((a) => a.start)) - f.at } : {}),
        perSecond: Array.from({ length: Math.ceil(faultWindowMs(meta.mode) / 1000) }, (_, second) => {
          const started = inWindow.filter((a) => Math.floor((a.start - f.at) / 1000) === second);
          const failed = started.filter((a) => a.outcome !== 'data');
          return { errors: failed.length, requests: started.length, codes: count(failed, (a) => a.code ?? a.outcome) };
        }),
      };
    });
  const byCheck: RunSummary['violations'] = {};
  for (const name of CHECK_NAMES) {
    const mine = violations.filter((v) => v.check === name);
    byCheck[name] = { count: mine.length, examples: mine.slice(0, 5).map((v) => v.message) };
  }
  return {
    seed: meta.seed,
    mode: meta.mode,
    settings: meta.settings,
    startedAt: meta.startedAt,
    durations: meta.durations,
    requests: {
      total: attempts.length,
      byOutcome: count(attempts, (a) => a.outcome),
      byCode: count(attempts.filter((a) => a.outcome !== 'data'), (a) => a.code ?? a.outcome),
      p50Ms: percentile(lat, 50),
      p99Ms: percentile(lat, 99),
      maxMs: lat.length ? Math.max(...lat) : 0,
      perSecond: Math.round((attempts.length / Math.max(1, meta.loadMs)) * 10_000) / 10,
    },
    writes,
    reads: count(history.reads, (r) => r.verdict),
    events: meta.events,
    faults,
    violations: byCheck,
    totalViolations: violations.length,
    startFailures: meta.startFailures,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

const fmtCodes = (codes: Record<string, number>) =>
  Object.entries(codes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '-';

/** The table printed at the end of a run. */
export function textReport(s: RunSummary): string {
  const lines: string[] = [];
  lines.push(`chaos ${s.mode} run, seed ${s.seed}: ${s.requests.total} requests (${s.requests.perSecond}/s), p50 ${s.requests.p50Ms.toFixed(0)} ms, p99 ${s.requests.p99Ms.toFixed(0)} ms, max ${s.requests.maxMs.toFixed(0)} ms`);
  lines.push(`outcomes: ${fmtCodes(s.requests.byOutcome)}; errors: ${fmtCodes(s.requests.byCode)}`);
  lines.push('');
  lines.push(table([['write', 'acked', 'rejected', 'unknown'], ...Object.entries(s.writes).map(([op, c]) => [op, String(c.acked ?? 0), String(c.rejected ?? 0), String(c.unknown ?? 0)])]));
  lines.push(`read-your-writes reads: ${fmtCodes(s.reads)}; domain events read back: ${s.events}`);
  lines.push('');
  lines.push(
    table([
      ['t (s)', 'fault', 'back after', `requests in ${faultWindowMs(s.mode) / 1000} s`, 'errors', 'via other gateways', 'last error', 'p50', 'p99', 'error codes'],
      ...s.faults.map((f) => [
        (f.at / 1000).toFixed(1),
        f.fault + (f.skipped ? ` (skipped: ${f.skipped})` : ''),
        f.recoveredAfterMs !== undefined ? `${(f.recoveredAfterMs / 1000).toFixed(1)} s` : '-',
        String(f.requests),
        String(f.errors),
        f.otherGateways ? `${f.otherGateways.errors} of ${f.otherGateways.requests}` : '-',
        f.lastErrorAfterMs !== undefined ? `+${(f.lastErrorAfterMs / 1000).toFixed(1)} s` : '-',
        `${f.p50Ms.toFixed(0)} ms`,
        `${f.p99Ms.toFixed(0)} ms`,
        fmtCodes(f.codes),
      ]),
    ]),
  );
  if (isSingleFault(s.mode))
    for (const f of s.faults) {
      lines.push(`errors/requests per second after ${f.fault}: ${f.perSecond.map((p) => `${p.errors}/${p.requests}`).join(' ')}`);
      lines.push(...f.perSecond.flatMap((p, second) => (p.errors > 0 ? [`  +${second} s: ${fmtCodes(p.codes)}`] : [])));
    }
  lines.push('');
  lines.push(table([['check', 'violations', 'first example'], ...Object.entries(s.violations).map(([name, v]) => [name, String(v.count), v.examples[0] ?? ''])]));
  lines.push('');
  for (const f of s.startFailures) lines.push(`WARNING a process failed to start and was started again: ${f.split('\n')[0]}`);
  lines.push(s.totalViolations === 0 ? 'PASS: no violations' : `FAIL: ${s.totalViolations} violations`);
  return lines.join('\n');
}

export function markdownReport(s: RunSummary): string {
  const md: string[] = [];
  md.push(`# Chaos run ${s.startedAt} (${s.mode}, seed ${s.seed})`, '');
  md.push(`Replay: \`npm run chaos -- ${s.mode === 'full' ? '' : `--${s.mode} `}--seed ${s.seed}\`. Result: **${s.totalViolations === 0 ? 'no violations' : `${s.totalViolations} violations`}**.`, '');
  md.push('## Settings', '', '```json', JSON.stringify(s.settings, null, 2), '```', '');
  md.push('## Phases (s)', '', Object.entries(s.durations).map(([k, v]) => `- ${k}: ${(v / 1000).toFixed(1)}`).join('\n'), '');
  md.push('## Requests', '');
  md.push(`${s.requests.total} requests (${s.requests.perSecond}/s); latency p50 ${s.requests.p50Ms.toFixed(0)} ms, p99 ${s.requests.p99Ms.toFixed(0)} ms, max ${s.requests.maxMs.toFixed(0)} ms.`, '');
  md.push(`Outcomes: ${fmtCodes(s.requests.byOutcome)}. Error codes: ${fmtCodes(s.requests.byCode)}.`, '');
  md.push('| write | acked | rejected | unknown |', '| --- | --- | --- | --- |');
  for (const [op, c] of Object.entries(s.writes)) md.push(`| ${op} | ${c.acked ?? 0} | ${c.rejected ?? 0} | ${c.unknown ?? 0} |`);
  md.push('', `Read-your-writes reads: ${fmtCodes(s.reads)}. Domain events read back from the topics: ${s.events}.`, '');
  md.push(`## Faults (requests started in the ${faultWindowMs(s.mode) / 1000} s after each)`, '');
  md.push('t: seconds since the load began; via other gateways: for a killed gateway, the requests of the window that went to the others, and how many got no data; last error: when the last request of the window that got no data started, after the fault.', '');
  md.push('| t (s) | fault | back after | requests | errors | via other gateways | last error | p50 | p99 | error codes |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of s.faults)
    md.push(`| ${(f.at / 1000).toFixed(1)} | ${f.fault}${f.skipped ? ` (skipped: ${f.skipped})` : ''} | ${f.recoveredAfterMs !== undefined ? `${(f.recoveredAfterMs / 1000).toFixed(1)} s` : '-'} | ${f.requests} | ${f.errors} | ${f.otherGateways ? `${f.otherGateways.errors} of ${f.otherGateways.requests}` : '-'} | ${f.lastErrorAfterMs !== undefined ? `+${(f.lastErrorAfterMs / 1000).toFixed(1)} s` : '-'} | ${f.p50Ms.toFixed(0)} ms | ${f.p99Ms.toFixed(0)} ms | ${fmtCodes(f.codes)} |`);
  md.push('', '## Checks', '', '| check | violations |', '| --- | --- |');
  for (const [name, v] of Object.entries(s.violations)) md.push(`| ${name} | ${v.count} |`);
  for (const [name, v] of Object.entries(s.violations)) if (v.count > 0) md.push('', `### ${name}`, '', ...v.examples.map((e) => `- ${e}`));
  if (s.startFailures.length > 0) md.push('', '## Failed process starts (started again)', '', ...s.startFailures.map((f) => `- ${f.split('\n').slice(0, 3).join(' ').slice(0, 600)}`));
  return md.join('\n') + '\n';
}

/** Writes `bench/results/chaos-<stamp>.json` and `.md`; returns their paths. */
export function writeReports(s: RunSummary, dir: string): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = s.startedAt.replace(/[:.]/g, '-').replace(/Z$/, '');
  const json = path.join(dir, `chaos-${stamp}.json`);
  const md = path.join(dir, `chaos-${stamp}.md`);
  fs.writeFileSync(json, JSON.stringify(s, null, 2) + '\n');
  fs.writeFileSync(md, markdownReport(s));
  return { json, md };
}
