/**
 * The faults: a seeded schedule (the same seed, the same schedule) of kill -9 and restart of service instances and
 * of one gateway, and of a clean stop and restart of one broker; then its execution against the running fleet.
 * `--broker-kill` and `--gateway-kill` run one fault alone instead (`singleFaultPlan`).
 * Never more than one broker down (and none stopped before every partition is fully in sync again), never every
 * instance of a domain down at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import type { LauncherConfig } from '@puchi/kafka/launcher';
import { killNode, restartNodes, runningNodes, stopNode, waitFullIsr } from './cluster';
import type { FaultRecord, History } from './history';
import { isUp, killGateway, killInstance, startGateway, startInstance, type Fleet, type Instance } from './processes';
import type { Random } from './random';

export type FaultKind = FaultRecord['kind'];

export interface PlannedFault {
  kind: FaultKind;
  /** An instance name (`user#2`), `gateway#2` or `broker#3`. */
  target: string;
  /** ms after the faults begin. */
  at: number;
  /** How long the target stays down before its restart begins, ms. */
  downMs: number;
}

export interface FaultSettings {
  /** How long faults are injected, ms. */
  durationMs: number;
  /** Pause between two faults, ms (uniform). */
  gapMs: [number, number];
  serviceDownMs: [number, number];
  gatewayDownMs: [number, number];
  brokerDownMs: [number, number];
}

/** Rough time a restart takes before the target serves again (for planning only). */
const RESTART_ESTIMATE_MS: Record<FaultKind, number> = { 'kill-service': 10_000, 'kill-gateway': 8_000, 'stop-broker': 40_000, 'kill-broker': 40_000 };

/**
 * The schedule, from `random` alone. `instances` are the killable ones (`domain#n` of domains with more than one
 * instance); the gateway killed is always the last one (`gateway#<n>`); brokers are 1-3. The first three faults
 * are one of each kind, in random order, so even a short run has each.
 */
export function planFaults(random: Random, settings: FaultSettings, instances: { name: string; domain: string }[], gatewayCount: number): PlannedFault[] {
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(i.domain, (counts.get(i.domain) ?? 0) + 1);
  const killable = instances.filter((i) => (counts.get(i.domain) ?? 0) > 1);
  const plan: PlannedFault[] = [];
  const busyUntil = (target: string) => Math.max(0, ...plan.filter((f) => f.target === target).map((f) => f.at + f.downMs + RESTART_ESTIMATE_MS[f.kind]));
  const downAt = (domain: string, at: number) =>
    plan.filter((f) => f.kind === 'kill-service' && f.target.startsWith(`${domain}#`) && f.at <= at + 20_000 && at <= f.at + f.downMs + RESTART_ESTIMATE_MS[f.kind]).length;
  const firstKinds: FaultKind[] = ['kill-service', 'kill-gateway', 'stop-broker'].sort(() => random.next() - 0.5) as FaultKind[];
  let at = random.int(settings.gapMs[0], settings.gapMs[1]) / 2;
  while (at < settings.durationMs) {
    const roll = random.next();
    let kind: FaultKind = plan.length < 3 ? firstKinds[plan.length]! : roll < 0.6 ? 'kill-service' : roll < 0.8 ? 'kill-gateway' : 'stop-broker';
    if (kind === 'kill-gateway' && gatewayCount < 2) kind = 'kill-service';
    const lastBroker = plan.filter((f) => f.kind === 'stop-broker').at(-1);
    if (kind === 'stop-broker' && lastBroker && at < lastBroker.at + lastBroker.downMs + RESTART_ESTIMATE_MS['stop-broker']) kind = 'kill-service';
    let fault: PlannedFault | undefined;
    if (kind === 'kill-service') {
      const candidates = killable.filter((i) => busyUntil(i.name) < at && downAt(i.domain, at) < (counts.get(i.domain) ?? 0) - 1);
      if (candidates.length > 0) fault = { kind, target: random.pick(candidates).name, at, downMs: random.int(...settings.serviceDownMs) };
    } else if (kind === 'kill-gateway') {
      const target = `gateway#${gatewayCount}`;
      if (busyUntil(target) < at) fault = { kind, target, at, downMs: random.int(...settings.gatewayDownMs) };
    } else {
      fault = { kind, target: `broker#${random.int(1, 3)}`, at, downMs: random.int(...settings.brokerDownMs) };
    }
    if (fault) plan.push(fault);
    at += random.int(settings.gapMs[0], settings.gapMs[1]);
  }
  return plan;
}

/**
 * One fault alone, `atMs` into the load, restarted after `downMs`: kill -9 of a broker (which one from `random`), or
 * of the last gateway (the load keeps the others).
 */
export function singleFaultPlan(mode: 'broker-kill' | 'gateway-kill', random: Random, gatewayCount: number, atMs: number, downMs: number): PlannedFault[] {
  if (mode === 'gateway-kill') return [{ kind: 'kill-gateway', target: `gateway#${gatewayCount}`, at: atMs, downMs }];
  return [{ kind: 'kill-broker', target: `broker#${random.int(1, 3)}`, at: atMs, downMs }];
}

export interface FaultRuntime {
  fleet: Fleet;
  brokerConfig: Partial<LauncherConfig>;
  admin: Admin;
  history: History;
  now: () => number;
  say: (line: string) => void;
  stopped: () => boolean;
}

/** Keeps an instance's earlier log: `startServiceProcess` truncates it. */
function keepLog(instance: Instance, n: number): void {
  const log = path.join(instance.logDir, `${instance.domain}.log`);
  if (fs.existsSync(log)) fs.renameSync(log, path.join(instance.logDir, `${instance.domain}.${n}.log`));
}

async function runFault(rt: FaultRuntime, fault: PlannedFault, n: number): Promise<FaultRecord> {
  const { fleet } = rt;
  const record: FaultRecord = { kind: fault.kind, target: fault.target, at: rt.now() };
  if (fault.kind === 'kill-service') {
    const instance = fleet.instances.find((i) => i.name === fault.target)!;
    const upOthers = fleet.instances.filter((i) => i.domain === instance.domain && i !== instance && isUp(i)).length;
    if (!isUp(instance) || upOthers === 0) return { ...record, skipped: !isUp(instance) ? 'not up (still restarting)' : 'no other instance of the domain up' };
    await killInstance(instance);
    rt.say(`fault ${n}: kill -9 ${instance.name}; restart in ${(fault.downMs / 1000).toFixed(1)} s`);
    await sleep(fault.downMs);
    if (rt.stopped()) return { ...record, skipped: 'run stopped before the restart' };
    keepLog(instance, n);
    await startInstance(fleet, instance);
  } else if (fault.kind === 'kill-gateway') {
    const gateway = fleet.gateways.find((g) => `gateway#${g.index}` === fault.target)!;
    if (!gateway.child) return { ...record, skipped: 'not up' };
    await killGateway(gateway);
    rt.say(`fault ${n}: kill -9 ${fault.target}; restart in ${(fault.downMs / 1000).toFixed(1)} s`);
    await sleep(fault.downMs);
    if (rt.stopped()) return { ...record, skipped: 'run stopped before the restart' };
    await startGateway(fleet, gateway);
    rt.history.gatewayDown.push({ gateway: gateway.index, from: record.at, to: rt.now() });
  } else {
    const node = Number(fault.target.split('#')[1]);
    if (runningNodes(rt.brokerConfig).length < 3) return { ...record, skipped: 'another broker is down' };
    try {
      await waitFullIsr(rt.admin, 1000);
    } catch {
      return { ...record, skipped: 'partitions not fully in sync yet' };
    }
    record.at = rt.now();
    if (fault.kind === 'kill-broker') {
      await killNode(rt.brokerConfig, node);
      rt.say(`fault ${n}: kill -9 ${fault.target}; restart in ${(fault.downMs / 1000).toFixed(1)} s`);
    } else {
      await stopNode(rt.brokerConfig, node);
      rt.say(`fault ${n}: stopped ${fault.target} (SIGTERM) in ${((rt.now() - record.at) / 1000).toFixed(1)} s; restart in ${(fault.downMs / 1000).toFixed(1)} s`);
    }
    await sleep(fault.downMs);
    if (rt.stopped()) return { ...record, skipped: 'run stopped before the restart' };
    await restartNodes(rt.brokerConfig);
    await waitFullIsr(rt.admin);
  }
  record.recoveredAt = rt.now();
  rt.say(`fault ${n}: ${fault.target} back after ${((record.recoveredAt - record.at) / 1000).toFixed(1)} s`);
  return record;
}

/** Runs the plan from now; each fault's recovery runs alongside the next ones. Resolves when every fault recovered. */
export async function runFaults(rt: FaultRuntime, plan: PlannedFault[]): Promise<void> {
  const begin = rt.now();
  const running: Promise<void>[] = [];
  for (const [i, fault] of plan.entries()) {
    const wait = begin + fault.at - rt.now();
    if (wait > 0) await sleep(wait);
    if (rt.stopped()) break;
    running.push(
      runFault(rt, fault, i + 1).then(
        (record) => {
          if (record.skipped) rt.say(`fault ${i + 1}: ${fault.kind} ${fault.target} skipped: ${record.skipped}`);
          rt.history.faults.push(record);
        },
        (error: unknown) => {
          rt.say(`fault ${i + 1}: ${fault.kind} ${fault.target} FAILED: ${error instanceof Error ? error.message : String(error)}`);
          rt.history.faults.push({ kind: fault.kind, target: fault.target, at: begin + fault.at, skipped: `failed: ${String(error)}` });
        },
      ),
    );
  }
  await Promise.all(running);
}
