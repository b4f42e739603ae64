import type { LoadResult } from './load';
import type { ProfileSummary } from './profile';
import type { PhaseUsage } from './resources';
import type { ScenarioId } from './scenarios';

export type SystemId = 'kafka' | 'http';

export interface PhaseRecord {
  system: SystemId;
  scenario: ScenarioId;
  result: LoadResult;
  usage: PhaseUsage;
}

export interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

export interface BenchReport {
  startedAt: string;
  quick: boolean;
  phaseMs: number;
  connections: number;
  machine: Record<string, string | number>;
  setup: Record<string, unknown>;
  scenarios: { id: ScenarioId; name: string }[];
  phases: PhaseRecord[];
  ratios: Ratio[];
  goals: Goal[];
  profiles: ProfileSummary[];
  chart: { svg: string; png?: string; note?: string };
}

export interface Ratio {
  scenario: ScenarioId;
  /** Closed-loop queries/s, Kafka / HTTP (≥ 1: the Kafka path is as fast). */
  throughput: number | null;
  /** p50 and p99 at the lowest fixed rate, Kafka / HTTP (≤ 1: the Kafka path answers as fast). */
  p50AtLowRate: number | null;
  p99AtLowRate: number | null;
}

export const SERVICE_NAMES = ['user', 'lesson', 'progress', 'media', 'notification', 'vocabulary', 'quiz', 'analytics'];

const f1 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(1));
const f2 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(2));
const f0 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : Math.round(v).toString());

const modeLabel = (r: LoadResult) => (r.mode === 'rate' ? `${r.targetRate}/s` : `closed ×${r.connections}`);

function sumOf(usage: PhaseUsage, names: readonly string[], key: 'cpuPct' | 'rssMb'): number {
  return names.reduce((a, n) => a + (Number.isFinite(usage.procs[n]?.[key]) ? usage.procs[n]![key] : 0), 0);
}

export function ratios(phases: readonly PhaseRecord[], ids: readonly ScenarioId[]): Ratio[] {
  return ids.map((scenario) => {
    const of = (system: SystemId) => phases.filter((p) => p.system === system && p.scenario === scenario);
    const closed = (s: SystemId) => of(s).find((p) => p.result.mode === 'closed')?.result;
    const low = (s: SystemId) =>
      of(s)
        .filter((p) => p.result.mode === 'rate')
        .sort((a, b) => a.result.targetRate! - b.result.targetRate!)[0]?.result;
    const div = (a?: number, b?: number) => (a !== undefined && b !== undefined && b > 0 ? a / b : null);
    return {
      scenario,
      throughput: div(closed('kafka')?.qps, closed('http')?.qps),
      p50AtLowRate: div(low('kafka')?.latencyMs.p50, low('http')?.latencyMs.p50),
      p99AtLowRate: div(low('kafka')?.latencyMs.p99, low('http')?.latencyMs.p99),
    };
  });
}

/** The issue's goals, judged on the Kafka path's figures. */
export function goals(phases: readonly PhaseRecord[], r: readonly Ratio[]): Goal[] {
  const kafkaA = phases.filter((p) => p.system === 'kafka' && p.scenario === 'a');
  const at50 = kafkaA.find((p) => p.result.mode === 'rate' && p.result.targetRate === 50)?.result;
  const closed = kafkaA.find((p) => p.result.mode === 'closed')?.result;
  const b = r.find((x) => x.scenario === 'b');
  return [
    {
      goal: 'a: p50 ≤ 3 ms and p99 ≤ 10 ms at 50 q/s',
      measured: at50 ? `p50 ${f2(at50.latencyMs.p50)} ms, p99 ${f2(at50.latencyMs.p99)} ms` : 'not run',
      met: at50 ? at50.latencyMs.p50 <= 3 && at50.latencyMs.p99 <= 10 && at50.errors.total === 0 : null,
    },
    {
      goal: 'a: ≥ 1,000 q/s closed loop with p99 ≤ 50 ms',
      measured: closed ? `${f0(closed.qps)} q/s, p99 ${f1(closed.latencyMs.p99)} ms (${closed.connections} connections)` : 'not run',
      met: closed ? closed.qps >= 1000 && closed.latencyMs.p99 <= 50 && closed.errors.total === 0 : null,
    },
    {
      goal: 'b: throughput Kafka / HTTP ≥ 1.0',
      measured: b?.throughput !== null && b?.throughput !== undefined ? f2(b.throughput) : 'not run',
      met: b?.throughput !== null && b?.throughput !== undefined ? b.throughput >= 1 : null,
    },
  ];
}

export function markdown(report: BenchReport): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(`# End-to-end benchmark: ${report.startedAt}${report.quick ? ' (quick)' : ''}`);
  lines.push('');
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, load average at start ${m.loadAverage}. Phases of ${report.phaseMs / 1000} s; closed loop with ${report.connections} connections.`);
  lines.push(`Broker: ${String(report.setup.brokers)} (${String(report.setup.brokerSource)}). Learners rotated: ${String(report.setup.learners)}; lessons: ${String(report.setup.lessons)}.`);
  lines.push('');
  lines.push('CPU is % of one core over the phase (the machine has ' + String(m.cores) + '); RSS is the peak. "services" sums the 8 domain processes (Kafka consumers on the Kafka path, HTTP subgraph servers in the baseline). "others" is machine CPU used by processes not in this benchmark (noise).');
  lines.push('');
  lines.push('| system | scenario | load | q/s | p50 ms | p90 ms | p99 ms | errors | Kafka req/query | CPU gateway | CPU services | CPU broker | CPU bench | CPU others | RSS gateway MB | RSS services MB | RSS broker MB |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const p of report.phases) {
    const r = p.result;
    const u = p.usage;
    lines.push(
      `| ${p.system} | ${p.scenario} | ${modeLabel(r)} | ${f0(r.qps)} | ${f2(r.latencyMs.p50)} | ${f2(r.latencyMs.p90)} | ${f2(r.latencyMs.p99)} | ${r.errors.total} | ${f2(r.kafkaRequestsPerQuery)} | ${f0(u.procs.gateway?.cpuPct)} | ${f0(sumOf(u, SERVICE_NAMES, 'cpuPct'))} | ${f0(u.procs.broker?.cpuPct)} | ${f0(u.procs.bench?.cpuPct)} | ${f0(u.machine.othersPct)} | ${f0(u.procs.gateway?.rssMb)} | ${f0(sumOf(u, SERVICE_NAMES, 'rssMb'))} | ${f0(u.procs.broker?.rssMb)} |`,
    );
  }
  lines.push('');
  lines.push('## Kafka / HTTP');
  lines.push('');
  lines.push('| scenario | throughput (closed loop) | p50 at lowest rate | p99 at lowest rate |');
  lines.push('| --- | ---: | ---: | ---: |');
  for (const r of report.ratios) lines.push(`| ${r.scenario} | ${f2(r.throughput)} | ${f2(r.p50AtLowRate)} | ${f2(r.p99AtLowRate)} |`);
  lines.push('');
  lines.push('## Goals (issue 6, Kafka path)');
  lines.push('');
  lines.push('| goal | measured | met |');
  lines.push('| --- | --- | --- |');
  for (const g of report.goals) lines.push(`| ${g.goal} | ${g.measured} | ${g.met === null ? 'not run' : g.met ? 'yes' : 'no'} |`);
  const closedPhases = report.phases.filter((p) => p.result.mode === 'closed');
  if (closedPhases.length > 0) {
    lines.push('');
    lines.push('## Per process in the closed loop (CPU % of one core / peak RSS MB)');
    lines.push('');
    const names = ['gateway', ...SERVICE_NAMES, 'broker'];
    lines.push(`| system | scenario | ${names.join(' | ')} |`);
    lines.push(`| --- | --- | ${names.map(() => '---:').join(' | ')} |`);
    for (const p of closedPhases) lines.push(`| ${p.system} | ${p.scenario} | ${names.map((n) => `${f0(p.usage.procs[n]?.cpuPct)} / ${f0(p.usage.procs[n]?.rssMb)}`).join(' | ')} |`);
  }
  const errored = report.phases.filter((p) => p.result.errors.total > 0);
  if (errored.length > 0) {
    lines.push('');
    lines.push('## Errors seen');
    for (const p of errored) lines.push(`- ${p.system} ${p.scenario} ${modeLabel(p.result)}: ${JSON.stringify(p.result.errors)}${p.result.errorSamples[0] ? ` e.g. \`${p.result.errorSamples[0].replace(/`/g, "'")}\`` : ''}`);
  }
  for (const prof of report.profiles) {
    lines.push('');
    lines.push(`## CPU profile: ${prof.file} (${prof.totalMs} ms on CPU)`);
    lines.push('');
    lines.push('| area | self ms | % |');
    lines.push('| --- | ---: | ---: |');
    for (const a of prof.byArea.slice(0, 10)) lines.push(`| ${a.area} | ${a.selfMs} | ${a.pct} |`);
    lines.push('');
    lines.push('| function | where | self ms | % |');
    lines.push('| --- | --- | ---: | ---: |');
    for (const t of prof.top.slice(0, 12)) lines.push(`| ${t.fn} | ${t.where} | ${t.selfMs} | ${t.pct} |`);
  }
  lines.push('');
  lines.push(`Chart: ${report.chart.png ?? report.chart.svg}${report.chart.note ? ` (${report.chart.note})` : ''}`);
  return lines.join('\n') + '\n';
}
