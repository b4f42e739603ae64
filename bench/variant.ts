/**
 * `npm run bench:variant -- --env=NAME=value`: the Kafka path as it is against the same system with one
 * environment change, side by side in one run. Not a test.
 *
 *   npm run bench:variant -- --env=PUCHI_KAFKAJS_PATCHES=off [--rounds=2] [--phase-ms=8000] [--rates=50,200] [--scenarios=a] [--closed=32]
 *   npm run bench:variant -- '--env=READ_SINGLE_FLIGHT=false&ENTITY_CACHE=false' --scenarios=b --rates=50 --closed=32
 *
 * `--base=<git revision>` compares this checkout with another revision instead (`bench/e2e/revision.ts`: a worktree
 * on the same node_modules): the "variant" column is that revision, same environment. `--at=<git revision>` runs
 * the "as is" column from a revision too (default: this working tree, uncommitted changes included).
 * `--env` may change several variables, joined by `&`. `--closed=N` adds a closed loop of N connections per
 * scenario (throughput, and the gateway's CPU per query); `--rates=` (empty) leaves out the fixed rates; `--users=N`
 * learners are registered on top of the 5 seeded ones (default 20, as `npm run bench`). The
 * gateway's shared-read figures (single-flight, entity cache) are read from its `/metrics` after each scenario.
 *
 * Each round starts both systems in turn (as is, then the variant; fresh stores each time), and per system
 * measures its idle CPU (10 s, no load) and each scenario at each fixed rate. Rounds alternate so drift on a
 * noisy machine hits both; the table gives the median over rounds and the ratio variant / as is.
 * Environment: KAFKA_BROKERS (else the launcher's broker, started if needed). See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBroker } from './e2e/broker';
import { prepareRevision } from './e2e/revision';
import { fixturesWithLearners } from './e2e/fixtures';
import { startKafkaPath } from './e2e/kafka-path';
import { runClosedLoop, runFixedRate } from './e2e/load';
import { REPO_ROOT, sleep, stopProc, type Proc } from './e2e/processes';
import { measure } from './e2e/resources';
import { scenarios, smokeTest, type ScenarioId } from './e2e/scenarios';

const args = new Map(
  process.argv.slice(2).map((a): [string, string] => {
    const [name = '', ...value] = a.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const VARIANT_ENV = args.get('env') ?? '';
const VARIANT_TITLE = args.has('base') ? `${args.get('base')}${VARIANT_ENV ? ` with ${VARIANT_ENV}` : ''}` : VARIANT_ENV;
const VARIANT_VARS: [string, string][] = VARIANT_ENV.split('&')
  .filter(Boolean)
  .map((pair) => {
    const [name = '', ...value] = pair.split('=');
    return [name, value.join('=')];
  });
const ROUNDS = Number(args.get('rounds') || 2);
const PHASE_MS = Number(args.get('phase-ms') || 8000);
const IDLE_MS = 10_000;
const RATES = (args.get('rates') ?? '50,200').split(',').filter(Boolean).map(Number);
/** A git revision to compare this checkout with (instead of an environment change). */
const BASE = args.get('base');
const AT = args.get('at');
/** Connections of a closed loop per scenario; 0: none. */
const CLOSED = Number(args.get('closed') || 0);
const SCENARIOS = (args.get('scenarios') || 'a').split(',') as ScenarioId[];
/** Learners registered on top of the 5 seeded ones, as `npm run bench` does. */
const EXTRA_USERS = Number(args.get('users') ?? 20);

const say = (line: string) => console.log(`[bench:variant] ${line}`);
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-variant-'));
const started: Proc[] = [];

type Label = 'as is' | 'variant';
interface Sample {
  label: Label;
  round: number;
  /** Summed CPU of gateway, services and broker with no load, % of one core. */
  idleCpuPct: number;
  phases: Phase[];
}

/** `rate` 0: the closed loop. */
interface Phase {
  scenario: ScenarioId;
  rate: number;
  qps: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  /** Gateway + services + broker. */
  cpuPct: number;
  /** The gateway's CPU time per answered query, ms. */
  gatewayCpuMsPerQuery: number;
  /** Shared-read counters over the phase, from the gateway's `/metrics`. */
  reads: SharedReadFigures;
}

interface SharedReadFigures {
  hitRatio: number | null;
  joined: number;
  flights: number;
  cacheEntries: number;
  cacheMb: number;
  evictionDelayP99Ms: number;
}

/** The shared-read gauges of the gateway's `/metrics` (gateway/src/metrics/shared-read-gauges.ts). */
async function sharedReadGauges(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^(puchi_(?:read_flights|entity_cache)_[a-z0-9_]+) ([0-9.e+-]+)$/.exec(line);
    if (match) values[match[1]!] = Number(match[2]);
  }
  return values;
}

function sharedReadDelta(before: Record<string, number>, after: Record<string, number>): SharedReadFigures {
  const d = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  const hits = d('puchi_entity_cache_hits');
  const lookups = hits + d('puchi_entity_cache_misses');
  return {
    hitRatio: lookups > 0 ? hits / lookups : null,
    joined: d('puchi_read_flights_joined'),
    flights: d('puchi_read_flights_started'),
    cacheEntries: after.puchi_entity_cache_entries ?? 0,
    cacheMb: (after.puchi_entity_cache_bytes ?? 0) / 1e6,
    evictionDelayP99Ms: after.puchi_entity_cache_eviction_delay_p99_ms ?? 0,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function runOne(label: Label, round: number, env: NodeJS.ProcessEnv, broker: Proc | undefined, root?: string): Promise<Sample> {
  const system = await startKafkaPath({ env, root, workDir: WORK_DIR, storeFolder: `stores-${round}-${label === 'as is' ? 'base' : 'variant'}`, logPrefix: `${round}-${label === 'as is' ? 'base' : 'variant'}-`, onStarted: (p) => started.push(p) });
  try {
    const procs = [system.gateway, ...system.services, ...(broker ? [broker] : [])];
    const list = scenarios(await fixturesWithLearners(system.url, EXTRA_USERS, `variant-${round}-${label === 'as is' ? 'base' : 'variant'}-${Date.now().toString(36)}`)).filter((s) => SCENARIOS.includes(s.id));
    await smokeTest(system.url, list);
    await sleep(2000); // the seed's reactions settle
    const idle = measure(procs);
    await sleep(IDLE_MS);
    const idleUsage = idle.stop();
    const sum = (usage: ReturnType<ReturnType<typeof measure>['stop']>) =>
      Object.entries(usage.procs).filter(([name]) => name !== 'bench').reduce((a, [, u]) => a + (Number.isFinite(u.cpuPct) ? u.cpuPct : 0), 0);
    const sample: Sample = { label, round, idleCpuPct: sum(idleUsage), phases: [] };
    for (const scenario of list) {
      await runClosedLoop(system.url, 8, 1500, scenario.requests()); // warm-up, not reported
      for (const rate of [...RATES, ...(CLOSED > 0 ? [0] : [])]) {
        await sleep(500);
        const gauges = await sharedReadGauges(system.url);
        const meter = measure(procs);
        const result = rate > 0 ? await runFixedRate(system.url, rate, PHASE_MS, scenario.requests()) : await runClosedLoop(system.url, CLOSED, PHASE_MS, scenario.requests());
        const usage = meter.stop();
        const reads = sharedReadDelta(gauges, await sharedReadGauges(system.url));
        const l = result.latencyMs;
        const gatewayCpuMsPerQuery = ((usage.procs.gateway?.cpuPct ?? 0) / 100) * result.durationS * 1000 / Math.max(1, result.responses);
        sample.phases.push({ scenario: scenario.id, rate, qps: result.qps, p50: l.p50, p90: l.p90, p99: l.p99, errors: result.errors.total, cpuPct: sum(usage), gatewayCpuMsPerQuery, reads });
        const load = rate > 0 ? `${String(rate).padStart(4)}/s` : `closed ×${CLOSED}`;
        const hit = reads.hitRatio === null ? '' : `  hit ratio ${(reads.hitRatio * 100).toFixed(1)} %`;
        say(`round ${round} ${label.padEnd(7)} ${scenario.id} ${load}  ${result.qps.toFixed(0)} q/s  p50 ${l.p50.toFixed(2)}  p99 ${l.p99.toFixed(2)} ms  errors ${result.errors.total}  gateway ${gatewayCpuMsPerQuery.toFixed(2)} ms CPU/query${hit}  joined ${reads.joined}`);
      }
    }
    say(`round ${round} ${label.padEnd(7)} idle CPU ${sample.idleCpuPct.toFixed(1)} % of a core (gateway + services + broker)`);
    return sample;
  } finally {
    await system.stop();
  }
}

function table(samples: Sample[]): string {
  const f = (n: number, d = 2) => n.toFixed(d);
  const of = (label: Label) => samples.filter((s) => s.label === label);
  const rows: string[][] = [['measure', 'as is', VARIANT_TITLE, 'variant / as is']];
  const idle = (label: Label) => median(of(label).map((s) => s.idleCpuPct));
  rows.push(['idle CPU, % of a core', f(idle('as is'), 1), f(idle('variant'), 1), f(idle('variant') / idle('as is'))]);
  const names: Record<string, string> = { qps: 'q/s', p50: 'p50 ms', p90: 'p90 ms', p99: 'p99 ms', cpuPct: 'CPU, % of a core', gatewayCpuMsPerQuery: 'gateway CPU ms/query', errors: 'errors' };
  for (const scenario of SCENARIOS) {
    for (const rate of [...RATES, ...(CLOSED > 0 ? [0] : [])]) {
      const phases = (label: Label) => of(label).flatMap((s) => s.phases.filter((p) => p.scenario === scenario && p.rate === rate));
      const load = rate > 0 ? `${rate}/s` : `closed ×${CLOSED}`;
      for (const key of ['qps', 'p50', 'p90', 'p99', 'errors', 'cpuPct', 'gatewayCpuMsPerQuery'] as const) {
        if (key === 'qps' && rate > 0) continue;
        const value = (label: Label) => median(phases(label).map((p) => p[key]));
        rows.push([`${scenario} ${load}: ${names[key]}`, f(value('as is')), f(value('variant')), value('as is') === 0 ? '' : f(value('variant') / value('as is'))]);
      }
      const readRow = (name: string, read: (r: SharedReadFigures) => number | null, digits = 2) => {
        const value = (label: Label) => {
          const xs = phases(label).map((p) => read(p.reads)).filter((x): x is number => x !== null);
          return xs.length ? f(median(xs), digits) : '–';
        };
        rows.push([`${scenario} ${load}: ${name}`, value('as is'), value('variant'), '']);
      };
      readRow('cache hit ratio', (r) => r.hitRatio, 3);
      readRow('reads joining a flight', (r) => r.joined, 0);
      readRow('cache entries', (r) => r.cacheEntries, 0);
      readRow('cache MB', (r) => r.cacheMb, 2);
      readRow('eviction delay p99 ms', (r) => r.evictionDelayP99Ms, 1);
    }
  }
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(rows[0]!), line(rows[0]!.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  if ((!BASE && VARIANT_VARS.length === 0) || VARIANT_VARS.some(([name]) => !name)) throw new Error('give the variant as --env=NAME=value[&NAME=value…] (for example --env=PUCHI_KAFKAJS_PATCHES=off) or --base=<git revision>');
  const revision = BASE ? prepareRevision(BASE) : undefined;
  if (revision) say(`the variant is ${BASE} (${revision.commit.slice(0, 7)}), checked out in ${revision.root}`);
  const current = AT ? prepareRevision(AT) : undefined;
  if (current) say(`"as is" is ${AT} (${current.commit.slice(0, 7)}), checked out in ${current.root}`);
  const kafka = await useBroker(say);
  const broker = kafka.proc;
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
  for (const [name] of VARIANT_VARS) delete base[name];
  const variant: NodeJS.ProcessEnv = { ...base, ...Object.fromEntries(VARIANT_VARS) };
  const samples: Sample[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate who goes first, so warming of the broker and the page cache favours neither.
      const order: [Label, NodeJS.ProcessEnv][] = round % 2 ? [['as is', base], ['variant', variant]] : [['variant', variant], ['as is', base]];
      for (const [label, env] of order) samples.push(await runOne(label, round, env, broker, label === 'variant' ? revision?.root : current?.root));
    }
  } finally {
    revision?.remove();
    current?.remove();
    await Promise.all(started.map((p) => stopProc(p)));
    await kafka.stop();
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const md = `# bench:variant ${VARIANT_TITLE}, ${stamp}\n\n${ROUNDS} rounds, ${PHASE_MS / 1000} s phases${CLOSED ? `, closed loops of ${CLOSED} connections` : ''}, medians over rounds; idle CPU and CPU are gateway + 8 services${broker ? ' + broker' : ''}.\n\n${table(samples)}\n`;
  const out = path.join(REPO_ROOT, 'bench', 'results', `variant-${stamp}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.json`, JSON.stringify({ env: VARIANT_ENV, ...(BASE ? { base: BASE } : {}), rounds: ROUNDS, phaseMs: PHASE_MS, rates: RATES, closed: CLOSED, samples }, null, 2) + '\n');
  fs.writeFileSync(`${out}.md`, md);
  console.log('\n' + md);
  say(`results: ${path.relative(REPO_ROOT, out)}.json, .md`);
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
}

main().catch(async (error: unknown) => {
  console.error(`[bench:variant] ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[bench:variant] logs kept in ${path.join(WORK_DIR, 'logs')}`);
  await Promise.all(started.map((p) => stopProc(p))).catch(() => undefined);
  process.exit(1);
});
