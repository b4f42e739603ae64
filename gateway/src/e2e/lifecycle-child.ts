/**
 * A child process for the shutdown tests (shutdown.cluster.test.ts) and the stuck service of the circuit breaker's
 * (circuit-breaker.cluster.test.ts): starts part of the system,
 * says `ready` on stdout, and on a `close` line on stdin closes it and says `closed`. It never calls
 * `process.exit`: whether the process then exits by itself is what the tests measure. Messages are JSON lines.
 *
 *   tsx gateway/src/e2e/lifecycle-child.ts system | gateway | service <domain>
 */
import readline from 'node:readline';
import { isDomain, serviceDefinitions } from '@puchi/domains';
import { createBus, silentLogger } from '@puchi/kafka';
import { startDomainService, tempDbPath } from '@puchi/subgraph-kit';
import { loadConfig } from '../config';
import { SUBGRAPH_MODULES } from '../modules';
import { startGateway } from '../server';
import { startTestSystem } from './system';

/** How long after `closed` the child reports what still keeps it alive (on an unref'd timer: it holds nothing itself). */
const REPORT_AFTER_MS = 8000;

export type ChildMessage =
  | { event: 'ready'; url?: string }
  | { event: 'closed'; closeMs: number }
  | { event: 'still-alive'; resources: string[] }
  | { event: 'failed'; error: string };

const say = (message: ChildMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function start(mode: string, arg: string | undefined): Promise<{ url?: string; close(): Promise<void> }> {
  if (mode === 'system') {
    const system = await startTestSystem();
    return { url: system.gateway.url, close: () => system.close() };
  }
  if (mode === 'gateway') {
    const config = { ...loadConfig({}), port: 0, host: '127.0.0.1' };
    const gateway = await startGateway({ modules: SUBGRAPH_MODULES, config, bus: createBus({ clientId: 'lifecycle-gateway', logger: silentLogger }), logger: silentLogger });
    return { url: gateway.url, close: () => gateway.close() };
  }
  if (mode === 'service' && arg && isDomain(arg)) {
    const domain = arg;
    const bus = createBus({ clientId: `lifecycle-${domain}`, logger: silentLogger });
    const service = await startDomainService(serviceDefinitions()[domain], { bus, dbPath: tempDbPath(domain), logger: silentLogger });
    return { close: () => service.close() };
  }
  throw new Error(`usage: lifecycle-child.ts system | gateway | service <domain> (got ${mode} ${arg ?? ''})`);
}

async function main(): Promise<void> {
  const running = await start(process.argv[2] ?? '', process.argv[3]);
  say({ event: 'ready', url: running.url });
  const input = readline.createInterface({ input: process.stdin });
  for await (const line of input) {
    if (line.trim() !== 'close') continue;
    input.close();
    // stdin is a pipe the parent keeps open: stop reading it so it holds nothing either.
    process.stdin.destroy();
    const started = Date.now();
    await running.close();
    say({ event: 'closed', closeMs: Date.now() - started });
    setTimeout(() => say({ event: 'still-alive', resources: process.getActiveResourcesInfo() }), REPORT_AFTER_MS).unref();
    return;
  }
}

main().catch((error: unknown) => {
  say({ event: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
});
