/**
 * `npm run bench:timeline`: where one query's time goes on the Kafka path, hop by hop. Not a test.
 *
 *   npm run bench:timeline [-- --rate=50] [-- --seconds=20] [-- --scenario=a]
 *
 * Starts the Kafka path with `bench/e2e/socket-trace.cjs` preloaded in every process (it timestamps each
 * TCP write and read), sends the scenario's queries one at a time at a fixed rate, stops the system and lines
 * the traces up per query:
 *
 *   client write ─a→ gateway produces the request ─b→ service reads it ─c→ service produces the reply
 *     ─d→ gateway reads it ─e→ gateway writes the response ─f→ client has it
 *
 * a is the gateway's work before Kafka (HTTP, auth, Apollo's pipeline, plan, resolver, DataLoader, kafkajs
 * encoding); b and d are the broker plus kafkajs's fetch path on the reading side; c is the service (kafkajs
 * decoding, handler, store, encoding); e is the gateway after the reply (decoding, result shaping, JSON).
 * Only one-hop scenarios (a, c) have this shape. Then the same load goes to a bare node:http server in its own
 * process: the floor of one HTTP round trip on this machine. Results: bench/results/timeline-<stamp>.json, .md.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brokerPort, useBroker } from './e2e/broker';
import { fixturesFor } from './e2e/fixtures';
import { startKafkaPath } from './e2e/kafka-path';
import { runClosedLoop } from './e2e/load';
import { REPO_ROOT, sleep, spawnNode, stopProc, waitForIpcReady, type Proc } from './e2e/processes';
import { graphqlBody, QUERIES, scenarios, SEEDED_LEARNERS, smokeTest, type ScenarioId } from './e2e/scenarios';

const args = new Map(
  process.argv.slice(2).map((a): [string, string] => {
    const [name = '', ...value] = a.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const RATE = Number(args.get('rate') || 50);
const SECONDS = Number(args.get('seconds') || 20);
const SCENARIO = (args.get('scenario') || 'a') as ScenarioId;
if (SCENARIO === 'b') throw new Error('scenario b makes three Kafka calls per query; the timeline lines up one-hop queries (a, c)');

const say = (line: string) => console.log(`[bench:timeline] ${line}`);
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-timeline-'));
const TRACE_DIR = path.join(WORK_DIR, 'traces');
const started: Proc[] = [];

/** [time µs, 'W' | 'R', local port, remote port, bytes], as socket-trace.cjs writes them. */
type SocketEvent = [number, 'W' | 'R', number, number, number];
interface Trace {
  pid: number;
  script: string;
  events: SocketEvent[];
}
/** One query as the client saw it: µs on the shared clock, and its socket's local port. */
interface Query {
  start: number;
  end: number;
  port: number;
}

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** Sends `count` queries one after the other, each due at start + i / rate, on one keep-alive connection. */
async function paced(url: string, count: number, next: () => { body: string; headers: Record<string, string> }): Promise<Query[]> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const queries: Query[] = [];
  const began = performance.now();
  for (let i = 0; i < count; i++) {
    const due = began + (i * 1000) / RATE;
    if (performance.now() < due) await sleep(due - performance.now());
    const { body, headers } = next();
    await new Promise<void>((resolve, reject) => {
      const start = nowUs();
      const req = http.request(
        { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => {
            queries.push({ start, end: nowUs(), port: req.socket?.localPort ?? 0 });
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  agent.destroy();
  return queries;
}

const SEGMENTS = [
  ['a', 'client → gateway has produced the request'],
  ['b', 'broker → service has read it'],
  ['c', 'service: read → reply produced'],
  ['d', 'broker → gateway has read the reply'],
  ['e', 'gateway: reply → response written'],
  ['f', 'response → client has read it'],
] as const;

/** The most frequent value. */
function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1])[0]?.[0];
}

/**
 * Lines the traces up. A process has several broker connections (producer, each consumer, admin), so each
 * step first learns which connection carries it (the one used most often at that step), then reads every
 * query's timestamps on that connection only. Queries missing a step are counted, not guessed.
 */
function lineUp(queries: Query[], gateway: SocketEvent[], service: SocketEvent[], broker: number) {
  const after = (events: SocketEvent[], t: number, ok: (e: SocketEvent) => boolean) => events.find((e) => e[0] >= t && ok(e));
  const steps: { find: (q: Query, at: number[], port?: number) => SocketEvent | undefined; port?: number }[] = [
    { find: (q, _at, port) => after(gateway, q.start, (e) => e[1] === 'W' && e[3] === broker && (port === undefined || e[2] === port)) },
    { find: (_q, at, port) => after(service, at[0]!, (e) => e[1] === 'R' && e[3] === broker && (port === undefined || e[2] === port)) },
    { find: (_q, at, port) => after(service, at[1]!, (e) => e[1] === 'W' && e[3] === broker && (port === undefined || e[2] === port)) },
    { find: (_q, at, port) => after(gateway, at[2]!, (e) => e[1] === 'R' && e[3] === broker && (port === undefined || e[2] === port)) },
    { find: (q, at) => after(gateway, at[3]!, (e) => e[1] === 'W' && e[3] === q.port) },
  ];
  /** The timestamps of the first `count` steps of `q`, each on its learnt connection (any while not learnt yet). */
  const walk = (q: Query, count = steps.length): number[] | undefined => {
    const at: number[] = [];
    for (const step of steps.slice(0, count)) {
      const e = step.find(q, at, step.port);
      if (!e || e[0] > q.end) return undefined;
      at.push(e[0]);
    }
    return at;
  };
  // Learn the broker steps' connections in order, each from the queries whose earlier steps line up.
  for (const [i, step] of steps.slice(0, 4).entries()) {
    const ports = queries.flatMap((q) => {
      const at = walk(q, i);
      const e = at && step.find(q, at);
      return e ? [e[2]] : [];
    });
    step.port = mode(ports);
  }
  const rows: number[][] = [];
  let unmatched = 0;
  for (const q of queries) {
    const at = walk(q);
    if (!at) {
      unmatched++;
      continue;
    }
    const points = [q.start, ...at, q.end];
    rows.push(points.slice(1).map((t, k) => (t - points[k]!) / 1000));
  }
  return { rows, unmatched };
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) };
}

/** The same paced load against a bare node:http server in its own process (bench/e2e/echo-server.ts). */
async function echoFloor(count: number): Promise<ReturnType<typeof stats>> {
  const echo = spawnNode({ name: 'echo', script: 'bench/e2e/echo-server.ts', env: process.env, logFile: path.join(WORK_DIR, 'logs', 'echo.log'), ipc: true });
  started.push(echo);
  try {
    const url = await waitForIpcReady(echo);
    const request = { body: graphqlBody(QUERIES.userProfile, { id: 'learner-ana' }), headers: {} };
    await paced(url, RATE * 2, () => request); // warm-up
    const queries = await paced(url, count, () => request);
    return stats(queries.map((q) => (q.end - q.start) / 1000));
  } finally {
    await stopProc(echo);
  }
}

function report(rows: number[][], unmatched: number, total: number, service: string, floor: ReturnType<typeof stats>): { md: string; json: object } {
  const totals = rows.map((r) => r.reduce((a, b) => a + b, 0));
  const tail = rows.filter((_, i) => totals[i]! >= stats(totals).p90);
  const meanTotal = stats(totals).mean;
  const lines = [
    `| segment | p50 ms | p90 ms | p99 ms | mean ms | share of mean | mean in the slowest 10 % |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  const segments = SEGMENTS.map(([id, name], k) => {
    const s = stats(rows.map((r) => r[k]!));
    const tailMean = stats(tail.map((r) => r[k]!)).mean;
    lines.push(`| ${id}. ${name} | ${s.p50.toFixed(2)} | ${s.p90.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.mean.toFixed(2)} | ${((100 * s.mean) / meanTotal).toFixed(0)} % | ${tailMean.toFixed(2)} |`);
    return { id, name, ...s, tailMean };
  });
  const t = stats(totals);
  lines.push(`| **whole query** | ${t.p50.toFixed(2)} | ${t.p90.toFixed(2)} | ${t.p99.toFixed(2)} | ${t.mean.toFixed(2)} | 100 % | ${stats(tail.map((r) => r.reduce((a, b) => a + b, 0))).mean.toFixed(2)} |`);
  const gatewayShare = (segments[0]!.mean + segments[4]!.mean) / meanTotal;
  const md = [
    `Scenario ${SCENARIO} at ${RATE} q/s for ${SECONDS} s, one query at a time; the answering service: ${service}. ${rows.length} of ${total} queries lined up (${unmatched} missed a step).`,
    '',
    ...lines,
    '',
    `Gateway (a + e): ${(100 * gatewayShare).toFixed(0)} % of the mean; broker hops and service (b + c + d): ${((100 * (segments[1]!.mean + segments[2]!.mean + segments[3]!.mean)) / meanTotal).toFixed(0)} %.`,
    '',
    `Floor, the same load against a bare node:http server in its own process (one HTTP round trip, no work): p50 ${floor.p50.toFixed(2)}, p90 ${floor.p90.toFixed(2)}, p99 ${floor.p99.toFixed(2)} ms.`,
  ].join('\n');
  return { md, json: { scenario: SCENARIO, rate: RATE, seconds: SECONDS, service, matched: rows.length, unmatched, segments, whole: t, floor } };
}

async function main(): Promise<void> {
  const kafka = await useBroker(say);
  const preload = path.join(__dirname, 'e2e', 'socket-trace.cjs');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PUCHI_SOCKET_TRACE_DIR: TRACE_DIR };
    const system = await startKafkaPath({ env, workDir: WORK_DIR, storeFolder: 'stores', logPrefix: '', nodeFlags: () => ['--require', preload], onStarted: (p) => started.push(p), log: say });
    let queries: Query[];
    try {
      const scenario = scenarios(await fixturesFor(system.url, SEEDED_LEARNERS)).find((s) => s.id === SCENARIO);
      if (!scenario) throw new Error(`no scenario ${SCENARIO}`);
      await smokeTest(system.url, [scenario]);
      await sleep(2000); // the seed's reactions settle
      await runClosedLoop(system.url, 4, 2000, scenario.requests()); // warm-up
      await sleep(500);
      say(`${RATE * SECONDS} queries of scenario ${SCENARIO}, one at a time at ${RATE}/s`);
      queries = await paced(system.url, RATE * SECONDS, scenario.requests());
    } finally {
      await system.stop(); // each process writes its trace as it exits
    }
    const floor = await echoFloor(queries.length);
    const traces = fs.readdirSync(TRACE_DIR).map((f) => JSON.parse(fs.readFileSync(path.join(TRACE_DIR, f), 'utf8')) as Trace);
    const gateway = traces.find((t) => t.script.includes('gateway/src/main.ts'));
    if (!gateway) throw new Error('no trace from the gateway');
    const broker = brokerPort(kafka.brokers);
    const inWindows = (t: Trace) => t.events.filter((e) => e[1] === 'R' && e[3] === broker && queries.some((q) => e[0] >= q.start && e[0] <= q.end)).length;
    // The service that answers is the one reading from the broker while queries are in flight.
    const service = traces.filter((t) => t.script.includes('scripts/dev.ts')).sort((x, y) => inWindows(y) - inWindows(x))[0];
    if (!service) throw new Error('no trace from a service');
    const serviceName = /dev\.ts (\S+)/.exec(service.script)?.[1] ?? service.script;
    const { rows, unmatched } = lineUp(queries, gateway.events, service.events, broker);
    const { md, json } = report(rows, unmatched, queries.length, serviceName, floor);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const out = path.join(REPO_ROOT, 'bench', 'results', `timeline-${stamp}`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(`${out}.json`, JSON.stringify({ ...json, machine: { cores: os.cpus().length, node: process.version } }, null, 2) + '\n');
    fs.writeFileSync(`${out}.md`, `# bench:timeline, ${stamp}\n\n${md}\n`);
    console.log('\n' + md + '\n');
    say(`results: ${path.relative(REPO_ROOT, out)}.json, .md`);
  } finally {
    await Promise.all(started.map((p) => stopProc(p)));
    await kafka.stop();
  }
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
}

main().catch(async (error: unknown) => {
  console.error(`[bench:timeline] ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[bench:timeline] logs kept in ${path.join(WORK_DIR, 'logs')}`);
  await Promise.all(started.map((p) => stopProc(p))).catch(() => undefined);
  process.exit(1);
});
