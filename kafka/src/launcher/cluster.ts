import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bootstrapServers, defaultConfig, nodeLayouts, type LauncherConfig, type NodeLayout } from './config';
import { adminClientProperties, readBrokerCredentials, withUsers, writeBrokerCredentials, writePrivateFile, type BrokerCredentials } from './credentials';
import { BrokerExitedError, BrokerStartTimeoutError, CredentialsMissingError, DataDirMismatchError, PortInUseError, ScramUserError, StorageFormatError } from './errors';
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
  /** Clients must authenticate; the users and passwords are in the folder (`readBrokerCredentials(dataDir)`). */
  secure: boolean;
  nodes: NodeStatus[];
}

/** What a data folder was formatted for; a different shape would fail in confusing ways later, so we refuse it early. */
interface ClusterFile {
  clusterId: string;
  nodes: number;
  port: number;
  /** Absent in folders formatted before secure brokers existed: those are not. */
  secure?: boolean;
}

const CLUSTER_FILE = 'cluster.json';
/** Kafka's own tools take it as `--command-config` to act as the admin of a secure broker. */
const ADMIN_CLIENT_FILE = 'admin-client.properties';
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
  // The folder knows what it was formatted as, whatever the caller asked for.
  const secure = readClusterFile(config.dataDir)?.secure ?? config.secure;
  return { running: nodes.every((n) => n.running), brokers: bootstrapServers(config), dataDir: config.dataDir, secure, nodes };
}

function javaArgs(config: LauncherConfig, jarsDir: string, node?: NodeLayout): string[] {
  const heap = node ? `${config.heapMb}m` : '256m';
  const args = [`-Xms${node ? heap : '64m'}`, `-Xmx${heap}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true'];
  if (node) args.push(`-Dkafka.logs.dir=${node.logDir}`, `-Dlog4j2.configurationFile=${node.log4jFile}`);
  args.push('-cp', path.join(jarsDir, '*'));
  return args;
}

function runJava(java: string, config: LauncherConfig, mainClass: string, args: string[]): { ok: boolean; stdout: string; output: string } {
  const result = spawnSync(java, [...javaArgs(config, config.jarsDir), '-Dlog4j2.level=WARN', mainClass, ...args], { encoding: 'utf8' });
  return { ok: result.status === 0, stdout: result.stdout.trim(), output: (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n') };
}

function runTool(java: string, config: LauncherConfig, args: string[], shown = args): string {
  const result = runJava(java, config, 'kafka.tools.StorageTool', args);
  if (!result.ok) throw new StorageFormatError(result.output, shown.join(' '));
  return result.stdout;
}

const scramArg = (mechanism: string, user: string, password: string) => `${mechanism.toUpperCase()}=[name=${user},password=${password}]`;

/**
 * A secure folder's users: those of its `credentials.json`, plus fresh ones for `config.users` it lacks. Kept in
 * memory until they exist on the broker (`addScramUsers`), so a failed start never records a user it lacks.
 */
function brokerUsers(config: LauncherConfig, formatted: boolean): { credentials: BrokerCredentials; added: string[] } {
  const known = readBrokerCredentials(config.dataDir);
  if (formatted && !known) throw new CredentialsMissingError(config.dataDir);
  return withUsers(known, config.users);
}

/**
 * Formats every node's storage that is not formatted yet (KRaft needs it once per log dir); a secure folder's
 * SCRAM users go into the metadata log with it (KIP-900). Returns the users still to add to the running broker.
 */
function format(java: string, config: LauncherConfig, nodes: NodeLayout[], onProgress: (l: string) => void): { credentials?: BrokerCredentials; toAdd: string[] } {
  let cluster = readClusterFile(config.dataDir);
  const shape = (c: { nodes: number; port: number; secure?: boolean }) => `${c.secure ? 'secure ' : ''}${c.nodes}-node cluster on port ${c.port}`;
  if (cluster && (cluster.nodes !== config.nodes || cluster.port !== config.port || (cluster.secure ?? false) !== config.secure)) {
    throw new DataDirMismatchError(config.dataDir, shape(cluster), shape(config));
  }
  const unformatted = nodes.filter((n) => !fs.existsSync(path.join(n.dataDir, 'meta.properties')));
  const users = config.secure ? brokerUsers(config, unformatted.length < nodes.length) : undefined;
  const credentials = users?.credentials;
  if (!cluster) {
    cluster = { clusterId: runTool(java, config, ['random-uuid']), nodes: config.nodes, port: config.port, ...(config.secure ? { secure: true } : {}) };
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(path.join(config.dataDir, CLUSTER_FILE), JSON.stringify(cluster, null, 2) + '\n');
  }
  if (credentials && unformatted.length === nodes.length) writeBrokerCredentials(config.dataDir, credentials);
  for (const node of nodes) {
    fs.mkdirSync(node.logDir, { recursive: true });
    // A secure node's properties hold the admin password.
    (credentials ? writePrivateFile : fs.writeFileSync)(node.propertiesFile, serverProperties(config, node, nodes, credentials));
    fs.writeFileSync(node.log4jFile, log4jProperties(node));
    if (!unformatted.includes(node)) continue;
    onProgress(`formatting KRaft storage of node ${node.id} (cluster ${cluster.clusterId}${credentials ? `, SCRAM users ${Object.keys(credentials.users).join(', ')}` : ''})`);
    // One node bootstraps a dynamic quorum of itself; three nodes use the static voter list in their properties.
    const args = ['format', '-t', cluster.clusterId, '-c', node.propertiesFile, ...(config.nodes === 1 ? ['--standalone'] : [])];
    const scram = Object.entries(credentials?.users ?? {}).flatMap(([user, password]) => ['--add-scram', scramArg(credentials!.mechanism, user, password)]);
    runTool(java, config, [...args, ...scram], [...args, ...(scram.length ? ['--add-scram …'] : [])]);
  }
  if (credentials) writePrivateFile(path.join(config.dataDir, ADMIN_CLIENT_FILE), adminClientProperties(credentials));
  // Users of a folder formatted just now are in its log already; only a grown list needs adding once it runs.
  return { credentials, toAdd: unformatted.length === nodes.length ? [] : (users?.added ?? []) };
}

/** Adds SCRAM users to a running secure broker as its admin (Kafka's ConfigCommand), then records them. */
function addScramUsers(java: string, config: LauncherConfig, credentials: BrokerCredentials, users: string[], onProgress: (l: string) => void): void {
  if (users.length === 0) return;
  onProgress(`adding SCRAM users ${users.join(', ')}`);
  const adminFile = path.join(config.dataDir, ADMIN_CLIENT_FILE);
  for (const user of users) {
    const scram = `${credentials.mechanism.toUpperCase()}=[password=${credentials.users[user]}]`;
    const args = ['--bootstrap-server', bootstrapServers(config)[0]!, '--command-config', adminFile, '--alter', '--entity-type', 'users', '--entity-name', user, '--add-config', scram];
    const result = runJava(java, config, 'kafka.admin.ConfigCommand', args);
    if (!result.ok) throw new ScramUserError(user, result.output);
  }
  writeBrokerCredentials(config.dataDir, credentials);
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
    if (config.secure) {
      // Running since before the list of users grew (a domain added): add the new ones to it as it is.
      const { credentials, added } = brokerUsers(config, true);
      if (added.length > 0) addScramUsers(checkJava(config.java), config, credentials, added, onProgress);
    }
    return kafkaStatus(config);
  }

  const java = checkJava(config.java);
  await ensureJars({ jarsDir: config.jarsDir, mvn: config.mvn, onProgress });
  for (const node of toStart) {
    if (await portTaken(node.brokerPort)) throw new PortInUseError(node.brokerPort, 'broker');
    if (await portTaken(node.controllerPort)) throw new PortInUseError(node.controllerPort, 'controller');
  }
  const { credentials, toAdd } = format(java, config, nodes, onProgress);

  const started = toStart.map((node) => {
    const pid = spawnNode(java, config, node);
    onProgress(`node ${node.id} starting (pid ${pid}) on 127.0.0.1:${node.brokerPort}, log: ${node.logFile}`);
    return { node, pid };
  });
  try {
    await Promise.all(started.map(({ node, pid }) => waitStarted(config, node, pid)));
    if (credentials) addScramUsers(java, config, credentials, toAdd, onProgress);
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
