/**
 * `npm run chaos [-- --quick | --broker-kill | --gateway-kill] [--seed N] [--keep]`: a 3-node Kafka cluster, several instances of the services and
 * two gateways under a mixed load of keyed writes and read-your-writes reads, while service instances and a gateway
 * are killed (-9) and restarted and a broker is stopped and restarted, at random (seeded). Then the faults stop,
 * the stores catch up, and the history is checked (checks.ts). Prints a table, writes JSON and Markdown to
 * `bench/results/`, and exits 1 on any violation. `--keep` leaves the logs, stores and broker data behind.
 * `--broker-kill` injects one fault instead of the random plan: kill -9 of one broker, restarted 20 s later; its
 * report row is the error window the issue sets at most 5 s. `--gateway-kill` likewise kills one of the two
 * gateways: its row's "via other gateways" is what the callers of the other one saw (the issue sets 0 errors).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka, silentLogger } from '@puchi/kafka';
import { loadConfig } from '@puchi/gateway';
import { parseCommandLine, UsageError } from '../command-line';
import { runChecks, type StoreSnapshot } from './checks';
import { clusterConfig, startCluster, stopCluster, type ChaosCluster } from './cluster';
import { eventTopic, readStore, readTopics, waitStoresCaughtUp } from './collect';
import { planFaults, runFaults, singleFaultPlan } from './faults';
import { emptyHistory } from './history';
import { GatewayPool, loadCatalog, runLoad } from './load';
import { instanceCounts, killFleetNow, planFleet, startAllInstances, startGateway, stopFleet, type Fleet } from './processes';
import { seededRandom } from './random';
import { summarize, textReport, writeReports, type RunSummary } from './report';
import { chaosSettings, isSingleFault, SINGLE_FAULT_MODES, type ChaosMode } from './settings';

const USAGE = 'usage: npm run chaos [-- --quick | --broker-kill | --gateway-kill] [--seed N] [--keep]';
const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');
const CHECKED_DOMAINS = ['user', 'progress', 'quiz', 'vocabulary'];

export interface ChaosOptions {
  mode: ChaosMode;
  seed: number;
  keep: boolean;
}

/** The commit the run's code came from, `+dirty` when the tree has changes (the system may change between runs). */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

export function parseChaosArgs(argv: string[]): ChaosOptions {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        'broker-kill': { type: 'boolean', default: false },
        'gateway-kill': { type: 'boolean', default: false },
        seed: { type: 'string' },
        keep: { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const modes = (['quick', ...SINGLE_FAULT_MODES] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new UsageError(`${modes.map((m) => `--${m}`).join(' and ')} are different runs: give one`, USAGE);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${values.seed}`, USAGE);
  return { mode: modes[0] ?? 'full', seed, keep: values.keep };
}

export async function runChaos(options: ChaosOptions, say: (line: string) => void): Promise<RunSummary> {
  const settings = chaosSettings(options.mode, options.seed);
  const random = seededRandom(options.seed);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const startedAt = new Date().toISOString();
  const runId = `${options.seed}-${process.pid}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-chaos-'));
  const brokerConfig = clusterConfig(runId, process.env);
  const durations: Record<string, number> = {};
  const phase = (name: string, since: number) => (durations[name] = now() - since);
  say(`seed ${options.seed} (${settings.mode}) at ${gitCommit()}; logs and stores in ${workDir}; broker data in ${brokerConfig.dataDir}`);

  let cluster: ChaosCluster | undefined;
  let fleet: Fleet | undefined;
  let cleaned = false;
  let loadStopped = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    say('cleaning up');
    if (fleet) await stopFleet(fleet).catch(() => fleet && killFleetNow(fleet));
    await stopCluster(cluster ?? { config: brokerConfig }, options.keep).catch((e: unknown) => say(`could not stop the brokers: ${String(e)}`));
    if (!options.keep) fs.rmSync(workDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping`);
    loadStopped = true;
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => fleet && killFleetNow(fleet));

  try {
    let since = now();
    cluster = await startCluster(brokerConfig, say);
    phase('brokers', since);
    const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: cluster.brokers.join(','), LOG_LEVEL: 'info' };
    fleet = planFleet(instanceCounts(settings.instances), settings.gateways, workDir, env);
    since = now();
    say(`starting ${fleet.instances.length} service instances, ${settings.startParallel} at a time`);
    await startAllInstances(fleet, settings.startParallel, say);
    // One after the other: a start of both at once once failed (exit 1, log lost); this costs a few seconds.
    for (const g of fleet.gateways) await startGateway(fleet, g);
    phase('services and gateways', since);
    say(`gateways on ${fleet.gateways.map((g) => g.url).join(', ')}`);
    const catalog = await loadCatalog(fleet.gateways[0]!.url, settings.lessons, settings.load.requestDeadlineMs);
    say(`catalog: ${catalog.lessons.length} lessons, ${catalog.words.length} words, ${catalog.quizzes.length} quizzes`);

    const history = emptyHistory();
    const plan =
      isSingleFault(settings.mode)
        ? singleFaultPlan(settings.mode, random.fork('faults'), fleet.gateways.length, 0, (settings.mode === 'broker-kill' ? settings.faults.brokerDownMs : settings.faults.gatewayDownMs)[0])
        : planFaults(random.fork('faults'), { ...settings.faults, durationMs: settings.faultMs }, fleet.instances, fleet.gateways.length);
    say(`fault plan: ${plan.map((f) => `${(f.at / 1000).toFixed(0)}s ${f.kind} ${f.target}`).join('; ')}`);
    const loadStart = now();
    const pool = new GatewayPool(fleet.gateways.map((g) => g.url));
    const ticker = setInterval(() => {
      const a = history.attempts;
      const recent = a.filter((x) => x.end > now() - 5000);
      say(`load: ${a.length} requests, ${history.writes.length} writes, ${history.reads.length} reads; last 5 s: ${recent.length} requests, ${recent.filter((x) => x.outcome !== 'data').length} not data`);
    }, 10_000);
    const load = runLoad({ settings: settings.load, pool, history, auth: loadConfig(env).auth, catalog, runTag: runId, now, stopped: () => loadStopped, say }, random.fork('load'));
    await sleep(settings.warmupMs);
    since = now();
    await runFaults({ fleet, brokerConfig, admin: cluster.admin, history, now, say, stopped: () => cleaned }, plan);
    say('faults over, every target back');
    await sleep(settings.tailMs);
    loadStopped = true;
    await load;
    clearInterval(ticker);
    phase('load', loadStart);
    phase('faults', since);

    since = now();
    const checkedInstances = fleet.instances.filter((i) => CHECKED_DOMAINS.includes(i.domain) || settings.instances[i.domain]! > 1);
    const lagging = await waitStoresCaughtUp(cluster.admin, checkedInstances, settings.quiescenceTimeoutMs);
    phase('quiescence', since);
    say(lagging.length === 0 ? `every store caught up in ${(durations.quiescence! / 1000).toFixed(1)} s` : `not caught up: ${lagging.join('; ')}`);
    const kafka = createKafka({ clientId: 'puchi-chaos-reader', brokers: cluster.brokers, logger: silentLogger });
    const events = await readTopics(kafka, cluster.admin, CHECKED_DOMAINS.map(eventTopic));
    const stores: StoreSnapshot[] = checkedInstances.map((i) => ({ instance: i.name, domain: i.domain, tables: readStore(i.dbPath) }));
    const violations = runChecks({ history, events, stores, lagging });
    const summary = summarize(history, violations, {
      seed: options.seed,
      mode: settings.mode,
      settings: { ...settings, seed: undefined, commit: gitCommit() },
      startedAt,
      durations,
      events: events.filter((e) => !e.type.startsWith('puchi.')).length,
      loadStart,
      loadMs: durations.load!,
      startFailures: fleet.startFailures,
    });
    return summary;
  } finally {
    await cleanup();
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseChaosArgs(argv);
  const say = (line: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const summary = await runChaos(options, say);
  console.log('');
  console.log(textReport(summary));
  const files = writeReports(summary, RESULTS_DIR);
  say(`wrote ${path.relative(process.cwd(), files.json)} and ${path.relative(process.cwd(), files.md)}`);
  process.exit(summary.totalViolations === 0 ? 0 : 1);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`[chaos] ${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
