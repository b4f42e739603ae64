import fs from 'node:fs';
import path from 'node:path';
import { DOMAINS, type Domain } from '@puchi/domains';
import { freePort, spawnNode, stopProc, waitUntil, type Proc } from './processes';

export interface KafkaPathOptions {
  /** Environment of every process (KAFKA_BROKERS, NODE_ENV, and whatever a variant changes). */
  env: NodeJS.ProcessEnv;
  /** Stores go to `<workDir>/<storeFolder>`, logs to `<workDir>/logs/<logPrefix>…`. */
  workDir: string;
  storeFolder: string;
  logPrefix: string;
  /** Extra node flags per process name (CPU profiles). */
  nodeFlags?: (name: string) => string[];
  /** Every process started, as soon as it is, so a failing run can still stop it. */
  onStarted?: (proc: Proc) => void;
  log?: (line: string) => void;
  /** More environment for the gateway only (its services need their info lines: "service started"). */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** The domain services to start. Default all eight. */
  domains?: readonly Domain[];
  /** The checkout whose code runs (another revision's worktree, `bench/e2e/revision.ts`). Default this one. */
  root?: string;
}

export interface KafkaPath {
  url: string;
  gateway: Proc;
  services: Proc[];
  stop(): Promise<void>;
}

async function healthy(url: string): Promise<boolean> {
  const res = await fetch(new URL('/api/health', url));
  return res.ok;
}

/** The gateway as a child; its per-user rate limit is off (`RATE_LIMIT_PER_MINUTE=0`): benchmarks measure capacity. */
export async function startGatewayProcess(options: Omit<KafkaPathOptions, 'storeFolder'> & { name: string }): Promise<{ url: string; proc: Proc }> {
  const port = await freePort();
  const proc = spawnNode({
    name: 'gateway',
    script: 'gateway/src/main.ts',
    root: options.root,
    env: { ...options.env, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0' },
    logFile: path.join(options.workDir, 'logs', `${options.name}.log`),
    nodeFlags: options.nodeFlags?.(options.name) ?? [],
  });
  options.onStarted?.(proc);
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitUntil(proc, () => healthy(url));
  return { url, proc };
}

/** The Kafka path: the eight domain services (or `domains`) as processes (each seeds its store once), then the gateway. */
export async function startKafkaPath(options: KafkaPathOptions): Promise<KafkaPath> {
  const dataDir = path.join(options.workDir, options.storeFolder);
  const domains = options.domains ?? DOMAINS;
  options.log?.(`starting ${domains.length === DOMAINS.length ? 'the 8 domain services' : `the ${domains.join(' and ')} services`} (stores in ${dataDir})`);
  const services = domains.map((domain) => {
    const proc = spawnNode({
      name: domain,
      script: 'scripts/dev.ts',
      args: [domain],
      root: options.root,
      // No ops ports unless asked: 8001…8008 may be taken by an `npm start` running next to the bench.
      env: { OPS_PORT: '0', ...options.env, DATA_DIR: dataDir },
      logFile: path.join(options.workDir, 'logs', `${options.logPrefix}${domain}.log`),
      nodeFlags: options.nodeFlags?.(`service-${domain}`) ?? [],
    });
    options.onStarted?.(proc);
    return proc;
  });
  await Promise.all(services.map((s) => waitUntil(s, () => fs.readFileSync(s.logFile!, 'utf8').includes('"msg":"service started"'))));
  const gateway = await startGatewayProcess({ ...options, env: { ...options.env, ...options.gatewayEnv }, name: `${options.logPrefix}gateway-kafka` });
  return {
    url: gateway.url,
    gateway: gateway.proc,
    services,
    stop: async () => {
      await stopProc(gateway.proc);
      await Promise.all(services.map((s) => stopProc(s)));
    },
  };
}
