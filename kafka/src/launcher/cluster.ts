import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bootstrapServers, defaultConfig, nodeLayouts, type LauncherConfig, type NodeLayout } from './config';
import { BrokerExitedError, BrokerStartTimeoutError, DataDirMismatchError, PortInUseError, StorageFormatError } from './errors';
import { ensureJars } from './jars';
import { checkJava } from './java';
import { portTaken } from './ports';
import { alive, isOurBroker, lastLines, readPid, sleep, terminate } from './process';
import { log4jProperties, serverProperties } from './properties';

export interface StartOptions extends Partial<LauncherConfig> {
  /** Wipe the data folder first (stopping its nodes if they run). */
  fresh?: boolean;
  /** Progress lines for a person; the CLI prints them. */
  onProgress?: (line: string) => void;
}

export interface NodeStatus {
  id: number;
  pid?: number;
  running: boolean;
  brokerPort: number;
  logFile: string;
}

export interface KafkaStatus {
  running: boolean;
  brokers: string[];
  dataDir: string;
  nodes: NodeStatus[];
}

/** What a data folder was formatted for; a different shape would fail in confusing ways later, so we refuse it early. */
interface ClusterFile {
  clusterId: string;
  nodes: number;
  port: number;
}

const CLUSTER_FILE = 'cluster.json';
const STARTED_LINE = 'Kafka Server started';

function readClusterFile(dataDir: string): ClusterFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, CLUSTER_FILE), 'utf8')) as ClusterFile;
  } catch {
    return undefined;
  }
}

function nodeStatus(node: NodeLayout): NodeStatus {
  const pid = readPid(node.pidFile);
  const running = pid !== undefined && isOurBroker(pid, node.propertiesFile);
  return { id: node.id, pid: running ? pid : undefined, running, brokerPort: node.brokerPort, logFile: node.logFile };
}

export function kafkaStatus(options: Partial<LauncherConfig> = {}): KafkaStatus {
  const config = defaultConfig(options);
  const nodes = nodeLayouts(config).map(nodeStatus);
  return { running: nodes.every((n) => n.running), brokers: bootstrapServers(config), dataDir: config.dataDir, nodes };
}

function javaArgs(config: LauncherConfig, jarsDir: string, node?: NodeLayout): string[] {
  const heap = node ? `${config.heapMb}m` : '256m';
  const args = [`-Xms${node ? heap : '64m'}`, `-Xmx${heap}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true'];
  if (node) args.push(`-Dkafka.logs.dir=${node.logDir}`, `-Dlog4j2.configurationFile=${node.log4jFile}`);
  args.push('-cp', path.join(jarsDir, '*'));
  return args;
}

function runTool(java: string, config: LauncherConfig, args: string[]): string {
  const result = spawnSync(java, [...javaArgs(config, config.jarsDir), '-Dlog4j2.level=WARN', 'kafka.tools.StorageTool', ...args], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new StorageFormatError((result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n'), args.join(' '));
  return result.stdout.trim();
}

/** Formats every node's storage that is not formatted yet (KRaft needs it once per log dir). */
function format(java: string, config: LauncherConfig, nodes: NodeLayout[], onProgress: (l: string) => void): void {
  let cluster = readClusterFile(config.dataDir);
  if (cluster && (cluster.nodes !== config.nodes || cluster.port !== config.port)) {
    throw new DataDirMismatchError(config.dataDir, `${cluster.nodes}-node cluster on port ${cluster.port}`, `${config.nodes}-node cluster on port ${config.port}`);
  }
  if (!cluster) {
    cluster = { clusterId: runTool(java, config, ['random-uuid']), nodes: config.nodes, port: config.port };
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(path.join(config.dataDir, CLUSTER_FILE), JSON.stringify(cluster, null, 2) + '\n');
  }
  for (const node of nodes) {
    fs.mkdirSync(node.logDir, { recursive: true });
    fs.writeFileSync(node.propertiesFile, serverProperties(config, node, nodes));
    fs.writeFileSync(node.log4jFile, log4jProperties(node));
    if (fs.existsSync(path.join(node.dataDir, 'meta.properties'))) continue;
    onProgress(`formatting KRaft storage of node ${node.id} (cluster ${cluster.clusterId})`);
    // One node bootstraps a dynamic quorum of itself; three nodes use the static voter list in their properties.
    runTool(java, config, ['format', '-t', cluster.clusterId, '-c', node.propertiesFile, ...(config.nodes === 1 ? ['--standalone'] : [])]);
  }
}

function spawnNode(java: string, config: LauncherConfig, node: NodeLayout): number {
  fs.mkdirSync(node.logDir, { recursive: true });
  // The log starts empty so "Kafka Server started" from an earlier run is never mistaken for this one.
  fs.rmSync(node.logFile, { force: true });
  const out = fs.openSync(path.join(node.logDir, 'stdout.log'), 'w');
  const args = [...javaArgs(config, config.jarsDir, node), 'kafka.Kafka', node.propertiesFile];
  const child = spawn(java, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start java for node ${node.id}`);
  fs.writeFileSync(node.pidFile, String(child.pid));
  return child.pid;
}

async function waitStarted(config: LauncherConfig, node: NodeLayout, pid: number): Promise<void> {
  const deadline = Date.now() + config.startTimeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) {
      const stdout = lastLines(path.join(node.logDir, 'stdout.log'), 10);
      throw new BrokerExitedError(node.id, null, node.logFile, `${lastLines(node.logFile)}\n${stdout}`.trim());
    }
    try {
      if (fs.readFileSync(node.logFile, 'utf8').includes(STARTED_LINE)) return;
    } catch {
      // No log file yet.
    }
    await sleep(100);
  }
  throw new BrokerStartTimeoutError(node.id, config.startTimeoutMs, node.logFile, lastLines(node.logFile));
}

/**
 * Starts the local Kafka (or finds it already running) and resolves once every node has logged that it started.
 * Idempotent: nodes of this data folder that already run are left as they are.
 */
export async function startKafka(options: StartOptions = {}): Promise<KafkaStatus> {
  const { fresh, onProgress = () => {}, ...overrides } = options;
  const config = defaultConfig(overrides);
  const nodes = nodeLayouts(config);

  if (fresh) {
    await stopKafka(config);
    onProgress(`wiping ${config.dataDir} (--fresh)`);
    fs.rmSync(config.dataDir, { recursive: true, force: true });
  }
  const toStart = nodes.filter((n) => !nodeStatus(n).running);
  if (toStart.length === 0) {
    onProgress(`already running on ${bootstrapServers(config).join(',')}`);
    return kafkaStatus(config);
  }

  const java = checkJava(config.java);
  await ensureJars({ jarsDir: config.jarsDir, mvn: config.mvn, onProgress });
  for (const node of toStart) {
    if (await portTaken(node.brokerPort)) throw new PortInUseError(node.brokerPort, 'broker');
    if (await portTaken(node.controllerPort)) throw new PortInUseError(node.controllerPort, 'controller');
  }
  format(java, config, nodes, onProgress);

  const started = toStart.map((node) => {
    const pid = spawnNode(java, config, node);
    onProgress(`node ${node.id} starting (pid ${pid}) on 127.0.0.1:${node.brokerPort}, log: ${node.logFile}`);
    return { node, pid };
  });
  try {
    await Promise.all(started.map(({ node, pid }) => waitStarted(config, node, pid)));
  } catch (err) {
    // Leave nothing half-started behind: a second `start` should begin from a clean slate.
    await Promise.all(started.map(({ pid }) => terminate(pid, 5000)));
    throw err;
  }
  onProgress(`Kafka ready on ${bootstrapServers(config).join(',')}`);
  return kafkaStatus(config);
}

/** Stops every running node of the data folder cleanly (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopKafka(options: Partial<LauncherConfig> & { graceMs?: number } = {}): Promise<NodeStatus[]> {
  const { graceMs = 30_000, ...overrides } = options;
  const config = defaultConfig(overrides);
  const nodes = nodeLayouts(config);
  const statuses = nodes.map(nodeStatus);
  await Promise.all(
    statuses.map(async (s, i) => {
      if (s.running && s.pid !== undefined) await terminate(s.pid, graceMs);
      fs.rmSync(nodes[i]!.pidFile, { force: true });
    }),
  );
  return statuses.filter((s) => s.running);
}

/** Kills one node at once (SIGKILL), as a crash would: for fault tests. */
export async function killNode(options: Partial<LauncherConfig>, nodeId: number): Promise<void> {
  const node = nodeLayouts(defaultConfig(options)).find((n) => n.id === nodeId);
  const pid = node && readPid(node.pidFile);
  if (!node || pid === undefined || !isOurBroker(pid, node.propertiesFile)) throw new Error(`node ${nodeId} is not running`);
  process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(50);
  fs.rmSync(node.pidFile, { force: true });
}
