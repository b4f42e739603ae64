/**
 * `npm run bench:peers` (issue 14, item 6; not a test): the seed's own shape against ours, same request, same load,
 * same run, same broker.
 *
 * - ours: `{ userProfile(id) }` posted to our gateway (Apollo federation), over Kafka request/reply to our user
 *   service (its SQLite store);
 * - the seed's: `GET /users/:id` on a NestJS REST gateway (`ClientKafka.send`) to a NestJS `@MessagePattern`
 *   microservice reading the same rows from its own SQLite table (bench/peers/nest-seed.ts).
 *
 * Each system is a gateway process and a service process; closed loop (autocannon, 32 connections by default), the
 * two systems alternating over the rounds (who goes first alternates) so drift on a shared machine hits both.
 *
 *   npm run bench:peers [-- --quick] [-- --connections=32] [-- --seconds=10] [-- --rounds=2] [-- --profile]
 *
 * `--profile`: CPU profiles (`node --cpu-prof`) of our gateway and user service in `results/peers-<stamp>-profiles`.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createBus } from '@puchi/kafka';
import { signDevToken, loadConfig } from '@puchi/gateway';
import { useBroker } from './e2e/broker';
import { startKafkaPath } from './e2e/kafka-path';
import { runClosedLoop, type BenchRequest, type LoadResult } from './e2e/load';
import { REPO_ROOT, sleep, spawnNode, stopProc, waitForIpcReady, type Proc } from './e2e/processes';
import { measure, type PhaseUsage } from './e2e/resources';
import { postGraphQL, scenarios, SEEDED_LEARNERS } from './e2e/scenarios';

const args = new Map(
  process.argv.slice(2).map((a): [string, string] => {
    const [name = '', ...value] = a.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const QUICK = args.has('quick');
const CONNECTIONS = Number(args.get('connections') || 32);
const PHASE_MS = Number(args.get('seconds') || (QUICK ? 3 : 10)) * 1000;
const ROUNDS = Number(args.get('rounds') || (QUICK ? 1 : 2));
const WARMUP_MS = QUICK ? 1500 : 3000;
/** Issue 14: ours at least 3× the seed's shape's throughput at 32 connections on `userProfile`. */
const GOAL_RATIO = 3;

type PeerId = 'puchi' | 'nest';
interface Peer {
  id: PeerId;
  name: string;
  url: string;
  procs: Proc[];
  requests(): () => BenchRequest;
}
interface PeerPhase {
  system: PeerId;
  round: number;
  result: LoadResult;
  usage: PhaseUsage;
}

const say = (line: string) => console.log(`[bench] ${line}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-bench-peers-'));
const started: Proc[] = [];

/** The same columns as subgraphs/user's `users` table; bench/peers/nest-seed.ts reads it. */
const NEST_USERS_DDL = `CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, display_name TEXT NOT NULL, email TEXT NOT NULL, email_key TEXT NOT NULL,
  native_language TEXT NOT NULL, target_language TEXT NOT NULL, level TEXT NOT NULL, created_at TEXT NOT NULL
)`;

function rotation(items: BenchRequest[]): () => BenchRequest {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** The seed's table, filled with our user store's rows (the same learners, the same columns). */
function copyUsers(from: string, to: string): number {
  const source = new Database(from, { readonly: true, fileMustExist: true });
  const target = new Database(to);
  try {
    target.exec(NEST_USERS_DDL);
    const insert = target.prepare('INSERT OR REPLACE INTO users VALUES (@id, @display_name, @email, @email_key, @native_language, @target_language, @level, @created_at)');
    const rows = source.prepare('SELECT * FROM users').all() as Record<string, unknown>[];
    target.transaction(() => rows.forEach((r) => insert.run(r)))();
    return rows.length;
  } finally {
    source.close();
    target.close();
  }
}

async function createTopics(names: string[]): Promise<void> {
  const admin = await createBus({ clientId: 'bench-peers-admin' }).admin();
  // Our request topics' shape: 3 partitions (NestJS reads its replies from `<topic>.reply`).
  for (const topic of names) await admin.createTopic(topic, 3);
  await admin.disconnect();
}

async function deleteTopics(names: string[]): Promise<void> {
  const admin = await createBus({ clientId: 'bench-peers-admin' }).admin();
  await admin.deleteTopics(names).catch(() => undefined);
  await admin.disconnect();
}

async function startNest(env: NodeJS.ProcessEnv, topic: string, db: string): Promise<{ url: string; procs: Proc[] }> {
  const spawn = (role: 'service' | 'gateway') => {
    const proc = spawnNode({ name: role === 'service' ? 'service' : 'gateway', script: 'bench/peers/nest-seed.ts', args: [role], env: { ...env, NEST_TOPIC: topic, NEST_DB: db }, logFile: path.join(WORK_DIR, 'logs', `nest-${role}.log`), ipc: true });
    started.push(proc);
    return proc;
  };
  const service = spawn('service');
  await waitForIpcReady(service);
  const gateway = spawn('gateway');
  const url = await waitForIpcReady(gateway);
  return { url, procs: [gateway, service] };
}

type Profile = Record<'id' | 'displayName' | 'nativeLanguage' | 'targetLanguage' | 'level', string>;

/** Both systems answer every id, with the same profile: a broken peer fails here, not in a table. */
async function smokeTest(puchi: Peer, nest: Peer, ids: string[]): Promise<void> {
  const ours = puchi.requests();
  const theirs = nest.requests();
  for (const id of ids) {
    const a = await postGraphQL(puchi.url, ours());
    const res = await fetch(new URL(theirs().path ?? '', nest.url));
    const b = (await res.json()) as Profile;
    const mine = a.data?.userProfile as Profile | undefined;
    if (!mine || a.errors?.length) throw new Error(`ours failed on ${id}: ${JSON.stringify(a.errors)}`);
    if (!res.ok || JSON.stringify(mine) !== JSON.stringify(b)) throw new Error(`the peers disagree on ${id}: ours ${JSON.stringify(mine)}, NestJS's (HTTP ${res.status}) ${JSON.stringify(b)}`);
  }
}

function summary(phases: PeerPhase[], system: PeerId) {
  const mine = phases.filter((p) => p.system === system);
  const responses = mine.reduce((a, p) => a + p.result.responses, 0);
  const seconds = mine.reduce((a, p) => a + p.result.durationS, 0);
  const avg = (f: (p: PeerPhase) => number) => mine.reduce((a, p) => a + f(p), 0) / Math.max(1, mine.length);
  return {
    qps: responses / seconds,
    p50: avg((p) => p.result.latencyMs.p50),
    p99: avg((p) => p.result.latencyMs.p99),
    errors: mine.reduce((a, p) => a + p.result.errors.total, 0),
    gatewayCpu: avg((p) => p.usage.procs.gateway?.cpuPct ?? NaN),
    serviceCpu: avg((p) => p.usage.procs.service?.cpuPct ?? p.usage.procs.user?.cpuPct ?? NaN),
    brokerCpu: avg((p) => p.usage.procs.broker?.cpuPct ?? NaN),
    othersCpu: avg((p) => p.usage.machine.othersPct),
  };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const broker = await useBroker(say);
  const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: broker.brokers, NODE_ENV: 'development' };
  const topic = `nest.get-user-profile.${randomUUID().slice(0, 8)}`;
  const phases: PeerPhase[] = [];
  let ids: string[] = [];
  try {
    const profileDir = path.join(REPO_ROOT, 'bench', 'results', `peers-${stamp}-profiles`);
    const nodeFlags = (name: string) => (args.has('profile') ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`] : []);
    const ours = await startKafkaPath({ env, workDir: WORK_DIR, storeFolder: 'stores', logPrefix: 'ours-', domains: ['user'], nodeFlags, onStarted: (p) => started.push(p), log: say });
    const nestDb = path.join(WORK_DIR, 'nest-user.sqlite');
    const rows = copyUsers(path.join(WORK_DIR, 'stores', 'user.sqlite'), nestDb);
    await createTopics([topic, `${topic}.reply`]);
    const nest = await startNest(env, topic, nestDb);
    say(`ours on ${ours.url}; NestJS REST gateway on ${nest.url}; ${rows} users in both stores`);

    // Scenario a of `npm run bench`: learner k asks for learner k + 1's profile, tokens rotating with the ids.
    ids = SEEDED_LEARNERS;
    const auth = loadConfig(process.env).auth;
    const authorizations = await Promise.all(ids.map(async (id) => `Bearer ${await signDevToken(auth, id, ['learner'])}`));
    const scenarioA = scenarios({ userIds: ids, authorizations, lessonIds: [] }).find((s) => s.id === 'a')!;
    const peers: Peer[] = [
      { id: 'puchi', name: 'ours: Apollo gateway → Kafka → user service', url: ours.url, procs: [ours.gateway, ...ours.services.map((s) => ({ ...s, name: 'service' })), ...(broker.proc ? [broker.proc] : [])], requests: () => scenarioA.requests() },
      // The seed's REST routes took no token; the same ids in the same order.
      { id: 'nest', name: 'the seed: NestJS REST → ClientKafka → @MessagePattern', url: nest.url, procs: [...nest.procs, ...(broker.proc ? [broker.proc] : [])], requests: () => rotation(ids.map((id) => ({ method: 'GET', path: `/users/${id}`, body: '', headers: {} }))) },
    ];
    await smokeTest(peers[0]!, peers[1]!, ids);
    for (const peer of peers) {
      say(`${peer.id}: warm-up ${WARMUP_MS / 1000} s`);
      await runClosedLoop(peer.url, 8, WARMUP_MS, peer.requests());
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const peer of round % 2 === 1 ? peers : [...peers].reverse()) {
        await sleep(500);
        const meter = measure(peer.procs);
        const result = await runClosedLoop(peer.url, CONNECTIONS, PHASE_MS, peer.requests());
        const usage = meter.stop();
        phases.push({ system: peer.id, round, result, usage });
        const l = result.latencyMs;
        say(
          `round ${round} ${peer.id.padEnd(5)} ×${CONNECTIONS}: ${result.qps.toFixed(0).padStart(5)} q/s  p50 ${l.p50.toFixed(2)}  p99 ${l.p99.toFixed(2)} ms  errors ${result.errors.total}` +
            `  gateway ${usage.procs.gateway?.cpuPct.toFixed(0)}%  service ${usage.procs.service?.cpuPct.toFixed(0)}%  others ${usage.machine.othersPct.toFixed(0)}%${result.errorSamples.length ? `  ${result.errorSamples[0]}` : ''}`,
        );
      }
    }
  } finally {
    await Promise.all(started.map((p) => stopProc(p)));
    await deleteTopics([topic, `${topic}.reply`]).catch(() => undefined);
    await broker.stop();
  }

  const puchi = summary(phases, 'puchi');
  const nest = summary(phases, 'nest');
  const ratio = puchi.qps / nest.qps;
  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  const lines = [
    `| system | q/s (closed loop ×${CONNECTIONS}) | p50 ms | p99 ms | errors | gateway CPU % | service CPU % | broker CPU % |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    `| ours: \`{ userProfile(id) }\` → Apollo gateway → Kafka → user service | ${f(puchi.qps)} | ${f(puchi.p50, 2)} | ${f(puchi.p99, 2)} | ${puchi.errors} | ${f(puchi.gatewayCpu)} | ${f(puchi.serviceCpu)} | ${f(puchi.brokerCpu)} |`,
    `| the seed's: \`GET /users/:id\` → NestJS REST → ClientKafka → @MessagePattern | ${f(nest.qps)} | ${f(nest.p50, 2)} | ${f(nest.p99, 2)} | ${nest.errors} | ${f(nest.gatewayCpu)} | ${f(nest.serviceCpu)} | ${f(nest.brokerCpu)} |`,
    '',
    `Ours / the seed's throughput: **${ratio.toFixed(2)}×** (goal ≥ ${GOAL_RATIO}×: ${ratio >= GOAL_RATIO ? 'met' : 'not met'}). ` +
      `${ROUNDS} round${ROUNDS > 1 ? 's' : ''} of ${PHASE_MS / 1000} s per system, alternating; p50/p99 are the rounds' mean; CPU in % of one core; ` +
      `other work on the machine during the phases: ${f(puchi.othersCpu)} % (ours) and ${f(nest.othersCpu)} % (NestJS's) of one core.`,
  ];
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const report = { startedAt, commit, quick: QUICK, connections: CONNECTIONS, phaseMs: PHASE_MS, rounds: ROUNDS, brokers: broker.brokers, brokerSource: broker.source, ids, phases, summary: { puchi, nest, ratio }, goal: { ratio: GOAL_RATIO, met: ratio >= GOAL_RATIO } };
  const base = path.join(REPO_ROOT, 'bench', 'results', `peers-${stamp}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, `# Peers: ours against the seed's NestJS shape, ${startedAt} (at ${commit})\n\n${lines.join('\n')}\n`);
  console.log('\n' + lines.join('\n'));
  say(`results: ${path.relative(REPO_ROOT, base)}.json, .md`);
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
}

main().catch(async (error: unknown) => {
  console.error(`[bench] ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[bench] logs kept in ${path.join(WORK_DIR, 'logs')}`);
  await Promise.all(started.map((p) => stopProc(p))).catch(() => undefined);
  process.exit(1);
});
