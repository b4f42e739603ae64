import path from 'node:path';
import { intFromEnv } from '../env';
import { javaPath } from './java';

/** The repo root, from this file's place in it (kafka/src/launcher). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * Everything the launcher needs, as options with defaults (`defaultConfig`); it reads no environment. Entry points
 * (the CLI, `npm start`, the benchmarks, the test harness) parse the documented variables once with
 * `launcherConfigFromEnv(process.env)` and pass them.
 */
export interface LauncherConfig {
  /** 1 (combined broker+controller) or 3 (static quorum on one machine, for fault tests). Default 1. */
  nodes: 1 | 3;
  /** Port of node 1's broker listener; its controller gets port+1, node N gets port+2(N-1) and the next. Default 9092 (KAFKA_PORT). */
  port: number;
  /** Where node folders (data, logs, pid) live. Default `.kafka/data` or `.kafka/cluster3` for 3 nodes, `-secure` after either when `secure` (KAFKA_DATA_DIR). */
  dataDir: string;
  /** Where the broker's jars are cached; shared by every data folder. Default `.kafka/libs` (KAFKA_JARS_DIR). */
  jarsDir: string;
  /** Broker heap in MiB. Default 512 for one node, 384 each for three (KAFKA_HEAP_MB). */
  heapMb: number;
  /** How long to wait for "Kafka Server started", ms. Default 90000 (KAFKA_START_TIMEOUT_MS). */
  startTimeoutMs: number;
  /** The java binary. Default `java` from PATH (`JAVA_HOME/bin/java` when JAVA_HOME is set, as Kafka's own scripts do). */
  java: string;
  /** The Maven binary that resolves the broker's jars. Default `mvn` from PATH (MVN). */
  mvn: string;
  /** Extra `key=value` broker settings, given as `--override` to every node. */
  overrides: Record<string, string>;
  /**
   * Authentication and ACLs (`--secure`): clients must log in with SASL/SCRAM-SHA-512 as one of the broker's users,
   * and the standard authorizer refuses what no ACL allows (only `admin` may do everything). Passwords are made up
   * when the folder is formatted and kept in its `credentials.json` (`readBrokerCredentials`). A folder is either
   * secure or not for its whole life. Default false.
   */
  secure: boolean;
  /**
   * The SCRAM users of a secure broker besides `admin`: created when the folder is formatted, and added on a later
   * start when the list grew. The launcher knows no names; entry points pass the registry's. Default none.
   */
  users: readonly string[];
}

/** Every setting: `overrides` over the defaults documented on `LauncherConfig`. Reads no environment. */
export function defaultConfig(overrides: Partial<LauncherConfig> = {}): LauncherConfig {
  const nodes = overrides.nodes ?? 1;
  const secure = overrides.secure ?? false;
  return {
    nodes,
    port: 9092,
    // A secure folder of its own: switching between `kafka:start` and `kafka:start -- --secure` needs no --fresh.
    dataDir: path.join(REPO_ROOT, '.kafka', `${nodes === 3 ? 'cluster3' : 'data'}${secure ? '-secure' : ''}`),
    jarsDir: path.join(REPO_ROOT, '.kafka', 'libs'),
    heapMb: nodes === 3 ? 384 : 512,
    startTimeoutMs: 90_000,
    java: 'java',
    mvn: 'mvn',
    overrides: {},
    secure,
    users: [],
    ...overrides,
  };
}

/**
 * Parses the launcher's variables (README, "Kafka"): `KAFKA_PORT`, `KAFKA_DATA_DIR`, `KAFKA_JARS_DIR`,
 * `KAFKA_HEAP_MB`, `KAFKA_START_TIMEOUT_MS`, `JAVA_HOME` and `MVN`; only those set, to spread under a caller's
 * own options. Throws `ConfigError` naming the variable when a number is not a positive integer.
 */
export function launcherConfigFromEnv(env: NodeJS.ProcessEnv): Partial<LauncherConfig> {
  const set = (key: string): string | undefined => (env[key]?.trim() ? env[key]!.trim() : undefined);
  const num = (key: string, max = Number.MAX_SAFE_INTEGER, allowed = 'a positive integer'): number | undefined => intFromEnv(env, key, { min: 1, max, allowed });
  const config: Partial<LauncherConfig> = {
    // Node 1's controller and the other nodes take the next ports: leave room for three nodes.
    port: num('KAFKA_PORT', 65530, 'a TCP port, an integer from 1 to 65530'),
    dataDir: set('KAFKA_DATA_DIR') && path.resolve(set('KAFKA_DATA_DIR')!),
    jarsDir: set('KAFKA_JARS_DIR') && path.resolve(set('KAFKA_JARS_DIR')!),
    heapMb: num('KAFKA_HEAP_MB', undefined, 'a positive integer number of MiB'),
    startTimeoutMs: num('KAFKA_START_TIMEOUT_MS', undefined, 'a positive integer number of milliseconds'),
    java: set('JAVA_HOME') && javaPath(set('JAVA_HOME')),
    mvn: set('MVN'),
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Partial<LauncherConfig>;
}

export interface NodeLayout {
  id: number;
  brokerPort: number;
  controllerPort: number;
  dir: string;
  logDir: string;
  dataDir: string;
  propertiesFile: string;
  log4jFile: string;
  logFile: string;
  pidFile: string;
}

export function nodeLayouts(config: LauncherConfig): NodeLayout[] {
  return Array.from({ length: config.nodes }, (_, i) => {
    const id = i + 1;
    const dir = path.join(config.dataDir, `node-${id}`);
    return {
      id,
      brokerPort: config.port + 2 * i,
      controllerPort: config.port + 2 * i + 1,
      dir,
      logDir: path.join(dir, 'logs'),
      dataDir: path.join(dir, 'data'),
      propertiesFile: path.join(dir, 'server.properties'),
      log4jFile: path.join(dir, 'log4j2.properties'),
      logFile: path.join(dir, 'logs', 'server.log'),
      pidFile: path.join(dir, 'broker.pid'),
    };
  });
}

export function bootstrapServers(config: LauncherConfig): string[] {
  return nodeLayouts(config).map((n) => `127.0.0.1:${n.brokerPort}`);
}
