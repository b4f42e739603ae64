/**
 * Request/reply round trips through the real broker: ours (RpcClient → Responder) against NestJS's
 * (ClientKafka → @MessagePattern service, its defaults: the seed system's way). Not a test.
 *
 *   KAFKA_BROKERS=127.0.0.1:19092 npm run bench:rpc [-- --quick] [-- --only=puchi|nest|puchi-platformatic[,…]]
 *
 * `puchi` is ours on the default client (kafkajs, or what KAFKA_CLIENT says); `puchi-platformatic` is ours with
 * both sides on @platformatic/kafka: `--only=puchi,puchi-platformatic` measures the two clients side by side.
 *
 * The responders run in a child process (as services do), the clients in this one. Prints a table and JSON.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Controller, Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, MessagePattern, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { brokersFromEnv, createBus, Responder, RpcClient } from '@puchi/kafka';

type System = 'puchi' | 'puchi-platformatic' | 'nest';

/** Ours on a given client; `puchi` leaves the choice to KAFKA_CLIENT (kafkajs by default). */
const clientOf = (system: System) => (system === 'puchi-platformatic' ? { client: 'platformatic' as const } : {});
type Call = (payload: unknown) => Promise<unknown>;

const args = new Map<string, string>(
  process.argv.slice(2).map((a): [string, string] => {
    const [name = '', ...value] = a.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const quick = args.has('quick');
const PHASE_MS = { warmup: quick ? 500 : 1500, c1: quick ? 1500 : 4000, c32: quick ? 1500 : 4000, c256: quick ? 2500 : 6000 };
/** The bench client's reply topic prefix: the responder (in its own process) must be told to reply there. */
const BENCH_REPLY_PREFIX = 'bench';
const PAYLOADS = [
  { name: '200 B', bytes: 200 },
  { name: '10 KB', bytes: 10 * 1024 },
];

function payloadOf(bytes: number): { id: string; data: string } {
  const id = randomUUID();
  const overhead = JSON.stringify({ id, data: '' }).length;
  return { id, data: 'x'.repeat(Math.max(0, bytes - overhead)) };
}

// ---------------------------------------------------------------- responder side (child process)

async function serve(system: System, topic: string, group: string): Promise<() => Promise<void>> {
  const brokers = brokersFromEnv(process.env);
  if (system !== 'nest') {
    const responder = new Responder({ bus: createBus({ clientId: 'bench-responder', brokers, ...clientOf(system) }), groupId: group, replyTopicPrefixes: [BENCH_REPLY_PREFIX] }).handle(topic, (p) => p);
    await responder.start();
    return () => responder.close();
  }
  NestLogger.overrideLogger(false);
  @Controller()
  class EchoController {
    @MessagePattern(topic)
    echo(data: unknown) {
      return data;
    }
  }
  @Module({ controllers: [EchoController] })
  class EchoModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(EchoModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: { client: { clientId: 'bench-nest-service', brokers }, consumer: { groupId: group } },
  });
  await app.listen();
  return () => app.close();
}

async function child(): Promise<void> {
  const stop = await serve(args.get('system') as System, args.get('topic') ?? '', args.get('group') ?? '');
  process.on('message', (m) => {
    if (m === 'stop') void stop().then(() => process.exit(0));
  });
  process.send?.('ready');
}

function startChild(system: System, topic: string, group: string): Promise<ChildProcess> {
  const proc = fork(process.argv[1] ?? 'bench/rpc.ts', ['--role=responder', `--system=${system}`, `--topic=${topic}`, `--group=${group}`], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => (m === 'ready' ? resolve(proc) : reject(new Error(String(m)))));
    proc.once('exit', (code) => reject(new Error(`responder exited with ${code}`)));
  });
}

function stopChild(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.send('stop');
  });
}

// ---------------------------------------------------------------- client side

async function connect(system: System, topic: string): Promise<{ call: Call; close: () => Promise<void> }> {
  const brokers = brokersFromEnv(process.env);
  if (system !== 'nest') {
    const client = new RpcClient({ bus: createBus({ clientId: 'bench-client', brokers, ...clientOf(system) }), replyTopicPrefix: BENCH_REPLY_PREFIX, defaultTimeoutMs: 30_000 });
    await client.start();
    return { call: (p) => client.request(topic, p), close: () => client.close() };
  }
  const client = new ClientKafka({ client: { clientId: `bench-nest-client-${randomUUID().slice(0, 6)}`, brokers }, consumer: { groupId: `bench-nest-client-${randomUUID().slice(0, 6)}` } });
  client.subscribeToResponseOf(topic);
  await client.connect();
  return { call: (p) => lastValueFrom(client.send(topic, p)), close: () => client.close() };
}

interface Phase {
  concurrency: number;
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function run(call: Call, bytes: number, concurrency: number, durationMs: number): Promise<Phase> {
  const latencies: number[] = [];
  const payload = payloadOf(bytes);
  const started = performance.now();
  const until = started + durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const reply = (await call(payload)) as { id?: string };
      if (reply?.id !== payload.id) throw new Error('wrong reply');
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { concurrency, count: latencies.length, seconds, perSecond: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function ensureTopics(names: { topic: string; partitions: number }[]): Promise<void> {
  const admin = await createBus({ clientId: 'bench-admin' }).admin();
  for (const { topic, partitions } of names) await admin.createTopic(topic, partitions);
  await admin.disconnect();
}

async function dropTopics(names: string[]): Promise<void> {
  const admin = await createBus({ clientId: 'bench-admin' }).admin();
  await admin.deleteTopics(names).catch(() => undefined);
  await admin.disconnect();
}

type Results = Record<System, Record<string, { c1: Phase; c32: Phase; c256: Phase }>>;

async function benchSystem(system: System): Promise<Results[System]> {
  const id = randomUUID().slice(0, 8);
  const topic = `bench-${system}-${id}`;
  // The topology's shape: 3 partitions per request topic (and per `.reply`, which NestJS reads).
  await ensureTopics([
    { topic, partitions: 3 },
    { topic: `${topic}.reply`, partitions: 3 },
  ]);
  const responder = await startChild(system, topic, `bench-${system}-group-${id}`);
  const client = await connect(system, topic);
  const out: Results[System] = {};
  try {
    for (const p of PAYLOADS) {
      await run(client.call, p.bytes, 32, PHASE_MS.warmup);
      const c1 = await run(client.call, p.bytes, 1, PHASE_MS.c1);
      const c32 = await run(client.call, p.bytes, 32, PHASE_MS.c32);
      const c256 = await run(client.call, p.bytes, 256, PHASE_MS.c256);
      out[p.name] = { c1, c32, c256 };
      process.stderr.write(`${system} ${p.name}: c1 p50 ${c1.p50.toFixed(2)} ms, c256 ${c256.perSecond.toFixed(0)}/s\n`);
    }
  } finally {
    await client.close();
    await stopChild(responder);
    await dropTopics([topic, `${topic}.reply`]);
  }
  return out;
}

function table(results: Partial<Results>): string {
  const f = (n: number | undefined, d = 2) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(d));
  const rows = [['system', 'payload', 'c1 p50 ms', 'c1 p99 ms', 'c32 p50 ms', 'c32 p99 ms', 'c256 p50 ms', 'c256 p99 ms', 'c256 rt/s']];
  for (const [system, byPayload] of Object.entries(results)) {
    for (const [payload, r] of Object.entries(byPayload ?? {})) {
      rows.push([system, payload, f(r.c1.p50), f(r.c1.p99), f(r.c32.p50), f(r.c32.p99), f(r.c256.p50), f(r.c256.p99), f(r.c256.perSecond, 0)]);
    }
  }
  if (results.puchi && results.nest) {
    for (const p of PAYLOADS) {
      const a = results.puchi[p.name];
      const b = results.nest[p.name];
      if (!a || !b) continue;
      rows.push(['puchi/nest', p.name, `${f(b.c1.p50 / a.c1.p50, 1)}x faster`, '', `${f(b.c32.p50 / a.c32.p50, 1)}x faster`, '', '', '', `${f(a.c256.perSecond / b.c256.perSecond, 1)}x`]);
    }
  }
  if (results.puchi && results['puchi-platformatic']) {
    // Above 1: @platformatic/kafka is faster (lower latency, more round trips a second) than the default client.
    for (const p of PAYLOADS) {
      const a = results.puchi[p.name];
      const b = results['puchi-platformatic'][p.name];
      if (!a || !b) continue;
      rows.push(['platformatic/default', p.name, `${f(a.c1.p50 / b.c1.p50)}x`, '', `${f(a.c32.p50 / b.c32.p50)}x`, '', `${f(a.c256.p50 / b.c256.p50)}x`, '', `${f(b.c256.perSecond / a.c256.perSecond)}x`]);
    }
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  NestLogger.overrideLogger(false);
  const only = args.get('only');
  const systems = (only ? only.split(',') : ['puchi', 'nest']) as System[];
  const results: Partial<Results> = {};
  for (const system of systems) results[system] = await benchSystem(system);
  const goals = results.puchi
    ? {
        c1p50Under3ms: PAYLOADS.every((p) => (results.puchi?.[p.name]?.c1.p50 ?? Infinity) <= 3),
        c256Over5000: PAYLOADS.every((p) => (results.puchi?.[p.name]?.c256.perSecond ?? 0) >= 5000),
        over5xNest: results.nest ? PAYLOADS.every((p) => (results.puchi?.[p.name]?.c256.perSecond ?? 0) >= 5 * (results.nest?.[p.name]?.c256.perSecond ?? Infinity)) : undefined,
      }
    : undefined;
  process.stdout.write(`\n${table(results)}\n\n`);
  process.stdout.write(JSON.stringify({ date: new Date().toISOString(), brokers: brokersFromEnv(process.env), node: process.version, phasesMs: PHASE_MS, results, goals }, null, 2) + '\n');
}

if (args.get('role') === 'responder') void child();
else
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
