import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Proc } from './processes';

/** CPU and memory of one process over a phase. */
export interface ProcUsage {
  /** CPU time over wall time, in % of one core (200 % = both cores of a 2-core machine). */
  cpuPct: number;
  /** Highest resident set size seen during the phase (sampled every 250 ms), MB. */
  rssMb: number;
}

export interface PhaseUsage {
  procs: Record<string, ProcUsage>;
  /** The whole machine's busy CPU, % of one core, and what of it was not ours (other people's work: noise). */
  machine: { busyPct: number; othersPct: number; cores: number };
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Busy and total jiffies of the machine (first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const cols = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cols.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (cols[3] ?? 0) + (cols[4] ?? 0);
  return { busy: total - idle, total };
}

/** Starts measuring `procs` (and this process, as `bench`); `stop()` returns the phase's usage. */
export function measure(procs: readonly Proc[]): { stop(): PhaseUsage } {
  const all = [...procs, { name: 'bench', pid: process.pid }];
  const startedAt = process.hrtime.bigint();
  const startTicks = new Map(all.map((p) => [p.name, cpuTicks(p.pid)]));
  const machineStart = machineTicks();
  const peak = new Map<string, number>();
  const sample = () => {
    for (const p of all) {
      const rss = rssMb(p.pid);
      if (rss !== undefined) peak.set(p.name, Math.max(peak.get(p.name) ?? 0, rss));
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const procsUsage: Record<string, ProcUsage> = {};
      let ours = 0;
      for (const p of all) {
        const before = startTicks.get(p.name);
        const after = cpuTicks(p.pid);
        const cpuPct = before === undefined || after === undefined ? NaN : ((after - before) / TICKS_PER_SECOND / seconds) * 100;
        if (Number.isFinite(cpuPct)) ours += cpuPct;
        procsUsage[p.name] = { cpuPct, rssMb: peak.get(p.name) ?? NaN };
      }
      const machineEnd = machineTicks();
      const cores = navigatorCores();
      const busyPct = ((machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total)) * 100 * cores;
      return { procs: procsUsage, machine: { busyPct, othersPct: Math.max(0, busyPct - ours), cores } };
    },
  };
}

function navigatorCores(): number {
  const text = fs.readFileSync('/proc/stat', 'utf8');
  return text.split('\n').filter((l) => /^cpu\d+ /.test(l)).length || 1;
}
