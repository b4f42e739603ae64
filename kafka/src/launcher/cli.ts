/**
 * npm run kafka:start [-- --fresh] [--secure] [--nodes 3] [--port N] [--data DIR]
 * npm run kafka:stop   [-- --secure] [--nodes 3] [--data DIR]
 * npm run kafka:status [-- --secure] [--nodes 3] [--data DIR]
 * npm run kafka:jars   (only resolve the jars, e.g. in CI before the network goes away)
 * With KAFKA_BROKERS set, start and stop do nothing: that cluster is someone else's.
 * `kafka:start` runs through scripts/kafka.ts, which gives a secure broker the registry's users and ACLs (`LauncherHooks`).
 */
import { parseArgs } from 'node:util';
import { defaultConfig, launcherConfigFromEnv, type LauncherConfig } from './config';
import { LauncherError } from './errors';
import { ensureJars } from './jars';
import { kafkaStatus, startKafka, stopKafka, type KafkaStatus } from './cluster';

export const LAUNCHER_USAGE = 'usage: npm run kafka:start|kafka:stop|kafka:status|kafka:jars [-- [--fresh] [--secure] [--nodes 1|3] [--port N] [--data DIR]]';
const COMMANDS = ['start', 'stop', 'status', 'jars'] as const;
export type LauncherCommand = (typeof COMMANDS)[number];

/** A command line the launcher does not take; the CLI prints it with the usage and exits 2. */
export class LauncherUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${LAUNCHER_USAGE}`);
    this.name = 'LauncherUsageError';
  }
}

/** The command (default `status`) and its options; unknown flags, missing values and bad numbers are a `LauncherUsageError`. */
export function parseLauncherArgs(argv: string[]): { command: LauncherCommand; fresh: boolean; options: Partial<LauncherConfig> } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { fresh: { type: 'boolean' }, secure: { type: 'boolean' }, nodes: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' } },
    });
  } catch (error) {
    // node:util's refusals (unknown flag, missing value); known by code, not instanceof: they come from Node's realm.
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new LauncherUsageError(String(message));
  }
  const { values, positionals } = parsed;
  const [command = 'status', ...extra] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) throw new LauncherUsageError(`unknown command "${command}" (start, stop, status, jars)`);
  if (extra.length > 0) throw new LauncherUsageError(`unexpected argument "${extra[0]}"`);
  const options: Partial<LauncherConfig> = {};
  if (values.nodes !== undefined) {
    if (values.nodes !== '1' && values.nodes !== '3') throw new LauncherUsageError(`--nodes takes 1 or 3, got "${values.nodes}"`);
    options.nodes = values.nodes === '3' ? 3 : 1;
  }
  if (values.port !== undefined) {
    const port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
    if (!(port >= 1 && port <= 65530)) throw new LauncherUsageError(`--port takes a port from 1 to 65530, got "${values.port}"`);
    options.port = port;
  }
  if (values.data !== undefined) options.dataDir = values.data;
  if (values.secure) options.secure = true;
  return { command: command as LauncherCommand, fresh: values.fresh ?? false, options };
}

const progress = (line: string) => console.log(`[kafka] ${line}`);

/** What the launcher cannot know by itself (it knows no domain); a root script passes it (scripts/kafka.ts). */
export interface LauncherHooks {
  /** The SCRAM users of a secure broker besides `admin`. Default none. */
  users?: readonly string[];
  /** Runs once `start` has the broker running (started now or before), with its status: ACLs are applied here. */
  afterStart?(status: KafkaStatus, progress: (line: string) => void): Promise<void>;
}

/** The launcher's command line: the exit code, or a `LauncherUsageError`, `LauncherError` or `ConfigError`. */
export async function runLauncher(argv: string[], env: NodeJS.ProcessEnv, hooks: LauncherHooks = {}): Promise<number> {
  const { command, fresh, options: given } = parseLauncherArgs(argv);
  const external = env.KAFKA_BROKERS;
  // The environment's settings under the command line's, parsed once here.
  const options = { ...launcherConfigFromEnv(env), ...given, ...(hooks.users ? { users: hooks.users } : {}) };
  switch (command) {
    case 'start': {
      if (external) {
        progress(`KAFKA_BROKERS=${external} is set: using that cluster, starting nothing`);
        return 0;
      }
      const status = await startKafka({ ...options, fresh, onProgress: progress });
      await hooks.afterStart?.(status, progress);
      return 0;
    }
    case 'stop': {
      if (external) {
        progress(`KAFKA_BROKERS=${external} is set: that cluster is not ours to stop`);
        return 0;
      }
      const stopped = await stopKafka(options);
      progress(stopped.length ? `stopped node(s) ${stopped.map((s) => s.id).join(', ')}` : 'was not running');
      return 0;
    }
    case 'status': {
      if (external) {
        progress(`KAFKA_BROKERS=${external} (external cluster; the launcher does not manage it)`);
        return 0;
      }
      const status = kafkaStatus(options);
      for (const n of status.nodes) {
        progress(`node ${n.id}: ${n.running ? `running, pid ${n.pid}` : 'stopped'} on 127.0.0.1:${n.brokerPort}, log ${n.logFile}`);
      }
      progress(`data: ${status.dataDir}${status.secure ? ' (secure: its users and passwords are in credentials.json there)' : ''}`);
      return status.running ? 0 : 3;
    }
    case 'jars': {
      const { jarsDir, mvn } = defaultConfig(options);
      await ensureJars({ jarsDir, mvn, onProgress: progress });
      progress('jars ready');
      return 0;
    }
  }
}

/** Runs the command line and exits with its code; failures are printed with their fix. */
export function launcherCli(argv: string[], env: NodeJS.ProcessEnv, hooks: LauncherHooks = {}): void {
  runLauncher(argv, env, hooks).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof LauncherUsageError) {
        console.error(`[kafka] ${err.message}`);
        process.exit(2);
      }
      if (err instanceof LauncherError) {
        console.error(`[kafka] ERROR: ${err.message}\n[kafka] FIX: ${err.fix}`);
      } else {
        console.error(`[kafka] ERROR: ${err instanceof Error ? err.message : String(err)}`);
      }
      process.exit(1);
    },
  );
}

if (require.main === module) launcherCli(process.argv.slice(2), process.env);
