import path from 'node:path';

/** The repo root, from this file's place in it (kafka/src/launcher). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface LauncherConfig {
  /** 1 (combined broker+controller) or 3 (static quorum on one machine, for fault tests). Default 1. */
  nodes: 1 | 3;
  /** Port of node 1's broker listener; its controller gets port+1, node N gets port+2(N-1) and the next. Default 9092 (KAFKA_PORT). */
  port: number;
  /** Where node folders (data, logs, pid) live. Default `.kafka/data` or `.kafka/cluster3` for 3 nodes (KAFKA_DATA_DIR). */
  dataDir: string;
  /** Where the broker's jars are cached; shared by every data folder. Default `.kafka/libs` (KAFKA_JARS_DIR). */
  jarsDir: string;
  /** Broker heap in MiB. Default 512 for one node, 384 each for three (KAFKA_HEAP_MB). */
  heapMb: number;
  /** How long to wait for "Kafka Server started", ms. Default 90000 (KAFKA_START_TIMEOUT_MS). */
  startTimeoutMs: number;
  /** Extra `key=value` broker settings, given as `--override` to every node. */
  overrides: Record<string, string>;
}

export function defaultConfig(overrides: Partial<LauncherConfig> = {}, env: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const nodes = overrides.nodes ?? 1;
  const num = (key: string, fallback: number): number => {
    const raw = env[key];
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${key} must be a positive integer, got "${raw}"`);
    return value;
  };
  return {
    nodes,
    port: num('KAFKA_PORT', 9092),
    dataDir: env.KAFKA_DATA_DIR ? path.resolve(env.KAFKA_DATA_DIR) : path.join(REPO_ROOT, '.kafka', nodes === 3 ? 'cluster3' : 'data'),
    jarsDir: env.KAFKA_JARS_DIR ? path.resolve(env.KAFKA_JARS_DIR) : path.join(REPO_ROOT, '.kafka', 'libs'),
    heapMb: num('KAFKA_HEAP_MB', nodes === 3 ? 384 : 512),
    startTimeoutMs: num('KAFKA_START_TIMEOUT_MS', 90_000),
    overrides: {},
    ...overrides,
  };
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
