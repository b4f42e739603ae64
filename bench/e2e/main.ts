/**
 * `npm run bench`: the gateway over Kafka against classic HTTP federation, same machine, same run. Not a test.
 *
 *   npm run bench [-- --quick] [-- --only=kafka|http] [-- --scenarios=a,b] [-- --connections=32] [-- --profile]
 *
 * Environment: KAFKA_BROKERS (else the launcher's broker, started if needed and stopped after), and
 * BENCH_GATEWAY_URL to load an already running Kafka-path gateway (`npm start`) instead of starting one; the
 * baseline then copies the stores from DATA_DIR / `.data`. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DOMAINS, type Domain } from '@puchi/domains';
import { storePath } from '@puchi/subgraph-kit';
import { useBroker } from './broker';
import { fixturesWithLearners } from './fixtures';
import { latencySvg, writeChart } from './chart';
import { runClosedLoop, runFixedRate, type LoadResult } from './load';
import { startGatewayProcess, startKafkaPath } from './kafka-path';
import { pidListeningOn, REPO_ROOT, sleep, spawnNode, stopProc, waitForIpcReady, type Proc } from './processes';
import { summarizeProfiles, type ProfileSummary } from './profile';
import { goals, markdown, ratios, type BenchReport, type PhaseRecord, type SystemId } from './report';
import { measure } from './resources';
import { scenarios, smokeTest, type Fixtures, type Scenario, type ScenarioId } from './scenarios';

const args = new Map(
  process.argv.slice(2).map((a): [string, string] => {
    const [name = '', ...value] = a.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const QUICK = args.has('quick');
const PHASE_MS = Number(args.get('phase-ms') || (QUICK ? 3000 : 10_000));
const WARMUP_MS = QUICK ? 1500 : 3000;
const RATES = [50, 200, 500];
const CONNECTIONS = Number(args.get('connections') || 32);
const EXTRA_USERS = Number(args.get('users') || 20);
const ONLY = args.get('only') as SystemId | undefined;
const SCENARIOS = (args.get('scenarios') || 'a,b,c').split(',') as ScenarioId[];
const PROFILE = args.has('profile');

const say = (line: string) => console.log(`[bench] ${line}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-bench-'));
const PROFILE_DIR = path.join(RESULTS_DIR, `${stamp}-profiles`);

/** A system under load: its gateway URL and the processes to measure. */
interface System {
  id: SystemId;
  url: string;
  procs: Proc[];
  /** Stops what this benchmark started for the system. */
  stop(): Promise<void>;
}

const started: Proc[] = [];
async function stopAll(): Promise<void> {
  await Promise.all(started.map((p) => stopProc(p)));
}

function nodeFlags(name: string): string[] {
  // One folder per process: the tsx loader's hooks thread writes its own profile next to the main thread's.
  return PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(PROFILE_DIR, name)}`] : [];
}

/** The Kafka path (bench/e2e/kafka-path.ts), or the running gateway named by BENCH_GATEWAY_URL. */
async function startKafkaSystem(broker: Proc | undefined, env: NodeJS.ProcessEnv): Promise<System> {
  if (process.env.BENCH_GATEWAY_URL) {
    const url = process.env.BENCH_GATEWAY_URL;
    const port = Number(new URL(url).port || 80);
    const pid = pidListeningOn(port);
    say(`using the running gateway at ${url}${pid ? ` (pid ${pid})` : ' (not local: no CPU figures for it)'}; its services are not measured`);
    return { id: 'kafka', url, procs: [...(pid ? [{ name: 'gateway', pid }] : []), ...(broker ? [broker] : [])], stop: async () => undefined };
  }
  const kafka = await startKafkaPath({ env, workDir: WORK_DIR, storeFolder: 'kafka-stores', logPrefix: '', nodeFlags, onStarted: (p) => started.push(p), log: say });
  say(`Kafka-path gateway on ${kafka.url}`);
  return { id: 'kafka', url: kafka.url, procs: [kafka.gateway, ...kafka.services, ...(broker ? [broker] : [])], stop: () => kafka.stop() };
}

/** The baseline: each domain's subgraph as a standalone HTTP server on its store copy, the gateway naming them. */
async function startHttpSystem(broker: Proc | undefined, env: NodeJS.ProcessEnv, storeDir: string): Promise<System> {
  say('starting the 8 HTTP subgraph servers (direct caller, no Kafka on the request path)');
  const subgraphs = DOMAINS.map((domain) => {
    const proc = spawnNode({
      name: domain,
      script: 'bench/e2e/direct-subgraph.ts',
      args: [domain, path.join(storeDir, `${domain}.sqlite`)],
      env,
      logFile: path.join(WORK_DIR, 'logs', `subgraph-${domain}.log`),
      nodeFlags: nodeFlags(`subgraph-${domain}`),
      ipc: true,
    });
    started.push(proc);
    return proc;
  });
  const urls = await Promise.all(subgraphs.map((s) => waitForIpcReady(s)));
  const subgraphEnv = Object.fromEntries(DOMAINS.map((d, i) => [`SUBGRAPH_${d.toUpperCase()}_URL`, urls[i]!]));
  const gateway = await startGatewayProcess({ env: { ...env, ...subgraphEnv }, workDir: WORK_DIR, logPrefix: '', name: 'gateway-http', nodeFlags, onStarted: (p) => started.push(p) });
  say(`HTTP-baseline gateway on ${gateway.url}`);
  return {
    id: 'http',
    url: gateway.url,
    procs: [gateway.proc, ...subgraphs, ...(broker ? [broker] : [])],
    stop: async () => {
      await stopProc(gateway.proc);
      await Promise.all(subgraphs.map((s) => stopProc(s)));
    },
  };
}


/** Consistent copies of the stores (SQLite's online backup, safe while the services write). */
async function copyStores(fromDir: string | undefined, toDir: string): Promise<void> {
  fs.mkdirSync(toDir, { recursive: true });
  for (const domain of DOMAINS as readonly Domain[]) {
    const from = fromDir ? path.join(fromDir, `${domain}.sqlite`) : storePath(domain, process.env);
    const db = new Database(from, { readonly: true, fileMustExist: true });
    try {
      await db.backup(path.join(toDir, `${domain}.sqlite`));
    } finally {
      db.close();
    }
  }
}

async function runPhases(system: System, list: readonly Scenario[], phases: PhaseRecord[]): Promise<void> {
  for (const scenario of list) {
    say(`${system.id} ${scenario.id}: warm-up ${WARMUP_MS / 1000} s`);
    await runClosedLoop(system.url, 8, WARMUP_MS, scenario.requests());
    const loads: [string, () => Promise<LoadResult>][] = [
      ...RATES.map((rate): [string, () => Promise<LoadResult>] => [`${rate}/s`, () => runFixedRate(system.url, rate, PHASE_MS, scenario.requests())]),
      [`closed loop ×${CONNECTIONS}`, () => runClosedLoop(system.url, CONNECTIONS, PHASE_MS, scenario.requests())],
    ];
    for (const [label, run] of loads) {
      await sleep(500);
      const meter = measure(system.procs);
      const result = await run();
      const usage = meter.stop();
      phases.push({ system: system.id, scenario: scenario.id, result, usage });
      const l = result.latencyMs;
      say(
        `${system.id} ${scenario.id} ${label.padEnd(16)} ${result.qps.toFixed(0).padStart(5)} q/s  p50 ${l.p50.toFixed(2)}  p90 ${l.p90.toFixed(2)}  p99 ${l.p99.toFixed(2)} ms  errors ${result.errors.total}` +
          `  gw CPU ${usage.procs.gateway?.cpuPct.toFixed(0) ?? '?'}%  others ${usage.machine.othersPct.toFixed(0)}%`,
      );
    }
  }
}

function machineInfo(): Record<string, string | number> {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu,
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: os.release(),
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const kafkaBroker = await useBroker(say);
  const { brokers, source: brokerSource, proc: broker } = kafkaBroker;
  say(`Kafka at ${brokers}${broker ? ` (broker pid ${broker.pid})` : ' (broker not local: no CPU figures for it)'}; work folder ${WORK_DIR}`);

  const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: brokers, NODE_ENV: 'development' };
  const phases: PhaseRecord[] = [];
  const httpStores = path.join(WORK_DIR, 'http-stores');
  let list: Scenario[] = [];
  let fixtures: Fixtures | undefined;
  const cleanup = async () => {
    await stopAll();
    await kafkaBroker.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    // The Kafka path is always started: it seeds the data both systems serve.
    const kafka = await startKafkaSystem(broker, env);
    fixtures = await fixturesWithLearners(kafka.url, EXTRA_USERS, stamp);
    list = scenarios(fixtures).filter((s) => SCENARIOS.includes(s.id));
    await smokeTest(kafka.url, list);
    await sleep(1000); // reactions to the seed and the registrations settle
    await copyStores(process.env.BENCH_GATEWAY_URL ? undefined : path.join(WORK_DIR, 'kafka-stores'), httpStores);
    say(`fixtures: ${fixtures.userIds.length} learners, ${fixtures.lessonIds.length} lessons; stores copied for the baseline`);
    if (ONLY !== 'http') await runPhases(kafka, list, phases);
    await kafka.stop();

    if (ONLY !== 'kafka') {
      const http = await startHttpSystem(broker, env, httpStores);
      await smokeTest(http.url, list);
      await runPhases(http, list, phases);
      await http.stop();
    }
  } finally {
    await cleanup();
  }

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const base = path.join(RESULTS_DIR, stamp);
  const profiles: ProfileSummary[] = PROFILE ? summarizeProfiles(PROFILE_DIR) : [];
  const r = ratios(phases, SCENARIOS);
  const chart = writeChart(latencySvg(phases, list, `Puchi gateway: Kafka path vs HTTP baseline (${startedAt.slice(0, 16)}Z${QUICK ? ', quick' : ''})`), `${base}-latency`);
  const report: BenchReport = {
    startedAt,
    quick: QUICK,
    phaseMs: PHASE_MS,
    connections: CONNECTIONS,
    machine,
    setup: { brokers, brokerSource, learners: fixtures?.userIds.length, lessons: fixtures?.lessonIds.length, rates: RATES, warmupMs: WARMUP_MS },
    scenarios: list.map((s) => ({ id: s.id, name: s.name })),
    phases,
    ratios: r,
    goals: goals(phases, r),
    profiles,
    chart: { ...chart, svg: path.relative(REPO_ROOT, chart.svg), png: chart.png && path.relative(REPO_ROOT, chart.png) },
  };
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  const md = markdown(report);
  fs.writeFileSync(`${base}.md`, md);
  console.log('\n' + md);
  say(`results: ${path.relative(REPO_ROOT, base)}.json, .md, -latency.png`);
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
}

main().catch(async (error: unknown) => {
  console.error(`[bench] ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[bench] logs kept in ${path.join(WORK_DIR, 'logs')}`);
  await stopAll().catch(() => undefined);
  process.exit(1);
});

