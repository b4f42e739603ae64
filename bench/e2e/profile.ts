import fs from 'node:fs';
import path from 'node:path';

/** Where a process's CPU went, from a V8 `.cpuprofile` (`node --cpu-prof`). */
export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Functions with the most self time. */
  top: { fn: string; where: string; selfMs: number; pct: number }[];
  /** Self time per package (node_modules/<name>), our code per folder, `node:` internals, GC and idle. */
  byArea: { area: string; selfMs: number; pct: number }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function areaOf(url: string, fn: string): string {
  if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') return fn;
  if (!url) return '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /\/(kafka|gateway|subgraphs\/[^/]+|bench|scripts|schema)\/src\//.exec(url);
  return ours ? `puchi ${ours[1]}` : path.basename(url);
}

export function summarizeProfile(file: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFn = new Map<string, { fn: string; where: string; us: number }>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    const area = areaOf(url, fn);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    if (fn === '(idle)') continue;
    total += us;
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${lineNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const entry = byFn.get(key) ?? { fn, where, us: 0 };
    entry.us += us;
    byFn.set(key, entry);
  }
  const pct = (us: number) => Math.round((us / Math.max(1, total)) * 1000) / 10;
  return {
    file,
    totalMs: Math.round(total / 1000),
    top: [...byFn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((e) => ({ fn: e.fn, where: e.where, selfMs: Math.round(e.us / 1000), pct: pct(e.us) })),
    byArea: [...byArea.entries()]
      .filter(([area]) => area !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN)
      .map(([area, us]) => ({ area, selfMs: Math.round(us / 1000), pct: pct(us) })),
  };
}

/** One summary per process folder in `dir`: its main thread's profile (the largest; loader threads write small ones). */
export function summarizeProfiles(dir: string): ProfileSummary[] {
  if (!fs.existsSync(dir)) return [];
  const summaries: ProfileSummary[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const folder = path.join(dir, name);
    if (!fs.statSync(folder).isDirectory()) continue;
    const files = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(folder, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    if (files[0]) summaries.push({ ...summarizeProfile(files[0]), file: name });
  }
  return summaries;
}
