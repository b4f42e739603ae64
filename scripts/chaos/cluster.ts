/**
 * The chaos run's Kafka: a 3-node cluster of its own (ports 30092-30097, data under `.kafka/chaos-<run>`), the
 * declared topics on it (replication 3, min ISR 2: `applyDeclaredTopology` derives them from the cluster size),
 * and stopping / restarting one node at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { applyDeclaredTopology, createKafka, silentLogger } from '@puchi/kafka';
import { defaultConfig, kafkaStatus, launcherConfigFromEnv, nodeLayouts, REPO_ROOT, startKafka, stopKafka, type LauncherConfig } from '@puchi/kafka/launcher';
import { topologyDeclaration } from '@puchi/domains';

// Below the kernel's ephemeral range (32768-60999 on Linux): a port there may be some outgoing socket's, and the
// launcher then finds it taken (CI did, once).
export const CHAOS_BROKER_PORT = 30092;

export interface ChaosCluster {
  config: Partial<LauncherConfig>;
  brokers: string[];
  admin: Admin;
}

export function clusterConfig(runId: string, env: NodeJS.ProcessEnv): Partial<LauncherConfig> {
  // The jars, java and heap may come from the environment; the port and folder are always the run's own.
  return { ...launcherConfigFromEnv(env), nodes: 3, port: CHAOS_BROKER_PORT, dataDir: path.join(REPO_ROOT, '.kafka', `chaos-${runId}`), heapMb: 384 };
}

export async function startCluster(config: Partial<LauncherConfig>, say: (line: string) => void): Promise<ChaosCluster> {
  const status = await startKafka({ ...config, fresh: true, onProgress: (l) => say(`kafka: ${l}`) });
  const kafka = createKafka({ clientId: 'puchi-chaos', brokers: status.brokers, logger: silentLogger, retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 2000 } });
  const admin = kafka.admin();
  await admin.connect();
  const report = await applyDeclaredTopology(admin, topologyDeclaration());
  say(`topics: ${report.created.length} created (replication 3, min ISR 2)`);
  return { config, brokers: status.brokers, admin };
}

/** Node ids (1-3) that run now. */
export function runningNodes(config: Partial<LauncherConfig>): number[] {
  return kafkaStatus(config).nodes.filter((n) => n.running).map((n) => n.id);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops one node cleanly (SIGTERM, as an operator's restart would), SIGKILL after `graceMs`. */
export function stopNode(config: Partial<LauncherConfig>, nodeId: number, graceMs = 30_000): Promise<void> {
  return endNode(config, nodeId, 'SIGTERM', graceMs);
}

/** Kills one node (-9): no leader hand-over, no clean shutdown; the others must elect leaders for its partitions. */
export function killNode(config: Partial<LauncherConfig>, nodeId: number): Promise<void> {
  return endNode(config, nodeId, 'SIGKILL', 0);
}

async function endNode(config: Partial<LauncherConfig>, nodeId: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const node = kafkaStatus(config).nodes.find((n) => n.id === nodeId);
  if (!node?.running || node.pid === undefined) throw new Error(`broker node ${nodeId} is not running`);
  const pid = node.pid;
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (alive(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await sleep(20);
  }
  const layout = nodeLayouts(defaultConfig(config)).find((n) => n.id === nodeId)!;
  fs.rmSync(layout.pidFile, { force: true });
}

/** Starts the nodes that are not running (the launcher leaves running ones alone). */
export async function restartNodes(config: Partial<LauncherConfig>): Promise<void> {
  await startKafka(config);
}

/** Resolves once every partition of every topic has all three replicas in sync, or throws after `timeoutMs`. */
export async function waitFullIsr(admin: Admin, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lagging = -1;
  while (Date.now() < deadline) {
    try {
      const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      lagging = meta.reduce((n, t) => n + t.partitions.filter((p) => p.isr.length < p.replicas.length).length, 0);
      if (lagging === 0) return;
    } catch {
      // A metadata request during the restart: try again.
    }
    await sleep(500);
  }
  throw new Error(`${lagging} partitions still had fewer in-sync replicas than replicas after ${timeoutMs} ms`);
}

export async function stopCluster(cluster: { config: Partial<LauncherConfig>; admin?: Admin }, keepData = false): Promise<void> {
  await cluster.admin?.disconnect().catch(() => undefined);
  await stopKafka({ ...cluster.config, graceMs: 10_000 });
  if (!keepData) fs.rmSync(cluster.config.dataDir!, { recursive: true, force: true });
}
