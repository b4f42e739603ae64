/**
 * The per-learner mode of `npm run bench:subscriptions` (issue 14, item 5): `learners` distinct learners, each on
 * its own WebSocket with its own token, following `progressUpdated(userId: <self>) { status lesson { title } user
 * { displayName } }`, while progress events are produced at `rate` per second spread over them. Every event is a
 * different subscription's (no sharing of executions): per event the gateway filters, executes the plan, and
 * resolves `lesson` through the lesson service and `user` through the user service over Kafka.
 *
 * The learners are written as the user service writes its own seed accounts (`afterStart` in
 * subgraphs/user/src/service.ts): `user.registered` events on `user-events` with fixed ids, published before the
 * service starts, which then restores its store from the topic. 10,000 take a few seconds this way, against minutes
 * of `registerUser` mutations, and the store ends the same (the projection is the only writer either way).
 * The events are `progress.lesson-started` / `progress.lesson-completed` envelopes as the progress service
 * publishes them (source `progress-service`, subject the learner), produced by this process; the progress service
 * itself is not started (nothing in the selection reads its store).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createBus, eventTopic, EventPublisher, silentLogger } from '@puchi/kafka';
import { signDevToken, loadConfig } from '@puchi/gateway';
import { PROGRESS_EVENTS, type LessonCompleted, type LessonStarted } from '@puchi/subgraph-progress';
import { USER_EVENTS, type UserRegistered } from '@puchi/subgraph-user';
import { summarize, type LatencySummary } from './e2e/load';
import { startKafkaPath } from './e2e/kafka-path';
import { sleep, stopProc, type Proc } from './e2e/processes';
import { measure, type PhaseUsage } from './e2e/resources';
import { graphqlBody, postGraphQL } from './e2e/scenarios';

export const LEARNER_FEED_QUERY = 'subscription LearnerFeed($me: ID!) { progressUpdated(userId: $me) { status lesson { title } user { displayName } } }';

/** Issue 14's goal for 10,000 learners at 200 events/s. */
export const LEARNER_GOAL = { learners: 10_000, p99Ms: 200, rssMb: 1024, lost: 0 };

export interface LearnerRunOptions {
  learners: number;
  /** Events per second over all learners. */
  rate: number;
  phaseMs: number;
  workDir: string;
  /** Environment of the started processes (KAFKA_BROKERS…). */
  env: NodeJS.ProcessEnv;
  /** The broker process, when local, measured with the others. */
  broker?: Proc;
  /** Extra node flags per process name (`--cpu-prof`). */
  nodeFlags?: (name: string) => string[];
  say(line: string): void;
}

export interface LearnerRun {
  learners: number;
  targetRate: number;
  phaseMs: number;
  /** Learners written as `user.registered` events, and how long until the user service had them all. */
  seeding: { published: number; publishMs: number; storeRows: number };
  /** Time to open every connection and subscription, and the gateway's view when done. */
  connecting: { ms: number; connections: number | null; subscriptions: number | null; groups: number | null; gatewayRssMb: number; gatewayCpuPct: number };
  events: number;
  eventsPerSecond: number;
  /** Learners who were sent at least one event. */
  learnersWithEvents: number;
  delivered: number;
  /** Sent but never received by their learner. */
  lost: number;
  /** Received with the wrong status, lesson title or name, or more often than sent (another learner's, a duplicate). */
  wrong: number;
  /** Connections closed by the gateway during the run, by close code. */
  closes: Record<string, number>;
  latency: LatencySummary;
  /** Over the event phase (connections all open), % of one core and peak RSS MB per process. */
  usage: PhaseUsage;
  /** Highest gateway RSS over connecting and the phase, MB. */
  gatewayPeakRssMb: number;
  goalMet?: boolean;
}

const pad = (k: number) => String(k).padStart(5, '0');
const learnerId = (k: number) => `bench-learner-${pad(k)}`;
const displayNameOf = (k: number) => `Bench Learner ${pad(k)}`;

/** The soft limit on open files of this process (what children inherit), from /proc/self/limits. */
function openFilesLimit(): number {
  const m = /Max open files\s+(\d+|unlimited)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

/** Writes the learners as the user service writes its seed accounts: fixed event ids, so a rerun adds nothing. */
async function publishLearners(count: number): Promise<void> {
  const publisher = new EventPublisher({ bus: createBus({ clientId: 'bench-learners', logger: silentLogger }), source: 'user-service' });
  await publisher.start();
  try {
    const registeredAt = new Date(Date.UTC(2026, 1, 1, 9)).toISOString();
    // Publishes in one tick share a produce request; a thousand at a time keeps the batches reasonable.
    for (let start = 1; start <= count; start += 1000) {
      const batch: Promise<unknown>[] = [];
      for (let k = start; k < Math.min(count + 1, start + 1000); k++) {
        const userId = learnerId(k);
        const payload: UserRegistered = { userId, displayName: displayNameOf(k), email: `${userId}@example.com`, nativeLanguage: 'en', targetLanguage: 'es', level: 'A1', registeredAt };
        batch.push(publisher.publish(eventTopic('user'), { id: `bench:user:${userId}`, type: USER_EVENTS.registered, subject: userId, payload, occurredAt: registeredAt }));
      }
      await Promise.all(batch);
    }
  } finally {
    await publisher.close();
  }
}

/** One gauge from the gateway's Prometheus text, null when absent. */
async function gauge(metricsUrl: string, name: string): Promise<number | null> {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

interface Sent {
  at: number;
  status: 'IN_PROGRESS' | 'COMPLETED';
  title: string;
}

interface Update {
  progressUpdated: { status: string; lesson: { title: string } | null; user: { displayName: string } | null };
}

export async function runLearnerFeeds(o: LearnerRunOptions): Promise<LearnerRun> {
  const { learners, say } = o;
  // Two sockets per learner on this machine (the client's and the gateway's), each in its own process.
  const limit = openFilesLimit();
  if (limit < learners + 1024) throw new Error(`open-file limit ${limit} is too low for ${learners} connections: run \`ulimit -n ${learners + 4096}\` (or higher) in this shell first`);

  say(`publishing ${learners} learners as user.registered events`);
  let t0 = performance.now();
  await publishLearners(learners);
  const publishMs = performance.now() - t0;

  // Every process started, so a start that fails half way still stops what it started.
  const started: Proc[] = [];
  const system = await startKafkaPath({
    onStarted: (proc) => started.push(proc),
    env: { ...o.env, NODE_ENV: 'development' },
    // No per-IP connection cap: every learner connects from 127.0.0.1 here.
    gatewayEnv: { LOG_LEVEL: 'warn', WS_MAX_CONNECTIONS_PER_IP: '0' },
    workDir: o.workDir,
    storeFolder: 'stores',
    logPrefix: 'learners-',
    domains: ['user', 'lesson'],
    nodeFlags: o.nodeFlags,
    log: say,
  }).catch(async (error: unknown) => {
    await Promise.all(started.map((p) => stopProc(p)));
    throw error;
  });
  const clients: Client[] = [];
  let disposing = false;
  try {
    const store = new Database(path.join(o.workDir, 'stores', 'user.sqlite'), { readonly: true });
    const storeRows = (store.prepare("SELECT count(*) AS n FROM users WHERE id LIKE 'bench-learner-%'").get() as { n: number }).n;
    store.close();
    // More when an earlier run on this broker wrote more learners: their events stay in the topic.
    if (storeRows < learners) throw new Error(`the user service holds ${storeRows} bench learners, not ${learners}`);
    say(`user service restored ${storeRows} learners; signing tokens`);
    const auth = loadConfig(process.env).auth;
    const tokens: string[] = [];
    for (let k = 1; k <= learners; k++) tokens.push(await signDevToken(auth, learnerId(k), ['learner']));
    const lessonsRes = await postGraphQL(system.url, { body: graphqlBody('{ lessons(first: 100) { edges { node { id title } } } }'), headers: { authorization: `Bearer ${tokens[0]}` } });
    const lessons = ((lessonsRes.data?.lessons as { edges: { node: { id: string; title: string } }[] } | undefined)?.edges ?? []).map((e) => e.node);
    if (lessons.length === 0) throw new Error(`no lessons: ${JSON.stringify(lessonsRes.errors)}`);

    // Per learner (index k - 1): what was sent, in order, and how many results arrived. One learner's events share a
    // partition (subject = learner), so the n-th result is the answer to the n-th event.
    const sent: Sent[][] = Array.from({ length: learners }, () => []);
    const received = new Uint32Array(learners);
    const latencies: number[] = [];
    let wrong = 0;
    const closes: Record<string, number> = {};
    let producing = false;
    const wrongSamples: string[] = [];
    const onResult = (index: number, data: Update | null | undefined, errors?: readonly unknown[]) => {
      const now = performance.now();
      const expected = sent[index]![received[index]!];
      received[index] = received[index]! + 1;
      const u = data?.progressUpdated;
      if (!expected || !u || u.status !== expected.status || u.lesson?.title !== expected.title || u.user?.displayName !== displayNameOf(index + 1)) {
        wrong++;
        if (wrongSamples.length < 3) wrongSamples.push(`${learnerId(index + 1)}: got ${JSON.stringify({ data, errors }).slice(0, 400)}, expected ${JSON.stringify(expected ?? null)}`);
        return;
      }
      latencies.push(now - expected.at);
    };

    say(`opening ${learners} connections (one learner, one token, one subscription each)`);
    const wsUrl = system.url.replace(/^http/, 'ws');
    const connectUsage = measure([system.gateway]);
    t0 = performance.now();
    // At most this many handshakes in flight: a burst of 10,000 would measure the accept queue, not the gateway.
    const window = 64;
    let next = 0;
    const failures: string[] = [];
    const openOne = async (index: number) => {
      const token = tokens[index]!;
      await new Promise<void>((resolve) => {
        const client = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          retryAttempts: 0,
          lazy: false,
          on: {
            connected: () => resolve(),
            closed: (event) => {
              if (disposing) return;
              const code = String((event as { code?: number }).code ?? '?');
              closes[code] = (closes[code] ?? 0) + 1;
              if (failures.length < 3) failures.push(`${learnerId(index + 1)} closed ${code}${producing ? ' while producing' : ''}`);
              resolve();
            },
          },
        });
        clients[index] = client;
        client.subscribe<Update>(
          { query: LEARNER_FEED_QUERY, variables: { me: learnerId(index + 1) } },
          {
            next: (r) => onResult(index, r.data, r.errors),
            error: (e) => {
              if (failures.length < 3) failures.push(`${learnerId(index + 1)}: ${JSON.stringify(e).slice(0, 200)}`);
            },
            complete: () => undefined,
          },
        );
      });
    };
    await Promise.all(
      Array.from({ length: window }, async () => {
        while (next < learners) await openOne(next++);
      }),
    );
    // Every subscription registered with the gateway's hub (the subscribe message follows connection_ack).
    const metricsUrl = system.url.replace('/graphql', '/metrics');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && ((await gauge(metricsUrl, 'puchi_subscriptions_active')) ?? learners) < learners) await sleep(250);
    const connectMs = performance.now() - t0;
    const connectUsed = connectUsage.stop();
    const connecting = {
      ms: Math.round(connectMs),
      connections: await gauge(metricsUrl, 'puchi_ws_connections'),
      subscriptions: await gauge(metricsUrl, 'puchi_subscriptions_active'),
      groups: await gauge(metricsUrl, 'puchi_subscription_groups'),
      gatewayRssMb: Math.round(connectUsed.procs.gateway?.rssMb ?? NaN),
      gatewayCpuPct: Math.round(connectUsed.procs.gateway?.cpuPct ?? NaN),
    };
    say(`connected in ${(connectMs / 1000).toFixed(1)} s: gateway reports ${connecting.connections} connections, ${connecting.subscriptions} subscriptions, ${connecting.groups} groups, RSS ${connecting.gatewayRssMb} MB${failures.length ? `; failures: ${failures.join('; ')}` : ''}`);
    if (connecting.subscriptions !== null && connecting.subscriptions < learners) throw new Error(`only ${connecting.subscriptions} of ${learners} subscriptions are live: ${failures.join('; ')}`);
    await sleep(1000);

    // Learners in a shuffled order, taken round-robin: each gets an event every learners/rate seconds, and
    // consecutive events go to unrelated learners (and partitions).
    const order = Array.from({ length: learners }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const publisher = new EventPublisher({ bus: createBus({ clientId: 'bench-progress', logger: silentLogger }), source: 'progress-service' });
    await publisher.start();
    say(`producing ${o.rate} progress events/s for ${o.phaseMs / 1000} s`);
    const usage = measure([system.gateway, ...system.services, ...(o.broker ? [o.broker] : [])]);
    producing = true;
    const started = performance.now();
    let count = 0;
    const publishing: Promise<unknown>[] = [];
    while (performance.now() - started < o.phaseMs) {
      const due = Math.floor(((performance.now() - started) / 1000) * o.rate);
      for (; count < due; count++) {
        const index = order[count % learners]!;
        const userId = learnerId(index + 1);
        const mine = sent[index]!;
        const lesson = lessons[(index + mine.length) % lessons.length]!;
        // Starts and completions alternate per learner, so the status checks the event's kind too.
        const completing = mine.length % 2 === 1;
        const at = new Date().toISOString();
        mine.push({ at: performance.now(), status: completing ? 'COMPLETED' : 'IN_PROGRESS', title: lesson.title });
        if (completing) {
          const payload: LessonCompleted = { userId, lessonId: lesson.id, score: 50 + (count % 51), completedAt: at, firstCompletion: true };
          publishing.push(publisher.publish(eventTopic('progress'), { type: PROGRESS_EVENTS.lessonCompleted, subject: userId, payload, occurredAt: at }));
        } else {
          const payload: LessonStarted = { userId, lessonId: lesson.id, startedAt: at };
          publishing.push(publisher.publish(eventTopic('progress'), { type: PROGRESS_EVENTS.lessonStarted, subject: userId, payload, occurredAt: at }));
        }
      }
      await sleep(5);
    }
    await Promise.all(publishing);
    const seconds = (performance.now() - started) / 1000;
    // Stragglers: until every event is in or the gateway's own lag limit (10 s) has passed.
    const delivered = () => received.reduce((a, b) => a + b, 0);
    const waitUntil = Date.now() + 12_000;
    while (Date.now() < waitUntil && delivered() < count) await sleep(100);
    const used = usage.stop();
    producing = false;
    await publisher.close();

    let lost = 0;
    let learnersWithEvents = 0;
    for (let i = 0; i < learners; i++) {
      lost += Math.max(0, sent[i]!.length - received[i]!);
      if (sent[i]!.length > 0) learnersWithEvents++;
    }
    if (wrongSamples.length) say(`wrong results, first ones: ${wrongSamples.join(' | ')}`);
    const result: LearnerRun = {
      learners,
      targetRate: o.rate,
      phaseMs: o.phaseMs,
      seeding: { published: learners, publishMs: Math.round(publishMs), storeRows },
      connecting,
      events: count,
      eventsPerSecond: count / seconds,
      learnersWithEvents,
      delivered: delivered(),
      lost,
      wrong,
      closes,
      latency: summarize(latencies),
      usage: used,
      gatewayPeakRssMb: Math.round(Math.max(connecting.gatewayRssMb, used.procs.gateway?.rssMb ?? 0)),
    };
    if (learners === LEARNER_GOAL.learners) {
      result.goalMet = result.latency.p99 <= LEARNER_GOAL.p99Ms && result.gatewayPeakRssMb <= LEARNER_GOAL.rssMb && lost === 0 && wrong === 0;
    }
    return result;
  } finally {
    say('closing the connections');
    disposing = true;
    await Promise.all(clients.map((c) => c?.dispose()));
    await system.stop();
  }
}

/** The Markdown table of one run (bench/README.md's "Per-learner feeds"). */
export function learnerRunMarkdown(r: LearnerRun): string[] {
  const p = r.usage.procs;
  const cpu = (name: string) => (p[name] ? p[name].cpuPct.toFixed(0) : '–');
  return [
    `| learners | events/s | p50 ms | p99 ms | max ms | delivered | lost | wrong | gateway CPU % | gateway peak RSS MB | user / lesson / broker / bench CPU % |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
    `| ${r.learners} | ${r.eventsPerSecond.toFixed(1)} | ${r.latency.p50.toFixed(1)} | ${r.latency.p99.toFixed(1)} | ${r.latency.max.toFixed(0)} | ${r.delivered} / ${r.events} | ${r.lost} | ${r.wrong} | ${cpu('gateway')} | ${r.gatewayPeakRssMb} | ${cpu('user')} / ${cpu('lesson')} / ${cpu('broker')} / ${cpu('bench')} |`,
    '',
    `Seeding: ${r.seeding.published} learners as user.registered events in ${r.seeding.publishMs} ms (the user service restored them at start). ` +
      `Connecting: ${r.connecting.ms} ms for ${r.connecting.subscriptions ?? '?'} subscriptions in ${r.connecting.groups ?? '?'} groups; gateway RSS ${r.connecting.gatewayRssMb} MB once connected, CPU ${r.connecting.gatewayCpuPct} % while connecting. ` +
      `${r.learnersWithEvents} learners were sent at least one event. Closes during the run: ${Object.keys(r.closes).length ? JSON.stringify(r.closes) : 'none'}. ` +
      `Machine busy ${r.usage.machine.busyPct.toFixed(0)} % of one core (of ${r.usage.machine.cores * 100}), others' share ${r.usage.machine.othersPct.toFixed(0)} %.`,
    '',
    r.goalMet === undefined
      ? `Goal (10,000 learners: p99 ≤ ${LEARNER_GOAL.p99Ms} ms, gateway RSS ≤ 1 GB, 0 lost): not measured (${r.learners} learners).`
      : `Goal (10,000 learners: p99 ≤ ${LEARNER_GOAL.p99Ms} ms, gateway RSS ≤ 1 GB, 0 lost): ${r.goalMet ? 'met' : 'not met'}.`,
  ];
}
