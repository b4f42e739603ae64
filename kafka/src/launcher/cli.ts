/**
 * npm run kafka:start [-- --fresh] [--nodes 3] [--port N] [--data DIR]
 * npm run kafka:stop   [-- --nodes 3] [--data DIR]
 * npm run kafka:status [-- --nodes 3] [--data DIR]
 * npm run kafka:jars   (only resolve the jars, e.g. in CI before the network goes away)
 * With KAFKA_BROKERS set, start and stop do nothing: that cluster is someone else's.
 */
import { defaultConfig, type LauncherConfig } from './config';
import { LauncherError } from './errors';
import { ensureJars } from './jars';
import { kafkaStatus, startKafka, stopKafka } from './cluster';

function parseArgs(argv: string[]): { command: string; fresh: boolean; options: Partial<LauncherConfig> } {
  const [command = 'status', ...rest] = argv;
  const options: Partial<LauncherConfig> = {};
  let fresh = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--fresh') fresh = true;
    else if (arg === '--nodes') {
      const n = Number(value());
      if (n !== 1 && n !== 3) throw new Error('--nodes takes 1 or 3');
      options.nodes = n;
    } else if (arg === '--port') options.port = Number(value());
    else if (arg === '--data') options.dataDir = value();
    else throw new Error(`unknown option ${arg}`);
  }
  return { command, fresh, options };
}

const progress = (line: string) => console.log(`[kafka] ${line}`);

async function main(argv: string[]): Promise<number> {
  const { command, fresh, options } = parseArgs(argv);
  const external = process.env.KAFKA_BROKERS;
  switch (command) {
    case 'start':
      if (external) {
        progress(`KAFKA_BROKERS=${external} is set: using that cluster, starting nothing`);
        return 0;
      }
      await startKafka({ ...options, fresh, onProgress: progress });
      return 0;
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
      progress(`data: ${status.dataDir}`);
      return status.running ? 0 : 3;
    }
    case 'jars':
      await ensureJars({ jarsDir: defaultConfig(options).jarsDir, onProgress: progress });
      progress('jars ready');
      return 0;
    default:
      throw new Error(`unknown command "${command}" (start, stop, status, jars)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof LauncherError) {
      console.error(`[kafka] ERROR: ${err.message}\n[kafka] FIX: ${err.fix}`);
    } else {
      console.error(`[kafka] ERROR: ${err instanceof Error ? err.message : String(err)}`);
    }
    process.exit(1);
  },
);
