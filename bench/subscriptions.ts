/**
 * `npm run bench:subscriptions` (not a test): N graphql-ws subscribers on one gateway, events produced into Kafka
 * at a fixed rate; event→client latency p50/p99, deliveries/s, gateway CPU and RSS. The gateway runs as its own
 * process; the subscribers (one WebSocket each) and the producer run in this one. All subscribers follow the
 * same analyst feed (`events(topics: [MEDIA], filter)`), the fan-out case: one execution per event, N deliveries.
 *
 * With `--learners`, the per-learner case instead (./learner-feeds.ts): N learners, each following their own
 * `progressUpdated` on their own connection, progress events spread over them (N executions, one delivery each).
 *
 *   npm run bench:subscriptions [-- --quick] [-- --subscribers=100,1000] [-- --rate=20]
 *   npm run bench:subscriptions -- --learners=10000 [--rate=200] [--seconds=60] [--profile]
 *   npm run bench:subscriptions -- --learners --quick          (1,000 learners, 10 s)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createBus, createKafka, eventTopic, EventPublisher, silentLogger } from '@puchi/kafka';
import { kafkaStatus, launcherConfigFromEnv, startKafka, stopKafka } from '@puchi/kafka/launcher';
import { topologyDeclaration } from '@puchi/domains';
import { testBrokerTopology } from '@puchi/kafka/testing';
import { signDevToken, loadConfig } from '@puchi/gateway';
import { summarize } from './e2e/load';
import { brokerPort } from './e2e/broker';
import { freePort, pidListeningOn, REPO_ROOT, sleep, spawnNode, stopProc, waitUntil, type Proc } from './e2e/processes';
import { measure } from './e2e/resources';
import { LEARNER_FEED_QUERY, learnerRunMarkdown, runLearnerFeeds } from './learner-feeds';

const args = new Map<string, string>(process.argv.slice(2).map((a): [string, string] => {
  const [name = '', ...value] = a.replace(/^--/, '').split('=');
  return [name, value.join('=')];
}));
const QUICK = args.has('quick');
/** Per-learner mode: how many learners (`--learners` alone: 10,000, or 1,000 with `--quick`). */
const LEARNERS = args.has('learners') ? Number(args.get('learners') || (QUICK ? 1000 : 10_000)) : 0;
const PHASE_MS = Number(args.get('seconds') || 0) * 1000 || (LEARNERS ? (QUICK ? 10_000 : 60_000) : QUICK ? 4000 : 10_000);
const SUBSCRIBERS = (args.get('subscribers') || '100,1000').split(',').map(Number);
/** Events per second (fan-out: each subscriber receives every one; per learner: spread over the learners). */
const RATE = Number(args.get('rate') || (LEARNERS ? 200 : 20));
const GOAL = { subscribers: 1000, deliveriesPerSecond: 20_000, p99Ms: 100, rssMb: 300 };

interface Phase {
  subscribers: number;
  eventsPerSecond: number;
  events: number;
  deliveries: number;
  deliveriesPerSecond: number;
  latency: ReturnType<typeof summarize>;
  lost: number;
  gatewayCpuPct: number;
  gatewayRssMb: number;
}

async function connectAll(url: string, token: string, count: number, marker: string, onEvent: (sentAt: number) => void): Promise<Client[]> {
  const clients: Client[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
    clients.push(client);
    ready.push(
      new Promise<void>((resolve, reject) => {
        client.on('connected', () => resolve());
        client.subscribe<{ events: { payload: { sentAt: number } } }>(
          { query: 'subscription ($m: ID!) { events(topics: [MEDIA], filter: { userId: $m }) { payload } }', variables: { m: marker } },
          { next: (r) => r.data && onEvent(r.data.events.payload.sentAt), error: reject, complete: () => undefined },
        );
      }),
    );
    // Connect in small waves: 1,000 handshakes at once would measure the accept queue, not the fan-out.
    if (i % 50 === 49) await sleep(50);
  }
  await Promise.all(ready);
  return clients;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

async function main(): Promise<void> {
  const launcher = launcherConfigFromEnv(process.env);
  const ownsBroker = !process.env.KAFKA_BROKERS && !kafkaStatus(launcher).running;
  if (!process.env.KAFKA_BROKERS) process.env.KAFKA_BROKERS = (await startKafka({ ...launcher, onProgress: (l) => console.log(`[bench] kafka: ${l}`) })).brokers.join(',');
  await testBrokerTopology(createKafka({ clientId: 'bench-subscriptions', logger: silentLogger }), topologyDeclaration());
  try {
    await (LEARNERS ? perLearner() : fanOut());
  } finally {
    if (ownsBroker) await stopKafka(launcher);
  }
}

async function perLearner(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-bench-learners-'));
  const name = `subscriptions-learners-${stamp()}`;
  const profileDir = path.join(REPO_ROOT, 'bench', 'results', `${name}-profiles`);
  const brokerPid = process.env.KAFKA_BROKERS ? pidListeningOn(brokerPort(process.env.KAFKA_BROKERS)) : undefined;
  const run = await runLearnerFeeds({
    learners: LEARNERS,
    rate: RATE,
    phaseMs: PHASE_MS,
    workDir: work,
    env: process.env,
    ...(brokerPid ? { broker: { name: 'broker', pid: brokerPid } } : {}),
    // The gateway only: its profile is the one the goal is about (`npm run bench -- --profile` does every process).
    nodeFlags: (proc) => (args.has('profile') && proc.endsWith('gateway-kafka') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    say: (line) => console.log(`[bench] ${line}`),
  });
  const lines = learnerRunMarkdown(run);
  console.log('\n' + lines.join('\n'));
  const out = path.join(REPO_ROOT, 'bench', 'results', name);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  fs.writeFileSync(`${out}.json`, JSON.stringify({ date: new Date().toISOString(), commit, quick: QUICK, query: LEARNER_FEED_QUERY, ...run }, null, 2));
  fs.writeFileSync(`${out}.md`, `# Per-learner subscriptions: ${new Date().toISOString()} (at ${commit})\n\n\`${LEARNER_FEED_QUERY}\`\n\n${lines.join('\n')}\n`);
  console.log(`[bench] results: ${out}.json, .md${args.has('profile') ? `; gateway profile in ${profileDir}` : ''}`);
  if (run.lost === 0 && run.wrong === 0) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`[bench] logs kept in ${work}`);
}

async function fanOut(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-bench-subs-'));
  const port = await freePort();
  const gateway: Proc = spawnNode({ name: 'gateway', script: 'gateway/src/main.ts', env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', WS_MAX_CONNECTIONS_PER_IP: '0', MAX_SUBSCRIPTIONS_PER_CONNECTION: '5', LOG_LEVEL: 'warn' }, logFile: path.join(work, 'gateway.log') });
  const url = `http://127.0.0.1:${port}/graphql`;
  const phases: Phase[] = [];
  const publisher = new EventPublisher({ bus: createBus({ clientId: 'bench-subscriptions', logger: silentLogger }), source: 'media-service' });
  try {
    await waitUntil(gateway, async () => (await fetch(url.replace('/graphql', '/api/health'))).ok);
    await publisher.start();
    // An admin: the bench's events are declared by no domain, so an analyst would see their payloads empty.
    const token = await signDevToken(loadConfig(process.env).auth, 'admin-bench', ['admin']);

    for (const count of SUBSCRIBERS) {
      const marker = `bench-${count}-${Date.now()}`;
      const latencies: number[] = [];
      let deliveries = 0;
      console.log(`[bench] connecting ${count} subscribers`);
      const clients = await connectAll(url, token, count, marker, (sentAt) => {
        deliveries++;
        latencies.push(Date.now() - sentAt);
      });
      await sleep(1000); // every subscription is registered with the gateway's feed

      const usage = measure([gateway]);
      const started = Date.now();
      let sent = 0;
      while (Date.now() - started < PHASE_MS) {
        const due = Math.floor(((Date.now() - started) / 1000) * RATE);
        for (; sent < due; sent++) void publisher.publish(eventTopic('media'), { type: 'bench.tick', subject: marker, payload: { userId: marker, n: sent, sentAt: Date.now() } });
        await sleep(5);
      }
      await sleep(2000); // stragglers
      const used = usage.stop();
      const seconds = PHASE_MS / 1000;
      const phase: Phase = {
        subscribers: count,
        eventsPerSecond: sent / seconds,
        events: sent,
        deliveries,
        deliveriesPerSecond: Math.round(deliveries / seconds),
        latency: summarize(latencies),
        lost: sent * count - deliveries,
        gatewayCpuPct: Math.round(used.procs.gateway?.cpuPct ?? 0),
        gatewayRssMb: Math.round(used.procs.gateway?.rssMb ?? 0),
      };
      phases.push(phase);
      console.log(
        `[bench] ${count} subscribers × ${phase.eventsPerSecond.toFixed(1)} events/s: ${phase.deliveriesPerSecond} deliveries/s, p50 ${phase.latency.p50.toFixed(1)} ms, p99 ${phase.latency.p99.toFixed(1)} ms, lost ${phase.lost}, gateway CPU ${phase.gatewayCpuPct}% RSS ${phase.gatewayRssMb} MB`,
      );
      await Promise.all(clients.map((c) => c.dispose()));
      await sleep(500);
    }
  } finally {
    await publisher.close().catch(() => undefined);
    await stopProc(gateway);
  }

  const big = phases.find((p) => p.subscribers === GOAL.subscribers);
  const goalMet = big ? big.deliveriesPerSecond >= GOAL.deliveriesPerSecond * 0.95 && big.latency.p99 <= GOAL.p99Ms && big.gatewayRssMb <= GOAL.rssMb : undefined;
  const lines = [
    `| subscribers | events/s | deliveries/s | p50 ms | p99 ms | lost | gateway CPU % | gateway RSS MB |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...phases.map((p) => `| ${p.subscribers} | ${p.eventsPerSecond.toFixed(1)} | ${p.deliveriesPerSecond} | ${p.latency.p50.toFixed(1)} | ${p.latency.p99.toFixed(1)} | ${p.lost} | ${p.gatewayCpuPct} | ${p.gatewayRssMb} |`),
    '',
    `Goal (1,000 subscribers × 20 events/s = 20,000 deliveries/s, p99 ≤ 100 ms, gateway RSS ≤ 300 MB): ${goalMet === undefined ? 'not measured' : goalMet ? 'met' : 'not met'}.`,
  ];
  console.log('\n' + lines.join('\n'));
  const out = path.join(REPO_ROOT, 'bench', 'results', `subscriptions-${stamp()}`);
  fs.writeFileSync(`${out}.json`, JSON.stringify({ date: new Date().toISOString(), phaseMs: PHASE_MS, rate: RATE, phases, goal: GOAL, goalMet }, null, 2));
  fs.writeFileSync(`${out}.md`, `# Subscription fan-out: ${new Date().toISOString()}\n\n${lines.join('\n')}\n`);
  console.log(`[bench] results: ${out}.json, .md`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] ERROR: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
