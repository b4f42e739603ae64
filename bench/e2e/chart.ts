import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { PhaseRecord, SystemId } from './report';
import type { Scenario } from './scenarios';

const COLORS: Record<SystemId, string> = { kafka: '#1f5fbf', http: '#e07b00' };
const LABELS: Record<SystemId, string> = { kafka: 'Kafka path', http: 'HTTP baseline' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * One panel per scenario: p50 (solid) and p99 (dashed) latency on a log scale at each fixed rate and in the
 * closed loop, both systems, with the closed loop's queries/s under the panel.
 */
export function latencySvg(phases: readonly PhaseRecord[], list: readonly Pick<Scenario, 'id' | 'name'>[], title: string): string {
  const panelW = 360;
  const panelH = 300;
  const margin = { left: 60, top: 70, right: 20, bottom: 90 };
  const width = margin.left + list.length * (panelW + 30) + margin.right;
  const height = margin.top + panelH + margin.bottom + 40;
  const modes = [...new Set(phases.filter((p) => p.result.mode === 'rate').map((p) => p.result.targetRate!))].sort((a, b) => a - b);
  const xLabels = [...modes.map((r) => `${r}/s`), 'closed loop'];
  const values = phases.flatMap((p) => [p.result.latencyMs.p50, p.result.latencyMs.p99]).filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.max(0.1, Math.min(...values, 1)))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 10))));
  const y = (v: number) => margin.top + panelH - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * panelH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`);
  // Legend.
  let lx = margin.left;
  for (const system of ['kafka', 'http'] as SystemId[]) {
    for (const [q, dash] of [['p50', ''], ['p99', '6,4']] as const) {
      out.push(`<line x1="${lx}" y1="46" x2="${lx + 28}" y2="46" stroke="${COLORS[system]}" stroke-width="2.5" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`);
      out.push(`<text x="${lx + 34}" y="50">${LABELS[system]} ${q}</text>`);
      lx += 165;
    }
  }

  list.forEach((scenario, i) => {
    const x0 = margin.left + i * (panelW + 30);
    const x = (k: number) => x0 + 30 + (k * (panelW - 60)) / Math.max(1, xLabels.length - 1);
    out.push(`<rect x="${x0}" y="${margin.top}" width="${panelW}" height="${panelH}" fill="#fafafa" stroke="#999"/>`);
    out.push(`<text x="${x0 + panelW / 2}" y="${margin.top - 6}" text-anchor="middle" font-weight="bold">${esc(`${scenario.id}. ${scenario.name}`.slice(0, 60))}</text>`);
    for (let d = lo; d <= hi; d *= 10) {
      for (const m of [1, 2, 5]) {
        const v = d * m;
        if (v > hi) break;
        out.push(`<line x1="${x0}" y1="${y(v)}" x2="${x0 + panelW}" y2="${y(v)}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
        if (i === 0 || m === 1) out.push(`<text x="${x0 - 4}" y="${y(v) + 4}" text-anchor="end" fill="#555">${v >= 1 ? v : v.toFixed(1)}</text>`);
      }
    }
    xLabels.forEach((label, k) => out.push(`<text x="${x(k)}" y="${margin.top + panelH + 16}" text-anchor="middle" fill="#333">${label}</text>`));
    const closed: string[] = [];
    for (const system of ['kafka', 'http'] as SystemId[]) {
      const mine = phases.filter((p) => p.system === system && p.scenario === scenario.id);
      if (mine.length === 0) continue;
      const at = (k: number) => (k < modes.length ? mine.find((p) => p.result.mode === 'rate' && p.result.targetRate === modes[k]) : mine.find((p) => p.result.mode === 'closed'));
      for (const [q, dash] of [['p50', ''], ['p99', '6,4']] as const) {
        const points = xLabels.map((_, k) => ({ k, v: at(k)?.result.latencyMs[q] })).filter((p): p is { k: number; v: number } => p.v !== undefined && Number.isFinite(p.v));
        out.push(`<polyline fill="none" stroke="${COLORS[system]}" stroke-width="2.5" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${points.map((p) => `${x(p.k)},${y(p.v)}`).join(' ')}"/>`);
        for (const p of points) out.push(`<circle cx="${x(p.k)}" cy="${y(p.v)}" r="3" fill="${COLORS[system]}"/>`);
      }
      const c = at(modes.length);
      if (c) closed.push(`${LABELS[system]}: ${Math.round(c.result.qps)} q/s (p99 ${c.result.latencyMs.p99.toFixed(1)} ms)`);
    }
    closed.forEach((line, k) => out.push(`<text x="${x0 + 4}" y="${margin.top + panelH + 40 + k * 16}" fill="#222">closed loop, ${esc(line)}</text>`));
  });
  out.push(`<text x="16" y="${margin.top + panelH / 2}" transform="rotate(-90 16 ${margin.top + panelH / 2})" text-anchor="middle">latency, ms (log scale)</text>`);
  out.push(`<text x="${width / 2}" y="${height - 12}" text-anchor="middle" fill="#555">fixed rates: open loop; closed loop: fixed connections, as fast as answered</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** Writes the SVG and, with `rsvg-convert` (apt: librsvg2-bin), the PNG; returns the PNG path or undefined. */
export function writeChart(svg: string, basePath: string): { svg: string; png?: string; note?: string } {
  const svgPath = `${basePath}.svg`;
  fs.writeFileSync(svgPath, svg);
  const pngPath = `${basePath}.png`;
  try {
    execFileSync('rsvg-convert', ['-o', pngPath, svgPath], { stdio: 'pipe' });
    return { svg: svgPath, png: pngPath };
  } catch (error) {
    return { svg: svgPath, note: `no PNG: rsvg-convert failed or is missing (apt-get install -y librsvg2-bin): ${(error as Error).message.split('\n')[0]}` };
  }
}
