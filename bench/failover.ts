/**
 * Failover of a domain service: 3 user-service instances (processes), 100 reads/s of learners' profiles keyed as the
 * gateway keys them (retries included), then kill -9 of one instance. Per consumer setting (session timeout and
 * heartbeat interval), how long reads suffer and how much. Not a test.
 *
 *   KAFKA_BROKERS=127.0.0.1:19092 npm run bench:failover [-- --quick]
 *
 * The broker must allow the session timeouts tried (`group.min.session.timeout.ms`; the launcher's brokers allow
 * 1000). Prints a table and writes JSON to bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brokersFromEnv, createBus, RpcClient, silentLogger } from '@puchi/kafka';
import { createSubgraphContext, devSigner, signedTokens } from '@puchi/subgraph-kit';
import { getUserProfile, SEED_USER_IDS } from '@puchi/subgraph-user';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from '../scripts/services';

const quick = process.argv.includes('--quick');
const RATE = 100;
const BEFORE_MS = quick ? 3000 : 5000;
const AFTER_MS = quick ? 12_000 : 20_000;
const REQUEST_TIMEOUT_MS = 5000;
/** Consumer settings of the services, and the gateway's read hedging (0: off), side by side in one run. */
const SETTINGS = [
  { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, hedgeAfterMs: 0 },
  { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, hedgeAfterMs: 500 },
  { sessionTimeoutMs: 3000, heartbeatIntervalMs: 500, hedgeAfterMs: 0 },
  { sessionTimeoutMs: 3000, heartbeatIntervalMs: 500, hedgeAfterMs: 500 },
];

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function run(setting: (typeof SETTINGS)[number], brokers: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-failover-'));
  const env = (i: number): NodeJS.ProcessEnv => ({
    ...process.env,
    KAFKA_BROKERS: brokers,
    USER_DB_PATH: path.join(dir, `user-${i}.sqlite`),
    OPS_PORT: '0',
    CONSUMER_SESSION_TIMEOUT_MS: String(setting.sessionTimeoutMs),
    CONSUMER_HEARTBEAT_INTERVAL_MS: String(setting.heartbeatIntervalMs),
  });
  const instances: ServiceProcess[] = [];
  for (let i = 0; i < 3; i++) instances.push(await startServiceProcess('user', path.join(dir, `logs-${i}`), env(i)));
  const bus = createBus({ clientId: 'bench-failover', brokers: brokers.split(','), logger: silentLogger });
  const client = new RpcClient({ bus, staleReplyTopicGraceMs: 0 });
  await client.start();
  // Let the group settle on three members before measuring.
  await new Promise((r) => setTimeout(r, 3000));
  const samples: Sample[] = [];
  let n = 0;
  const read = async () => {
    const userId = SEED_USER_IDS[n++ % SEED_USER_IDS.length]!;
    const ctx = createSubgraphContext({ caller: client, identity: { userId, roles: ['learner'] }, timeoutMs: REQUEST_TIMEOUT_MS, hedgeAfterMs: setting.hedgeAfterMs, identityTokens: signedTokens(devSigner) });
    const started = Date.now();
    const ok = await ctx.load(getUserProfile, userId).then((v) => v !== null, () => false);
    samples.push({ at: started, ms: Date.now() - started, ok });
  };
  const inFlight = new Set<Promise<void>>();
  const ticker = setInterval(() => {
    const p = read().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / RATE);
  await new Promise((r) => setTimeout(r, BEFORE_MS));
  const killedAt = Date.now();
  instances[1]!.child.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, AFTER_MS));
  clearInterval(ticker);
  await Promise.allSettled([...inFlight]);
  await client.close();
  for (const i of [instances[0]!, instances[2]!]) await stopServiceProcess(i);
  fs.rmSync(dir, { recursive: true, force: true });

  const before = samples.filter((s) => s.at < killedAt);
  const after = samples.filter((s) => s.at >= killedAt);
  // The window: from the kill to the start of the last read slower than 4× the steady p99 (or failed).
  const steadyP99 = percentile(before.map((s) => s.ms), 99);
  const disturbed = after.filter((s) => !s.ok || s.ms > Math.max(50, steadyP99 * 4));
  const windowMs = disturbed.length === 0 ? 0 : Math.max(...disturbed.map((s) => s.at + s.ms)) - killedAt;
  const inWindow = after.filter((s) => s.at - killedAt <= Math.max(windowMs, 1000));
  return {
    ...setting,
    reads: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    steadyP50: percentile(before.map((s) => s.ms), 50),
    steadyP99,
    windowMs,
    windowP99: percentile(inWindow.map((s) => s.ms), 99),
    windowMax: Math.max(0, ...inWindow.map((s) => s.ms)),
    slowerThan1s: after.filter((s) => s.ms > 1000).length,
  };
}

async function main() {
  const brokers = brokersFromEnv(process.env).join(',');
  const results = [];
  for (const setting of SETTINGS) {
    console.log(`[failover] session ${setting.sessionTimeoutMs} ms, heartbeat ${setting.heartbeatIntervalMs} ms, hedging ${setting.hedgeAfterMs || 'off'}…`);
    results.push(await run(setting, brokers));
  }
  console.log('\n| session ms | heartbeat ms | hedge after ms | reads | errors | steady p50 / p99 ms | failover window ms | window p99 / max ms | reads > 1 s |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.sessionTimeoutMs} | ${r.heartbeatIntervalMs} | ${r.hedgeAfterMs || 'off'} | ${r.reads} | ${r.errors} | ${r.steadyP50} / ${r.steadyP99} | ${r.windowMs} | ${r.windowP99} / ${r.windowMax} | ${r.slowerThan1s} |`);
  }
  const file = path.join(__dirname, 'results', `failover-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ rate: RATE, quick, results }, null, 2));
  console.log(`\n[failover] wrote ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
