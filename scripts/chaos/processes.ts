/**
 * The chaos run's processes: several instances per domain service (each its own store file and log) and two
 * gateways, each started, killed with SIGKILL and restarted by name. Reuses `scripts/services.ts` for services.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { domainKeySetting } from '@puchi/kafka';
import { DOMAINS, type Domain } from '@puchi/domains';
import { loadConfig } from '@puchi/gateway';
import { dbPathVariable } from '@puchi/subgraph-kit';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from '../services';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const GATEWAY_MAIN = path.join(REPO_ROOT, 'gateway', 'src', 'main.ts');
export const FIRST_GATEWAY_PORT = 30101;

export interface Instance {
  /** `user#2` */
  name: string;
  domain: Domain;
  index: number;
  dbPath: string;
  logDir: string;
  process?: ServiceProcess;
}

export interface Gateway {
  index: number;
  port: number;
  url: string;
  logFile: string;
  child?: ChildProcess;
}

export interface Fleet {
  instances: Instance[];
  gateways: Gateway[];
  env: NodeJS.ProcessEnv;
  workDir: string;
  /** Starts that failed and were tried again (as a supervisor would): a finding for the report, with the log's last lines. */
  startFailures: string[];
}

/** How many instances of each domain: `multi` for the named ones, 1 for the others. */
export function instanceCounts(multi: Partial<Record<Domain, number>>): Record<Domain, number> {
  return Object.fromEntries(DOMAINS.map((d) => [d, multi[d] ?? 1])) as Record<Domain, number>;
}

export function planFleet(counts: Record<Domain, number>, gateways: number, workDir: string, env: NodeJS.ProcessEnv): Fleet {
  const instances: Instance[] = [];
  for (const domain of DOMAINS) {
    for (let index = 1; index <= counts[domain]; index++) {
      const name = `${domain}#${index}`;
      instances.push({ name, domain, index, dbPath: path.join(workDir, 'stores', `${domain}-${index}.sqlite`), logDir: path.join(workDir, 'logs', `${domain}-${index}`) });
    }
  }
  fs.mkdirSync(path.join(workDir, 'stores'), { recursive: true });
  const gws = Array.from({ length: gateways }, (_, i) => ({
    index: i + 1,
    port: FIRST_GATEWAY_PORT + i,
    url: `http://127.0.0.1:${FIRST_GATEWAY_PORT + i}`,
    logFile: path.join(workDir, 'logs', `gateway-${i + 1}.log`),
  }));
  return { instances, gateways: gws, env, workDir, startFailures: [] };
}

function serviceEnv(fleet: Fleet, instance: Instance): NodeJS.ProcessEnv {
  const secret = loadConfig(fleet.env).identity.secret!;
  return {
    ...fleet.env,
    [dbPathVariable(instance.domain)]: instance.dbPath,
    OPS_PORT: '0',
    IDENTITY_VERIFY_KEYS: domainKeySetting(secret, instance.domain),
    HEARTBEAT_INTERVAL_MS: '2000',
  };
}

/** Tries `start` up to `tries` times, recording each failure in `fleet.startFailures`. */
async function supervised(fleet: Fleet, what: string, start: () => Promise<void>, tries = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      fleet.startFailures.push(`${what} (start ${attempt}): ${message}`);
      console.log(`[chaos] WARNING ${what} failed to start (try ${attempt} of ${tries}): ${message.split('\n')[0]}`);
      if (attempt >= tries) throw error;
    }
  }
}

export async function startInstance(fleet: Fleet, instance: Instance): Promise<void> {
  await supervised(fleet, instance.name, async () => {
    instance.process = await startServiceProcess(instance.domain, instance.logDir, serviceEnv(fleet, instance), 120_000);
  });
}

/** Starts every instance, `parallel` at a time (each start costs a core for a few seconds). */
export async function startAllInstances(fleet: Fleet, parallel: number, say: (line: string) => void): Promise<void> {
  const queue = [...fleet.instances];
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const started = Date.now();
        try {
          await startInstance(fleet, next);
          say(`${next.name} started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        } catch (error) {
          errors.push(error);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}

export function isUp(instance: Instance): boolean {
  return instance.process !== undefined && instance.process.child.exitCode === null && instance.process.child.signalCode === null;
}

/** kill -9, and waits until the process is gone. */
export async function killInstance(instance: Instance): Promise<void> {
  const child = instance.process?.child;
  instance.process = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.process) await stopServiceProcess(instance.process, 10_000);
}

function lastLines(file: string, n = 12): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts a gateway process (`gateway/src/main.ts`) on its port and resolves once `/api/health` answers 200. */
export async function startGateway(fleet: Fleet, gateway: Gateway): Promise<void> {
  await supervised(fleet, `gateway#${gateway.index}`, () => startGatewayOnce(fleet, gateway));
}

async function startGatewayOnce(fleet: Fleet, gateway: Gateway, timeoutMs = 90_000): Promise<void> {
  fs.mkdirSync(path.dirname(gateway.logFile), { recursive: true });
  const out = fs.openSync(gateway.logFile, 'a');
  // Rate limiting off: every learner's registration comes from 127.0.0.1, one "client" to the limiter.
  const env = { ...fleet.env, PORT: String(gateway.port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', GATEWAY_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  gateway.child = child;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gateway ${gateway.index} exited (${child.exitCode}) while starting. Last lines of ${gateway.logFile}:\n${lastLines(gateway.logFile)}`);
    if (await answers(gateway.url)) return;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`gateway ${gateway.index} did not answer /api/health within ${timeoutMs} ms; see ${gateway.logFile}`);
}

export async function killGateway(gateway: Gateway): Promise<void> {
  const child = gateway.child;
  gateway.child = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

async function stopGateway(gateway: Gateway): Promise<void> {
  const child = gateway.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Stops every process of the fleet (gateways first, then the services, cleanly). */
export async function stopFleet(fleet: Fleet): Promise<void> {
  await Promise.all(fleet.gateways.map(stopGateway));
  await Promise.all(fleet.instances.map(stopInstance));
}

/** Last resort on an abrupt exit: SIGKILL every child still running. Synchronous, for `process.on('exit')`. */
export function killFleetNow(fleet: Fleet): void {
  for (const g of fleet.gateways) if (g.child && g.child.exitCode === null) g.child.kill('SIGKILL');
  for (const i of fleet.instances) if (i.process && i.process.child.exitCode === null) i.process.child.kill('SIGKILL');
}
